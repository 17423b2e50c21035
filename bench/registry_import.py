#!/usr/bin/env python3
"""Benchmark the registry import: Sinergi's import of a workers file against the limit and the floor.

- sinergi_s: `registry_import(kind="workers")` of a generated file (valid NIKs, KPJ, names, birth dates in
  three spellings, sex, region codes) into an empty table: read, validate (NIK plausibility per value),
  look up regions and KPJs, write, report.
- second_import_s: the same file again (idempotent: reads, validates, compares, writes nothing).
- raw_sql_s: the limit — the same rows, already parsed, written by one plain executemany INSERT (COPY on
  PostgreSQL).
- orm_loop_s_extrapolated: the floor — `Worker.objects.create()` per row on a sample, extrapolated.

Runs in a throw-away test database (SQLite file, or `bench_sinergi_<pid>` on the server of DATABASE_URL), so it
never touches real data nor another run's test database.
Usage: python bench/registry_import.py --rows 100000 [--format csv|xlsx] --json
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import random
import sys
import time
from pathlib import Path

import polars as pl
import xlsxwriter
from _harness import WORKDIR, bench_parser, figures_print, reference_database, timed
from django.db import connection, transaction

from sinergi import clock
from sinergi.regions.loader import DATA_DIR
from sinergi.registry.imports import registry_import
from sinergi.registry.models import Worker

FIRST = ["Siti", "Budi", "Agus", "Dewi", "Rahmat", "Nur", "Joko", "Rina", "Yusuf", "Maria", "Andi", "Fitri"]
LAST = ["Santoso", "Rahmawati", "Salim", "Hidayat", "Lestari", "Pratama", "Saputra", "Wulandari", "Siregar"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def districts() -> list[str]:
    """The districts of East and North Kalimantan (provinces 64 and 65): where the Kanwil's workers live."""
    with gzip.open(DATA_DIR / "districts.csv.gz", "rt", encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle) if row["code"][:2] in {"64", "65"}]


def generate(rows: int, seed: int = 2025) -> list[tuple]:
    """(nik, kpj, name, birth_date, sex, region) with plausible NIKs, unique by a sequence per district."""
    rng = random.Random(seed)
    places = districts()
    if rows > len(places) * 9999:
        raise SystemExit(f"at most {len(places) * 9999} unique NIKs from {len(places)} districts")
    out = []
    for n in range(rows):
        district = places[n % len(places)]
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
        female = rng.random() < 0.45
        day = born.day + (40 if female else 0)
        nik = f"{district.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{n // len(places) + 1:04d}"
        out.append((nik, f"{10_000_000_000 + n:011d}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", born,
                    "F" if female else "M", district))
    return out


def write_file(data: list[tuple], fmt: str) -> Path:
    header = ["NIK", "KPJ", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "KODE_WILAYAH"]

    def spelled(born: dt.date, n: int) -> str:
        return (born.strftime("%d/%m/%Y"), born.isoformat(), f"{born.day} {MONTHS[born.month - 1]} {born.year}")[n % 3]

    cells = [(nik, kpj, name, spelled(born, n), "P" if sex == "F" else "L", region)
             for n, (nik, kpj, name, born, sex, region) in enumerate(data)]
    if fmt == "csv":
        path = WORKDIR / "tenaga-kerja.csv"
        pl.DataFrame(cells, schema=header, orient="row").write_csv(path, separator=";")
        return path
    path = WORKDIR / "tenaga-kerja.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, header)
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    workbook.close()
    return path


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_worker")


def raw_insert(data: list[tuple]) -> float:
    now = connection.ops.adapt_datetimefield_value(clock.now())
    rows = [(*row, now) for row in data]
    columns = "(nik, kpj, name, birth_date, sex, region_id, created_at)"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY registry_worker {columns} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO registry_worker {columns} VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
    return time.perf_counter() - started


def orm_loop(data: list[tuple], sample: int) -> float:
    sample = min(sample, len(data))
    started = time.perf_counter()
    with transaction.atomic():
        for nik, kpj, name, born, sex, region in data[:sample]:
            Worker.objects.create(nik=nik, kpj=kpj, name=name, birth_date=born, sex=sex, region_id=region)
    return (time.perf_counter() - started) * len(data) / sample


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--sample", type=int, default=5000, help="rows for the ORM-loop floor")
    args = parser.parse_args()

    with reference_database(sqlite_file=True):
        data = generate(args.rows)
        path = write_file(data, args.format)
        sinergi_s, result = timed(lambda: registry_import(path=path, kind="workers", actor=None))
        if result.inserted != args.rows:
            raise SystemExit(f"import wrote {result.inserted} of {args.rows} rows: {result.message} {result.errors[:3]}")
        second_s, again = timed(lambda: registry_import(path=path, kind="workers", actor=None))
        clear()
        raw_s = raw_insert(data)
        clear()
        orm_s = orm_loop(data, args.sample)
        clear()

    return figures_print({
        "rows": args.rows,
        "format": args.format,
        "file_mb": round(path.stat().st_size / 1024 / 1024, 1),
        "sinergi_s": round(sinergi_s, 3),
        "second_import_s": round(second_s, 3),
        "second_import_writes": again.inserted + again.updated,
        "raw_sql_s": round(raw_s, 3),
        "orm_loop_s_extrapolated": round(orm_s, 2),
        "ratio_vs_raw": round(sinergi_s / raw_s, 2),
        "ratio_vs_orm": round(orm_s / sinergi_s, 1),
        "database": connection.vendor,
    }, args)


if __name__ == "__main__":
    sys.exit(main())
