#!/usr/bin/env python3
"""Benchmark the coverage facts and the coverage page: N workers × M months of bills, lines and payments.

Figures (seconds, one month): service_billed_s and service_paid_s (``coverage_facts_compute``: DELETE +
INSERT … SELECT … GROUP BY over every programme, with the Pemda resolution and the audit event), limit_s
(one bare GROUP BY over the raw tables for the same month: employments open in the month of employers
billed that month, by regency and sector — what the database cannot go below), floor_s (a per-region ORM
loop: for every regency and programme, a COUNT query through the ORM — what a straightforward
implementation does; timed on ``--floor-regions`` regencies and extrapolated), ratio_service_vs_limit (target ≤ 2); and the coverage page's p50/p95 (target p95 ≤
300 ms) for the Kanwil head, over 13 computed months (the trend and the same month a year before).

Generated set-wise in a throw-away database (SQLite, or ``bench_sinergi_<pid>`` on DATABASE_URL): employers of
25 workers each spread over the regencies of Kaltim and NTT and six sectors, one employment per worker (a
tenth starting or ending inside the window, a fifth without JP), a bill per employer and month with four
lines (JKK, JKM, JHT, JP), four in five employers paying every month in full.
The issue's size is 3.000.000 workers × 36 months. Usage:
python bench/coverage.py [--workers 300000] [--months 36] [--requests 20] --json
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # the fast password hasher

from _harness import bench_parser, figures_print, page_times, reference_database, timed  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

FIRST = dt.date(2023, 1, 1)
BRANCHES = ("bpjs-cabang-balikpapan", "bpjs-cabang-samarinda", "bpjs-cabang-bontang", "bpjs-cabang-tenggarong",
            "bpjs-cabang-kupang")
SECTORS = ("A", "B", "C", "F", "G", "H")
LINES = (("JKK", 24), ("JKM", 30), ("JHT", 570), ("JP", 300))  # amount per worker in hundreds of rupiah


def series() -> str:
    if connection.vendor == "postgresql":
        return "SELECT generate_series(1, %s) AS n"
    return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def generate(workers: int, months: int) -> None:
    from sinergi.orgs.models import OrgUnit
    from sinergi.receivables.models import BillingRun
    from sinergi.regions.models import Region

    branch_ids = list(OrgUnit.objects.filter(code__in=BRANCHES).order_by("code").values_list("pk", flat=True))
    regencies = list(Region.objects.filter(level=2, code__regex=r"^(64|53)\.").order_by("code")
                     .values_list("code", flat=True))
    employers = max(workers // 25, 1)
    pg = connection.vendor == "postgresql"
    pad = "LPAD(CAST(n AS TEXT), 8, '0')" if pg else "substr('00000000' || n, -8, 8)"
    nik = "'6471' || LPAD(CAST(n AS TEXT), 12, '0')" if pg else "'6471' || substr('000000000000' || n, -12, 12)"
    branch_case = "CASE " + " ".join(f"WHEN n %% {len(branch_ids)} = {i} THEN {pk}"
                                     for i, pk in enumerate(branch_ids)) + " END"
    sector_case = "CASE " + " ".join(f"WHEN n %% {len(SECTORS)} = {i} THEN '{s}'"
                                     for i, s in enumerate(SECTORS)) + " END"
    run = BillingRun.objects.create(period=FIRST, status="succeeded")
    periods = [add_months(FIRST, i) for i in range(months)]
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMP TABLE bench_regions (idx INTEGER, code VARCHAR(13))")
        c.executemany("INSERT INTO bench_regions VALUES (%s, %s)", list(enumerate(regencies)))
        c.execute(
            "INSERT INTO registry_employer (npp, name, name_search, npwp, kbli, sector, size_class, jkk_risk_group,"
            " branch_id, region_id, address, status, registered_on, is_construction_project, relief_industry,"
            " created_at, updated_at) "
            f"SELECT {pad}, 'PT Usaha ' || CAST(n AS TEXT), 'pt usaha ' || CAST(n AS TEXT), '', '', {sector_case},"
            f" 'kecil', 1, {branch_case}, (SELECT code FROM bench_regions WHERE idx = n %% %s), '', 'active',"
            f" '2015-01-01', FALSE, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM ({series()}) g",
            [len(regencies), employers],
        )
        c.execute("SELECT MIN(id) FROM registry_employer")
        e0 = c.fetchone()[0]
        c.execute(f"INSERT INTO registry_worker (nik, name, sex, created_at) SELECT {nik}, 'Pekerja', 'M',"
                  f" CURRENT_TIMESTAMP FROM ({series()}) g", [workers])
        c.execute("SELECT MIN(id) FROM registry_worker")
        w0 = c.fetchone()[0]
        span = months * 30
        start = (f"DATE '{FIRST}' + (n %% {span})" if pg else f"date('{FIRST}', '+' || (n %% {span}) || ' days')")
        end = (f"DATE '{FIRST}' + (n %% {span}) + 200" if pg else f"date('{FIRST}', '+' || (n %% {span} + 200) || ' days')")
        c.execute(
            "INSERT INTO registry_employment (worker_id, employer_id, start_date, end_date, jkk, jkm, jht, jp, jkp) "
            f"SELECT %s + n - 1, %s + ((n - 1) %% %s),"
            f" CASE WHEN n %% 10 = 0 THEN {start} ELSE DATE '2020-01-01' END,"
            f" CASE WHEN n %% 20 = 0 THEN {end} ELSE NULL END, TRUE, TRUE, TRUE, n %% 5 <> 0, TRUE "
            f"FROM ({series()}) g".replace("DATE '2020-01-01'", "DATE '2020-01-01'" if pg else "'2020-01-01'"),
            [w0, e0, employers, workers])
        c.execute("CREATE TEMP TABLE bench_months (idx INTEGER, period DATE, due DATE)")
        c.executemany("INSERT INTO bench_months VALUES (%s, %s, %s)",
                      [(i, p, (p + dt.timedelta(days=45)).replace(day=15)) for i, p in enumerate(periods)])
        total = sum(a for _p, a in LINES) * 100 * 25
        c.execute("INSERT INTO receivables_bill (employer_id, period, due_date, principal, created_run_id) "
                  "SELECT e.id, m.period, m.due, %s, %s FROM registry_employer e CROSS JOIN bench_months m",
                  [total, run.pk])
        for programme, amount in LINES:
            c.execute("INSERT INTO receivables_billline (bill_id, run_id, kind, programme, payer, workers, base, rate,"
                      " amount, reference) SELECT b.id, %s, 'regular', %s, 'employer', 25, 0, 0, %s, 'bench' "
                      "FROM receivables_bill b", [run.pk, programme, amount * 100 * 25])
        c.execute(
            "INSERT INTO receivables_payment (employer_id, amount, paid_on, channel, reference, payment_code, status,"
            " reversal_reason, created_at) SELECT b.employer_id, b.principal, b.due_date, 'bank_file',"
            " 'B' || CAST(b.id AS TEXT), '', 'posted', '', CURRENT_TIMESTAMP FROM receivables_bill b "
            "WHERE b.employer_id %% 5 <> 0", [])
        for programme, amount in LINES:
            c.execute(
                "INSERT INTO receivables_allocation (payment_id, bill_id, component, programme, amount, reversed,"
                " created_at) SELECT p.id, b.id, 'principal', %s, %s, %s, CURRENT_TIMESTAMP "
                "FROM receivables_payment p JOIN receivables_bill b ON 'B' || CAST(b.id AS TEXT) = p.reference",
                [programme, amount * 100 * 25, False])
        c.execute("DROP TABLE bench_months")
        c.execute("DROP TABLE bench_regions")
    if pg:
        with connection.cursor() as c:
            c.execute("ANALYZE")


def limit(month: dt.date) -> int:
    """One GROUP BY over the raw tables: the same month's employments of billed employers by regency and
    sector, without the programme split or the payments."""
    last = add_months(month, 1) - dt.timedelta(days=1)
    with connection.cursor() as c:
        c.execute(
            "SELECT SUBSTR(r.region_id, 1, 5), r.sector, COUNT(DISTINCT e.worker_id) FROM registry_employment e "
            "JOIN registry_employer r ON r.id = e.employer_id JOIN receivables_bill b ON b.employer_id = r.id "
            "AND b.period = %s WHERE e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s) "
            "GROUP BY SUBSTR(r.region_id, 1, 5), r.sector", [month, last, month])
        return len(c.fetchall())


def floor(month: dt.date, sample: int) -> float:
    """Per regency and programme, one ORM COUNT (billed definition), timed on ``sample`` regencies and
    extrapolated to all of them (seconds)."""
    from django.db.models import Q

    from sinergi.registry.models import Employer, Employment

    last = add_months(month, 1) - dt.timedelta(days=1)
    regions = sorted(Employer.objects.values_list("region_id", flat=True).distinct())
    started = time.perf_counter()
    cells = 0
    for region in regions[:sample]:
        for programme in ("jkk", "jkm", "jht", "jp", "jkp"):
            count = (Employment.objects.filter(employer__region_id=region, start_date__lte=last, **{programme: True})
                     .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
                     .filter(employer__bills__period=month, employer__bills__lines__programme=programme.upper())
                     .values("worker_id").distinct().count())
            cells += 1 if count else 0
    return (time.perf_counter() - started) * len(regions) / max(min(sample, len(regions)), 1)


def page(requests: int, month: dt.date) -> dict:
    from sinergi.orgs.models import OrgUnit, User
    from sinergi.orgs.services import user_create

    user_create(username="kepala", org_unit=OrgUnit.objects.get(code="bpjs-kanwil-kalimantan"),
                roles=["bpjs_leadership"], password="bench-1234567", actor=None, validate=False)
    client = Client()
    client.force_login(User.objects.get(username="kepala"))
    url = f"/cakupan/?bulan={month:%Y-%m}&provinsi=64"
    return page_times(client, url, requests)


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--workers", type=int, default=300_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--skip-floor", action="store_true", help="leave out the per-region ORM loop")
    parser.add_argument("--floor-regions", type=int, default=5,
                        help="regencies the ORM loop is timed on (extrapolated to all)")
    args = parser.parse_args()
    month = add_months(FIRST, args.months - 1)

    with reference_database(orgs=True):
        from sinergi.coverage.models import CoverageFact
        from sinergi.coverage.services import coverage_facts_compute

        generate_s, _ = timed(lambda: generate(args.workers, args.months))
        print(f"generated in {generate_s:.1f} s", file=sys.stderr)
        billed_s, billed = timed(lambda: coverage_facts_compute(month=month, definition="billed", actor=None))
        paid_s, paid = timed(lambda: coverage_facts_compute(month=month, definition="paid", actor=None))
        limit_s, _ = timed(lambda: limit(month))
        floor_s = None if args.skip_floor else floor(month, args.floor_regions)
        history_s, _ = timed(lambda: [coverage_facts_compute(month=add_months(month, -i), definition="billed",
                                                             actor=None) for i in range(1, 13)])
        pages = page(args.requests, month)
        facts = CoverageFact.objects.count()

    return figures_print({
        "workers": args.workers, "months": args.months, "employers": max(args.workers // 25, 1),
        "bills": max(args.workers // 25, 1) * args.months, "generate_s": round(generate_s, 1),
        "service_billed_s": round(billed_s, 2), "service_paid_s": round(paid_s, 2),
        "limit_s": round(limit_s, 2), "floor_s": None if floor_s is None else round(floor_s, 2),
        "ratio_service_vs_limit": round(billed_s / limit_s, 2) if limit_s else None,
        "ratio_floor_vs_service": None if floor_s is None else round(floor_s / billed_s, 1),
        "twelve_more_months_s": round(history_s, 1), "facts_rows": facts,
        "participants_jkk": billed["participants_jkk"], "participants_jkk_paid": paid["participants_jkk"],
        "page": pages, "database": connection.vendor,
    }, args)


if __name__ == "__main__":
    sys.exit(main())
