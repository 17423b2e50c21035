#!/usr/bin/env python3
"""Benchmark the region load: Sinergi's loader against the limit and the floor, measured in the same run.

- sinergi_s: `regions_load()` into an empty table (91,599 rows: provinces to villages).
- second_load_s: the same load again (idempotent: reads and compares, writes nothing).
- raw_sql_s: the limit — the same rows written by one plain executemany INSERT (COPY on PostgreSQL).
- orm_loop_s_extrapolated: the floor — `Region.objects.create()` per row on a sample, extrapolated.

Runs in a throw-away test database (SQLite, or `bench_sinergi_<pid>` on the server of DATABASE_URL), so it
never touches real data. Usage: python bench/regions_load.py [--sample 2000] --json
"""

from __future__ import annotations

import sys
import time

from _harness import bench_parser, figures_print, throwaway_database, timed
from django.db import connection, transaction

from sinergi.regions.loader import iter_source_rows, regions_load
from sinergi.regions.models import Region


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
    parser = bench_parser(__doc__)
    parser.add_argument("--sample", type=int, default=2000, help="rows for the ORM-loop floor")
    args = parser.parse_args()

    with throwaway_database():
        rows = list(iter_source_rows())
        clear()
        sinergi_s, result = timed(regions_load)
        second_s, again = timed(regions_load)
        clear()
        raw_s = raw_insert(rows)
        clear()
        orm_s = orm_loop(rows, args.sample)
        clear()

    return figures_print({
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
    }, args)


if __name__ == "__main__":
    sys.exit(main())
