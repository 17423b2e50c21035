"""Exact matching on NIK, as SQL over sets of NIKs: earlier candidates of the programme, and people already
covered (an active PU employment or an active BPU membership not paid by this programme).

Small sets as parameters (``= ANY(%s)`` on PostgreSQL, chunks of 900 on SQLite); a file's worth of NIKs in
a temporary table joined against the NIK indexes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import polars as pl
from django.db import connection

from sinergi.registry.import_db import SQLITE_IN_CHUNK, _coerce
from sinergi.registry.models import BpuParticipant, Employment, Worker
from sinergi.rentan.models import Candidate

LARGE = 5_000  # above this many keys, stage them in a temporary table and join, instead of parameters


@dataclass(frozen=True)
class KeyTable:
    """A temporary table ``name (k)`` holding a set of keys, for joins (``staged_keys``)."""

    name: str


@contextmanager
def staged_keys(values: Sequence | pl.Series) -> Iterator[KeyTable | pl.Series]:
    """The keys as a temporary table on PostgreSQL when there are many (one COPY, then any number of joins
    against it), else as they are. SQLite answers 900-key IN queries in microseconds in-process; the key
    table pays off on a server."""
    keys = (values if isinstance(values, pl.Series) else pl.Series("k", list(values))).drop_nulls().unique()
    if keys.len() <= LARGE or connection.vendor != "postgresql":
        yield keys
        return
    table = KeyTable(f"rentan_keys_{uuid.uuid4().hex[:12]}")
    kind = "bigint" if keys.dtype.is_integer() else "text"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table.name} (k {kind})")
        try:
            with cursor.cursor.copy(f"COPY {table.name} (k) FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(keys.to_frame("k").write_csv(include_header=False, quote_style="non_numeric"))
            cursor.execute(f"ANALYZE {table.name}")
            yield table
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {table.name}")


def _select_in(sql: str, params: list, values: Sequence | pl.Series | KeyTable,
               schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run ``sql`` with ``{values}`` replaced by a set of keys; ``params`` come before the set. Small sets go
    as parameters (``= ANY`` on PostgreSQL, ``IN`` chunks on SQLite); a large set (a DTKS file's NIKs) is
    joined from a temporary table (``staged_keys``), so a million keys cost one join."""
    rows: list[tuple] = []
    if not isinstance(values, KeyTable):
        with staged_keys(values) as staged:
            if isinstance(staged, KeyTable):
                return _select_in(sql, params, staged, schema)
            values = staged.sort().to_list()
    with connection.cursor() as cursor:
        if isinstance(values, KeyTable):
            cursor.execute(sql.format(values=f"IN (SELECT k FROM {values.name})"), params)  # noqa: S608
            rows = cursor.fetchall()
        elif values and connection.vendor == "postgresql":
            cursor.execute(sql.format(values="= ANY(%s)"), [*params, values])
            rows = cursor.fetchall()
        else:
            for start in range(0, len(values), SQLITE_IN_CHUNK):
                chunk = values[start : start + SQLITE_IN_CHUNK]
                cursor.execute(sql.format(values=f"IN ({', '.join(['%s'] * len(chunk))})"), [*params, *chunk])
                rows.extend(cursor.fetchall())
    if not rows:
        return pl.DataFrame(schema=schema)
    frame = pl.DataFrame(rows, schema=list(schema), orient="row", infer_schema_length=None)
    return frame.with_columns(_coerce(name, frame.schema[name], dtype) for name, dtype in schema.items())


def programme_niks(*, programme_id: int, niks: Sequence[str] | pl.Series | KeyTable) -> pl.DataFrame:
    """``nik``, ``id`` of the programme's candidates with one of ``niks`` that are not invalid."""
    table = Candidate._meta.db_table
    sql = (f"SELECT nik, id FROM {table} WHERE programme_id = %s AND status <> %s "  # noqa: S608
           "AND nik {values}")
    return _select_in(sql, [programme_id, Candidate.Status.INVALID], niks, {"nik": pl.String, "id": pl.Int64})


def participant_niks(*, niks: Sequence[str] | pl.Series | KeyTable, on: dt.date, programme_code: str) -> set[str]:
    """NIKs of workers covered on ``on``: an employment (PU) not ended before it, or a BPU membership not ended
    before it that this programme does not pay (its own enrolled people are candidates already)."""
    worker, employment, bpu = (m._meta.db_table for m in (Worker, Employment, BpuParticipant))
    sql = (
        f"SELECT w.nik FROM {worker} w WHERE ("  # noqa: S608
        f"EXISTS (SELECT 1 FROM {employment} e WHERE e.worker_id = w.id AND (e.end_date IS NULL OR e.end_date >= %s)) "
        f"OR EXISTS (SELECT 1 FROM {bpu} b WHERE b.worker_id = w.id AND (b.end_date IS NULL OR b.end_date >= %s) "
        "AND b.programme_code <> %s)) AND w.nik {values}"
    )
    day = connection.ops.adapt_datefield_value(on)
    found = _select_in(sql, [day, day, programme_code], niks, {"nik": pl.String})
    return set(found.get_column("nik").to_list())
