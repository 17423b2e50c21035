"""Writing a frame into a table as fast as each database takes it, with ids known before the write.

PostgreSQL: ``COPY … FROM STDIN (FORMAT csv)`` fed with CSV that polars writes in native code, in chunks —
no Python work per row. Every text value is quoted, so only the unquoted ``\\N`` is NULL and a name that
happens to read ``\\N`` stays text. SQLite: batched ``executemany`` (``registry.import_db.insert_rows``).

``reserve_ids`` hands out a table's next ids before its rows are written, so rows that point at each other
(a duplicate at its first occurrence) are written with their links in one pass, with no UPDATE afterwards.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import polars as pl
from django.db import connection

from sinergi.registry.import_db import insert_rows

COPY_CHUNK = 200_000  # rows per CSV buffer: bounded memory for a million-row file


def write_frame(table: str, columns: Sequence[str], frame: pl.DataFrame) -> int:
    """Insert every row of ``frame`` (its columns in the order of ``columns``) into ``table``."""
    if frame.is_empty():
        return 0
    if connection.vendor != "postgresql":
        return insert_rows(table, columns, frame.select(columns))
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {q(table)} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
            for chunk in frame.select(columns).iter_slices(COPY_CHUNK):
                copy.write(chunk.write_csv(include_header=False, null_value="\\N", quote_style="non_numeric"))
    return frame.height


def reserve_ids(table: str, count: int) -> pl.Series:
    """``count`` new ids for ``table``'s ``id`` column, ascending, that no other writer will receive.

    PostgreSQL: ``nextval`` of the column's identity sequence, once per id in one statement (concurrent
    writers interleave but never share a value), read back through ``COPY … TO STDOUT``. SQLite: the ids after
    the table's ``AUTOINCREMENT`` counter; the caller must already hold the write lock (an ``atomic`` block:
    Sinergi's SQLite transactions are ``IMMEDIATE``), and inserting them moves the counter past them."""
    if count <= 0:
        return pl.Series("id", [], dtype=pl.Int64)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            buffer = io.BytesIO()
            with cursor.cursor.copy("COPY (SELECT nextval(%s::regclass) FROM generate_series(1, %s)) TO STDOUT",
                                    [sequence, count]) as copy:
                for block in copy:
                    buffer.write(block)
            ids = pl.read_csv(buffer.getvalue(), has_header=False, new_columns=["id"],
                              schema_overrides={"id": pl.Int64}).get_column("id")
            return ids.sort()
        q = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({q('id')}), 0) FROM {q(table)}")  # noqa: S608
        last = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(last, row[0] if row else 0) + 1
    return pl.int_range(start, start + count, dtype=pl.Int64, eager=True).alias("id")
