"""Set-wise, idempotent load of the bundled region lists.

The data ships inside the package (``data/*.csv.gz``, from the npm package idn-area-data 4.0.1, ODbL 1.0;
see NOTICE). A load reads the four files, compares them with the table in one query, and writes only what
is new or changed, so a second load writes nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from sinergi.regions.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE = "Kepmendagri 300.2.2-2138 Tahun 2025, via idn-area-data 4.0.1 (ODbL 1.0)"
FILES = (
    ("provinces.csv.gz", Region.Level.PROVINCE, None),
    ("regencies.csv.gz", Region.Level.REGENCY, "province_code"),
    ("districts.csv.gz", Region.Level.DISTRICT, "regency_code"),
    ("villages.csv.gz", Region.Level.VILLAGE, "district_code"),
)
BATCH = 5000


@dataclass(frozen=True)
class LoadResult:
    read: int
    inserted: int
    updated: int
    retired: int
    by_level: dict[int, int]

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "retired": self.retired,
            "provinces": self.by_level.get(1, 0),
            "regencies": self.by_level.get(2, 0),
            "districts": self.by_level.get(3, 0),
            "villages": self.by_level.get(4, 0),
        }


def kind_for(level: int, code: str, name: str) -> str:
    if level == Region.Level.PROVINCE:
        return Region.Kind.PROVINSI
    if level == Region.Level.REGENCY:
        # Permendagri 58/2021: regency codes 01–69 are kabupaten, 71–99 kota.
        return Region.Kind.KOTA if int(code[3:5]) >= 71 else Region.Kind.KABUPATEN
    if level == Region.Level.DISTRICT:
        return Region.Kind.KECAMATAN
    first = code[9:10]
    return {"1": Region.Kind.KELURAHAN, "2": Region.Kind.DESA, "3": Region.Kind.DESA_ADAT}.get(first, Region.Kind.DESA)


def iter_source_rows(data_dir: Path = DATA_DIR) -> Iterator[tuple[str, int, str, str | None, str]]:
    """Yield ``(code, level, kind, parent_code, name)`` from the bundled files, parents before children."""
    for filename, level, parent_column in FILES:
        with gzip.open(data_dir / filename, "rb") as raw:
            reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
            for row in reader:
                code = row["code"].strip()
                name = row["name"].strip()
                parent = row[parent_column].strip() if parent_column else None
                yield code, int(level), kind_for(level, code, name), parent, name


def regions_load(*, progress: Callable[[int, int], None] | None = None) -> LoadResult:
    """Load every region; insert the new codes, update the changed ones, mark the vanished ones retired.

    Atomic: a failure part-way leaves the table as it was.
    """
    source = list(iter_source_rows())
    total = len(source)
    table = Region._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT code, level, kind, parent_id, name, is_current FROM {table}")  # noqa: S608
            existing = {row[0]: row[1:] for row in cursor.fetchall()}
        inserts, updates = [], []
        by_level: dict[int, int] = {}
        for code, level, kind, parent, name in source:
            by_level[level] = by_level.get(level, 0) + 1
            row = (level, kind, parent, name, True)
            have = existing.pop(code, None)
            if have is None:
                inserts.append((code, level, kind, parent, name, name.lower(), True))
            elif tuple(have) != row:
                updates.append((level, kind, parent, name, name.lower(), True, code))
        retired = [(code,) for code, have in existing.items() if have[4]]
        done = 0
        columns = "(code, level, kind, parent_id, name, name_search, is_current)"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and inserts:
                # COPY is the fastest way in; rows go parents first, so the foreign key holds throughout.
                with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                    for start in range(0, len(inserts), BATCH):
                        for row in inserts[start : start + BATCH]:
                            copy.write_row(row)
                        done = min(len(inserts), start + BATCH)
                        if progress:
                            progress(done, total)
            else:
                for start in range(0, len(inserts), BATCH):
                    chunk = inserts[start : start + BATCH]
                    cursor.executemany(
                        f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                        chunk,
                    )
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            if updates:
                cursor.executemany(
                    f"UPDATE {table} SET level=%s, kind=%s, parent_id=%s, name=%s, name_search=%s, "  # noqa: S608
                    "is_current=%s WHERE code=%s",
                    updates,
                )
            if retired:
                cursor.executemany(f"UPDATE {table} SET is_current=%s WHERE code=%s", [(False, c) for (c,) in retired])  # noqa: S608
        if progress:
            progress(total, total)
    return LoadResult(read=total, inserted=len(inserts), updated=len(updates), retired=len(retired), by_level=by_level)
