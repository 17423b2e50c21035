#!/usr/bin/env python3
"""Server time of the employer list and the aging page at the scale of a Kanwil.

Data (set-wise, throw-away database): 1,000,000 employments of 50,000 employers under Kanwil Kalimantan's
branches, 36 months of bills, payments for most of them, stored positions refreshed. Then each page is
requested N times through Django's test client (no network), as the Kanwil head (all branches) and as a
branch officer, and p50/p95 of the server time are printed with the number of queries of one request.
Target (issue 4): p95 ≤ 300 ms. Usage: python bench/pages.py [--employments 1000000] [--requests 20] --json
"""

from __future__ import annotations

import datetime as dt
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # the fast password hasher

from _harness import (  # noqa: E402
    analyze,
    bench_parser,
    figures_print,
    npp_sql,
    page_times,
    reference_database,
    series,
    timed,
)
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402

BRANCHES = ("bpjs-cabang-balikpapan", "bpjs-cabang-samarinda", "bpjs-cabang-bontang", "bpjs-cabang-tarakan",
            "bpjs-cabang-tenggarong")



def generate(employments: int, months: int) -> None:
    from sinergi.orgs.models import OrgUnit
    from sinergi.receivables.models import BillingRun

    branch_ids = list(OrgUnit.objects.filter(code__in=BRANCHES).order_by("code").values_list("pk", flat=True))
    employers = employments // 20
    pad = npp_sql()
    nik = ("'6471' || LPAD(CAST(n AS TEXT), 12, '0')" if connection.vendor == "postgresql"
           else "'6471' || substr('000000000000' || n, -12, 12)")
    branch_case = "CASE " + " ".join(f"WHEN n %% {len(branch_ids)} = {i} THEN {pk}"
                                     for i, pk in enumerate(branch_ids)) + " END"
    run = BillingRun.objects.create(period=dt.date(2023, 1, 1), status="succeeded")
    first = dt.date(2023, 1, 1)
    periods = [dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(months)]
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO registry_employer (npp, name, name_search, npwp, kbli, sector, size_class, jkk_risk_group,"
            " branch_id, address, status, registered_on, is_construction_project, relief_industry, created_at,"
            " updated_at) "
            f"SELECT {pad}, 'PT Usaha ' || CAST(n AS TEXT), 'pt usaha ' || CAST(n AS TEXT), '', '', "
            f" CASE WHEN n %% 3 = 0 THEN 'F' ELSE 'G' END, 'kecil', 1 + (n %% 5), {branch_case}, '', 'active',"
            f" '2015-01-01', FALSE, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM ({series()}) g",
            [employers],
        )
        c.execute("SELECT MIN(id) FROM registry_employer")
        e0 = c.fetchone()[0]
        c.execute(f"INSERT INTO registry_worker (nik, name, sex, created_at) SELECT {nik}, 'Pekerja', 'M',"
                  f" CURRENT_TIMESTAMP FROM ({series()}) g", [employments])
        c.execute("SELECT MIN(id) FROM registry_worker")
        w0 = c.fetchone()[0]
        c.execute(
            "INSERT INTO registry_employment (worker_id, employer_id, start_date, end_date, jkk, jkm, jht, jp, jkp) "
            f"SELECT %s + n - 1, %s + ((n - 1) %% %s), '2020-01-01', NULL, TRUE, TRUE, TRUE, TRUE, TRUE "
            f"FROM ({series()}) g", [w0, e0, employers, employments])
        c.execute("CREATE TEMP TABLE bench_months (idx INTEGER, period DATE, due DATE)")
        c.executemany("INSERT INTO bench_months VALUES (%s, %s, %s)",
                      [(i, p, (p + dt.timedelta(days=45)).replace(day=15)) for i, p in enumerate(periods)])
        c.execute("INSERT INTO receivables_bill (employer_id, period, due_date, principal, created_run_id) "
                  "SELECT e.id, m.period, m.due, 500000 + (e.id %% 50) * 100000, %s "
                  "FROM registry_employer e CROSS JOIN bench_months m", [run.pk])
        c.execute(
            "INSERT INTO receivables_payment (employer_id, amount, paid_on, channel, reference, payment_code, status,"
            " reversal_reason, created_at) SELECT b.employer_id, b.principal, b.due_date, 'bank_file',"
            " 'B' || CAST(b.id AS TEXT), '', 'posted', '', CURRENT_TIMESTAMP FROM receivables_bill b "
            "JOIN bench_months m ON m.period = b.period WHERE b.employer_id %% 5 <> 0 OR m.idx < (b.employer_id %% %s)",
            [months])
        c.execute(
            "INSERT INTO receivables_allocation (payment_id, bill_id, component, programme, amount, reversed,"
            " created_at) SELECT p.id, b.id, 'principal', '', p.amount, %s, CURRENT_TIMESTAMP "
            "FROM receivables_payment p JOIN receivables_bill b ON 'B' || CAST(b.id AS TEXT) = p.reference", [False])
        c.execute("DROP TABLE bench_months")
    analyze()


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--employments", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()

    with reference_database(orgs=True):
        from sinergi.orgs.models import OrgUnit, User
        from sinergi.orgs.services import user_create
        from sinergi.receivables.summaries import summaries_refresh

        setup_s, _ = timed(lambda: (generate(args.employments, args.months), summaries_refresh()))
        for username, code, role in (("kepala", "bpjs-kanwil-kalimantan", "bpjs_leadership"),
                                     ("piutang", "bpjs-cabang-balikpapan", "bpjs_receivables")):
            user_create(username=username, org_unit=OrgUnit.objects.get(code=code), roles=[role],
                        password="bench-1234567", actor=None, validate=False)
        results = {}
        for username in ("kepala", "piutang"):
            client = Client()
            client.force_login(User.objects.get(username=username))
            for name, url in (
                ("employer_list", "/pemberi-kerja/"),
                ("employer_list_page_200", "/pemberi-kerja/?page=200"),
                ("employer_list_by_outstanding", "/pemberi-kerja/?sort=-outstanding"),
                ("employer_list_macet", "/pemberi-kerja/?klass=macet&sort=-outstanding"),
                ("employer_list_arrears_min", "/pemberi-kerja/?arrears_min=10000000"),
                ("employer_list_totals", "/pemberi-kerja/?part=totals"),
                ("aging", "/piutang/umur/"),
            ):
                results[f"{username}:{name}"] = page_times(client, url, args.requests)
                reset_queries()
    worst = max(v["p95_ms"] for v in results.values())
    return figures_print({"employments": args.employments, "employers": args.employments // 20,
                          "setup_s": round(setup_s, 1), "pages": results, "worst_p95_ms": worst,
                          "database": connection.vendor}, args)


if __name__ == "__main__":
    sys.exit(main())
