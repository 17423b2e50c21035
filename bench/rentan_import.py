#!/usr/bin/env python3
"""Benchmark the DTKS import: Sinergi's pipeline against a raw COPY (the limit) and django-import-export (the
usual way), on the same generated rows.

- sinergi_s: ``rentan_import`` of a generated DTKS file (``generator.BENCH_MIX``: a tenth of the rows with a
  planted problem) into Kukar's programme, end to end: read, validate, exact matching in SQL, probable
  duplicates with Splink, write (COPY on PostgreSQL, executemany on SQLite), the per-row XLSX report.
  ``stages`` splits it.
- copy_s: the rows Sinergi wrote, already parsed, written again by one raw COPY (PostgreSQL, CSV streamed from
  polars) or executemany (SQLite) into the same table, ``rentan_candidate``.
- import_export_s_extrapolated: django-import-export's default ``ModelResource`` for ``Candidate`` importing
  the same rows (``--sample`` of them, default 10.000), extrapolated linearly to ``--rows``.

Runs in a throw-away database (a temporary SQLite file, or ``bench_sinergi_<pid>`` on the server of
DATABASE_URL). Usage: python bench/rentan_import.py --rows 90000 [--format csv|xlsx] [--sample 10000] --json
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from decimal import Decimal

os.environ.setdefault("SINERGI_VAR_DIR", tempfile.mkdtemp(prefix="sinergi-bench-var-"))

import polars as pl  # noqa: E402
from _harness import WORKDIR, bench_parser, figures_print, reference_load, throwaway_database, timed  # noqa: E402
from django.db import connection, transaction  # noqa: E402

COLUMNS = ["programme_id", "batch_id", "row_number", "nik", "no_kk", "name", "birth_date", "sex", "address",
           "village_code", "occupation", "category", "desil", "phone", "extra", "status", "reasons",
           "duplicate_of_id", "opd_id", "verification", "verification_reason", "corrections"]


def kukar():
    from sinergi.orgs.models import OrgUnit
    from sinergi.regions.models import Region
    from sinergi.rentan.programmes.services import BudgetLineSpec, programme_create

    reference_load(orgs=True)
    return programme_create(
        code="KUKAR-2025", name="Pekerja Rentan Kukar 2025", pemda=OrgUnit.objects.get(code="pemkab-kukar"),
        region=Region.objects.get(code="64.02"), legal_basis_type="perda", legal_basis_number="3",
        legal_basis_year=2024, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 1), quota=60_000,
        budget_lines=[BudgetLineSpec("apbd", "JKK", "5.1.02.99.1", "Iuran JKK", Decimal("7000000000")),
                      BudgetLineSpec("apbd", "JKM", "5.1.02.99.2", "Iuran JKM", Decimal("3000000000"))])


def written_rows(batch_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM rentan_candidate WHERE batch_id = %s "  # noqa: S608
                       "ORDER BY row_number", [batch_id])
        return cursor.fetchall()


def clear(batch_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM rentan_duplicatepair")
        cursor.execute("DELETE FROM rentan_candidate WHERE batch_id = %s", [batch_id])


def raw_copy(rows: list[tuple]) -> float:
    """The limit: the same rows, already parsed, in one COPY (CSV streamed from polars, as Sinergi writes) on
    PostgreSQL or one executemany on SQLite."""
    from sinergi.rentan.imports.db import write_frame

    rows = [tuple(json.dumps(v) if isinstance(v, dict) else v for v in row) for row in rows]
    frame = pl.DataFrame(rows, schema=COLUMNS, orient="row", infer_schema_length=None)
    started = time.perf_counter()
    with transaction.atomic():
        write_frame("rentan_candidate", COLUMNS, frame)
    return time.perf_counter() - started


def import_export(rows: list[tuple], sample: int, total: int) -> float:
    import tablib
    from import_export import resources

    from sinergi.rentan.models import Candidate

    class CandidateResource(resources.ModelResource):
        class Meta:
            model = Candidate

    headers = [c.removesuffix("_id") if c.endswith("_id") else c for c in COLUMNS]
    dataset = tablib.Dataset(headers=headers)
    for row in rows[:sample]:
        dataset.append([json.dumps(v) if isinstance(v, dict) else v for v in row])
    started = time.perf_counter()
    result = CandidateResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - started
    if result.totals["new"] != len(dataset):
        raise SystemExit(f"django-import-export wrote {result.totals['new']} of {len(dataset)} rows")
    return elapsed * total / len(dataset)


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--rows", type=int, default=90_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--sample", type=int, default=10_000, help="rows for django-import-export")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    from sinergi.rentan.imports.generator import dtks_generate
    from sinergi.rentan.imports.services import rentan_import

    with throwaway_database():
        programme = kukar()
        made = dtks_generate(path=WORKDIR / f"dtks.{args.format}", rows=args.rows, seed=args.seed, fmt=args.format)
        sinergi_s, batch = timed(lambda: rentan_import(programme=programme, path=made.path,
                                                       file_name=made.path.name, actor=None))
        if batch.counts.get("rows") != args.rows:
            raise SystemExit(f"import read {batch.counts.get('rows')} of {args.rows} rows: {batch.refusal}")
        # The baseline writes the same rows without the links between them (those point at ids of this run).
        dup = COLUMNS.index("duplicate_of_id")
        rows = [(*row[:dup], None, *row[dup + 1:]) for row in written_rows(batch.pk)]
        clear(batch.pk)
        copy_s = raw_copy(rows)
        clear(batch.pk)
        ie_s = import_export(rows, min(args.sample, args.rows), args.rows)
        clear(batch.pk)

    return figures_print({
        "rows": args.rows,
        "format": args.format,
        "sinergi_s": round(sinergi_s, 3),
        "copy_s": round(copy_s, 3),
        "import_export_s_extrapolated": round(ie_s, 1),
        "ratio_vs_copy": round(sinergi_s / copy_s, 2),
        "ratio_vs_import_export": round(ie_s / sinergi_s, 1),
        "database": connection.vendor,
        "stages": batch.counts.get("stages", {}),
        "statuses": {k: batch.counts.get(k) for k in ("valid", "invalid", "duplicate_in_file",
                                                      "duplicate_in_programme", "already_participant", "review")},
    }, args)


if __name__ == "__main__":
    sys.exit(main())
