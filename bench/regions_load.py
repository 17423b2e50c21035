#!/usr/bin/env python3
"""Benchmark the region load: Sinergi's loader against the limit and the floor, measured in the same run.

- sinergi_s: `regions_load()` into an empty table (91,599 rows: provinces to villages).
- second_load_s: the same load again (idempotent: reads and compares, writes nothing).
- raw_sql_s: the limit — the same rows written by one plain executemany INSERT (COPY on PostgreSQL).
- orm_loop_s_extrapolated: the floor — `Region.objects.create()` per row on a sample, extrapolated.

Runs in a throw-away test database (SQLite file, or `test_<name>` on the server of DATABASE_URL), so it
never touches real data. Usage: python bench/regions_load.py [--sample 2000] --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SINERGI_TESTING", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SINERGI_SQLITE_PATH", str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

if connection.vendor == "postgresql":
    # A database of its own per run: never another run's, never a real one.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_sinergi_{os.getpid()}"

from sinergi.regions.loader import iter_source_rows, regions_load  # noqa: E402
from sinergi.regions.models import Region  # noqa: E402


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM orgs_orgunit_jurisdiction")
        cursor.execute("UPDATE orgs_orgunit SET region_id = NULL")
        cursor.execute("DELETE FROM regions_region")


def raw_insert(rows) -> float:
    data = [(code, level, kind, parent, name, name.lower(), True) for code, level, kind, parent, name in rows]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                "COPY regions_region (code, level, kind, parent_id, name, name_search, is_current) FROM STDIN"
            ) as copy:
                for row in data:
                    copy.write_row(row)
        else:
            cursor.executemany(
                "INSERT INTO regions_region (code, level, kind, parent_id, name, name_search, is_current) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)", data)
    return time.perf_counter() - started


def orm_loop(rows, sample: int) -> float:
    started = time.perf_counter()
    with transaction.atomic():
        for code, level, kind, parent, name in rows[:sample]:
            Region.objects.create(code=code, level=level, kind=kind, parent_id=parent, name=name,
                                  name_search=name.lower())
    return (time.perf_counter() - started) * len(rows) / sample


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=2000, help="rows for the ORM-loop floor")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        rows = list(iter_source_rows())
        clear()
        started = time.perf_counter()
        result = regions_load()
        sinergi_s = time.perf_counter() - started
        started = time.perf_counter()
        again = regions_load()
        second_s = time.perf_counter() - started
        clear()
        raw_s = raw_insert(rows)
        clear()
        orm_s = orm_loop(rows, args.sample)
        clear()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    figures = {
        "rows": len(rows),
        "villages": result.by_level.get(4, 0),
        "sinergi_s": round(sinergi_s, 3),
        "second_load_s": round(second_s, 3),
        "second_load_writes": again.inserted + again.updated + again.retired,
        "raw_sql_s": round(raw_s, 3),
        "orm_loop_s_extrapolated": round(orm_s, 2),
        "ratio_vs_raw": round(sinergi_s / raw_s, 2),
        "ratio_vs_orm": round(orm_s / sinergi_s, 1),
        "database": connection.vendor,
    }
    print(json.dumps(figures, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
