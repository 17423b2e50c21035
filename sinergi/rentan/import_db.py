"""Writing a frame into a table as fast as each database takes it.

PostgreSQL: ``COPY … FROM STDIN (FORMAT csv)`` fed with CSV that polars writes in native code, in chunks —
no Python work per row. Every text value is quoted, so only the unquoted ``\\N`` is NULL and a name that
happens to read ``\\N`` stays text. SQLite: batched ``executemany`` (``registry.import_db.insert_rows``).
"""

from __future__ import annotations

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
