"""Set-wise reads and writes for imports: fetch by a set of keys, insert by COPY or executemany, update by
executemany. Raw SQL with ``%s`` parameters through Django's cursor, vendor differences behind
``connection.vendor`` (see docs/architecture.md, "Two databases")."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl
from django.db import connection

BATCH = 5000
SQLITE_IN_CHUNK = 900  # below SQLite's oldest limit of 999 variables per statement


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def fetch_where_in(select_sql: str, column: str, values: Sequence, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows of ``select_sql + " WHERE <column> IN values"`` as a frame with ``schema`` (one query on
    PostgreSQL with ``= ANY``, chunks on SQLite)."""
    values = list(values)
    rows: list[tuple] = []
    if values:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"{select_sql} WHERE {column} = ANY(%s)", [values])
                rows = cursor.fetchall()
            else:
                for start in range(0, len(values), SQLITE_IN_CHUNK):
                    chunk = values[start : start + SQLITE_IN_CHUNK]
                    cursor.execute(f"{select_sql} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk)
                    rows.extend(cursor.fetchall())
    if not rows:
        return pl.DataFrame(schema=schema)
    frame = pl.DataFrame(rows, schema=list(schema), orient="row", infer_schema_length=None)
    return frame.with_columns(_coerce(name, frame.schema[name], dtype) for name, dtype in schema.items())


def _coerce(name: str, have: pl.DataType, want: pl.DataType) -> pl.Expr:
    column = pl.col(name)
    if have == pl.String and want == pl.Date:
        return column.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    return column.cast(want, strict=False)


def insert_rows(table: str, columns: Sequence[str], frame: pl.DataFrame,
                progress: Callable[[int], None] | None = None) -> int:
    """Insert every row of ``frame`` (its columns in the order of ``columns``): COPY on PostgreSQL,
    batched executemany elsewhere."""
    if frame.is_empty():
        return 0
    names = ", ".join(_q(c) for c in columns)
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_q(table)} ({names}) FROM STDIN") as copy:
                for chunk in frame.iter_slices(BATCH):
                    for row in chunk.iter_rows():
                        copy.write_row(row)
                    done += chunk.height
                    if progress:
                        progress(done)
        else:
            sql = f"INSERT INTO {_q(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
            for chunk in frame.iter_slices(BATCH):
                cursor.executemany(sql, chunk.rows())
                done += chunk.height
                if progress:
                    progress(done)
    return done


def update_rows(table: str, columns: Sequence[str], frame: pl.DataFrame) -> int:
    """``UPDATE table SET columns… WHERE id = …`` for every row of ``frame`` (columns…, then id)."""
    if frame.is_empty():
        return 0
    assignments = ", ".join(f"{_q(c)} = %s" for c in columns)
    sql = f"UPDATE {_q(table)} SET {assignments} WHERE {_q('id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in frame.iter_slices(BATCH):
            cursor.executemany(sql, chunk.rows())
    return frame.height
