#!/usr/bin/env python3
"""Benchmark the enforcement reports on demo-size data: the monev report and the arrears exchange.

Builds the demo ledger (``sinergi.demo.receivables``, ``--scale small``: about 2.000 employers and 36
months of bills and payments; ``region``: 50.000) in a throw-away database (SQLite, or
``bench_sinergi_<pid>`` on DATABASE_URL), plants ``--skk`` SKKs over the Kejari of NTT on the Kupang
employers (bulk insert; statuses and legacy realised amounts drawn from a seeded RNG), then times:

- ``monev_s``: ``reports.monev_report`` for NTT and the SKKs' year (realised through
  ``recoveries.with_realised``), against ``monev_sql_baseline_s``: one hand-written GROUP BY with a
  correlated payment sum (the same figures, no scoping, no obstacle breakdown) — the floor;
- ``exchange_s``: ``reports.exchange_build`` for the system (every employer in arrears, with denda by the
  rules' penalty computation and the last payment), ``exchange_rina_s`` for Kejari Kota Kupang (jurisdiction
  scoping), ``exchange_csv_s`` writing the CSV, against ``exchange_sql_baseline_s``: one SQL join of the
  stored positions and the last payment — without denda, which is where the time of the real one goes.

Usage: python bench/enforcement_reports.py [--scale small|region] [--skk 131] [--json]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal

from _harness import bench_parser, figures_print, reference_load, throwaway_database, timed
from django.db import connection

YEAR = 2024


def plant_skks(count: int) -> int:
    from sinergi.enforcement.models import Skk
    from sinergi.orgs.models import OrgUnit
    from sinergi.registry.models import Employer

    rng = random.Random(131)
    kupang = OrgUnit.objects.get(code="bpjs-cabang-kupang")
    kejari = list(OrgUnit.objects.filter(kind="kejari", region__code__startswith="53.").order_by("code"))
    employers = list(Employer.objects.filter(branch=kupang).values_list("pk", flat=True).order_by("pk"))
    statuses = ["settled"] * 5 + ["negotiation", "commitment", "summoned"] * 1 + ["failed", "returned"]
    rows = []
    for index in range(count):
        principal = Decimal(rng.randrange(5_000_000, 40_000_000, 1000))
        status = rng.choice(statuses)
        realised = principal if status == "settled" else (principal * Decimal(rng.randint(0, 60)) / 100).quantize(1)
        rows.append(Skk(employer_id=employers[index % len(employers)], branch=kupang, kejari=rng.choice(kejari),
                        number=f"SKK/BENCH/{YEAR}/{index:05d}", dated=dt.date(YEAR, rng.randint(1, 12), 1),
                        principal=principal, penalty=0, amount=principal, status=status, legacy=True,
                        legacy_realised=realised, obstacle="refuses" if status == "failed" else "",
                        settled_on=dt.date(YEAR, 12, 31) if status == "settled" else None))
    Skk.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def monev_baseline(province: str) -> tuple[int, int, int]:
    sql = (
        "SELECT COUNT(*), SUM(s.amount), SUM(CASE WHEN s.legacy_realised + COALESCE((SELECT SUM(p.amount) "
        "FROM receivables_payment p WHERE p.employer_id = s.employer_id AND p.status = 'posted' "
        "AND p.paid_on >= s.dated), 0) > s.amount THEN s.amount ELSE s.legacy_realised + COALESCE(("
        "SELECT SUM(p.amount) FROM receivables_payment p WHERE p.employer_id = s.employer_id "
        "AND p.status = 'posted' AND p.paid_on >= s.dated), 0) END) "
        "FROM enforcement_skk s JOIN orgs_orgunit k ON k.id = s.kejari_id "
        "WHERE k.region_id LIKE %s AND s.dated BETWEEN %s AND %s GROUP BY s.kejari_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [province + ".%", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)])
        rows = cursor.fetchall()
    return sum(r[0] for r in rows), sum(int(r[1]) for r in rows), sum(int(r[2]) for r in rows)


def exchange_baseline() -> int:
    sql = (
        "SELECT e.npp, e.name, e.address, e.region_id, s.months_overdue, s.arrears, "
        "(SELECT MAX(p.paid_on) FROM receivables_payment p WHERE p.employer_id = e.id AND p.status = 'posted') "
        "FROM receivables_employersummary s JOIN registry_employer e ON e.id = s.employer_id "
        "WHERE s.arrears > 0 ORDER BY e.npp"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return len(cursor.fetchall())


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--scale", choices=["tiny", "small", "region"], default="small")
    parser.add_argument("--skk", type=int, default=131)
    args = parser.parse_args()

    with throwaway_database():
        from sinergi.demo.receivables import demo_receivables
        from sinergi.demo.setup import DemoOptions
        from sinergi.enforcement.reports.exports import exchange_csv
        from sinergi.enforcement.reports.selectors import Period, exchange_build, monev_report
        from sinergi.orgs.models import OrgUnit, User
        from sinergi.orgs.roles import R
        from sinergi.orgs.services import user_create

        def generate() -> int:
            reference_load(orgs=True)
            demo_receivables(DemoOptions(scale=args.scale, seed=2025), lambda _m: None)
            return plant_skks(args.skk)

        generate_s, skks = timed(generate)
        rina = user_create(username="bench.rina", org_unit=OrgUnit.objects.get(code="kejari-kota-kupang"),
                           roles=[R.PROSECUTOR], password="bench-pass-2025x", actor=None, validate=False)
        rina = User.objects.get(pk=rina.pk)

        monev_s, report = timed(lambda: monev_report(user=None, province="53", period=Period.year(YEAR)), repeat=3)
        baseline_s, (count, potential, realised) = timed(lambda: monev_baseline("53"), repeat=3)
        assert report.total.skk == count and int(report.total.potential) == potential
        exchange_s, exchange = timed(lambda: exchange_build(user=None), repeat=2)
        rina_s, rina_rows = timed(lambda: exchange_build(user=rina), repeat=2)
        csv_s, content = timed(lambda: exchange_csv(exchange.rows), repeat=3)
        exchange_sql_s, baseline_rows = timed(exchange_baseline, repeat=3)
        assert baseline_rows == len(exchange.rows)

    return figures_print({
        "scale": args.scale, "skk": skks, "database": connection.vendor, "generate_s": round(generate_s, 1),
        "monev_s": round(monev_s, 4), "monev_sql_baseline_s": round(baseline_s, 4),
        "monev_total": {"skk": report.total.skk, "potential": int(report.total.potential),
                        "realised": int(report.total.realised),
                        "realisation_pct": str(report.total.realisation_pct)},
        "monev_baseline_realised": realised,
        "exchange_rows": len(exchange.rows), "exchange_s": round(exchange_s, 3),
        "exchange_rina_rows": len(rina_rows.rows), "exchange_rina_s": round(rina_s, 3),
        "exchange_csv_s": round(csv_s, 4), "exchange_csv_bytes": len(content),
        "exchange_sql_baseline_s": round(exchange_sql_s, 4),
        "ratio_exchange_vs_baseline": round(exchange_s / max(exchange_sql_s, 1e-6), 1),
    }, args)


if __name__ == "__main__":
    sys.exit(main())
