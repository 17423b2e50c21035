"""Exact matching on NIK, as SQL over sets of NIKs: earlier candidates of the programme, and people already
covered (an active PU employment or an active BPU membership not paid by this programme).

One query per set on PostgreSQL (``= ANY(%s)`` uses the NIK indexes), chunks of 900 on SQLite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
from django.db import connection

from sinergi.registry.import_db import SQLITE_IN_CHUNK, _coerce
from sinergi.registry.models import BpuParticipant, Employment, Worker
from sinergi.rentan.models import Candidate


def _select_in(sql: str, params: list, values: Sequence[str], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run ``sql`` with ``{values}`` replaced by the NIK set (``= ANY`` on PostgreSQL, ``IN`` chunks on
    SQLite); ``params`` come before the set."""
    values = sorted(set(values))
    rows: list[tuple] = []
    if values:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
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


def programme_niks(*, programme_id: int, niks: Sequence[str]) -> pl.DataFrame:
    """``nik``, ``id`` of the programme's candidates with one of ``niks`` that are not invalid."""
    table = Candidate._meta.db_table
    sql = (f"SELECT nik, id FROM {table} WHERE programme_id = %s AND status <> %s "  # noqa: S608
           "AND nik {values}")
    return _select_in(sql, [programme_id, Candidate.Status.INVALID], niks, {"nik": pl.String, "id": pl.Int64})


def participant_niks(*, niks: Sequence[str], on: dt.date, programme_code: str) -> set[str]:
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
