#!/usr/bin/env python3
"""Benchmark aging and collectibility: 50,000 employers × 36 months of bills and payments.

Figures (seconds): aging_from_ledger_s (every bill and allocation aggregated for one date — the set-wise
SQL, which is the limit here; first run, then aging_from_ledger_warm_s with the tables in cache), summaries_refresh_s (the stored positions for everyone), aging_from_summaries_s
(today's report from them), snapshot_month_s (one month-end collectibility snapshot), and the floor:
naive_s_extrapolated, a per-employer ORM loop over bills and allocations measured on a sample.

Generated set-wise in a throw-away database (SQLite, or `bench_sinergi_<pid>` on DATABASE_URL):
about 80 % of employers pay every month, the rest stop paying at a random month.
Usage: python bench/aging.py [--employers 50000] [--months 36] [--sample 1000] --json
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal

from _harness import analyze, bench_parser, figures_print, npp_sql, reference_database, series, timed
from django.db import connection, transaction

AS_OF = dt.date(2026, 1, 20)
FIRST_MONTH = dt.date(2023, 1, 1)



def generate(employers: int, months: int) -> None:
    from sinergi.orgs.services import org_unit_create
    from sinergi.receivables.models import BillingRun

    branch = org_unit_create(code="bench-branch", name="Cabang Uji", kind="bpjs_cabang", actor=None)
    run = BillingRun.objects.create(period=FIRST_MONTH, status="succeeded")
    pad = npp_sql()
    month_dates = [(FIRST_MONTH.replace(year=FIRST_MONTH.year + (FIRST_MONTH.month - 1 + i) // 12,
                                        month=(FIRST_MONTH.month - 1 + i) % 12 + 1)) for i in range(months)]
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO registry_employer (npp, name, name_search, npwp, kbli, sector, size_class, jkk_risk_group,"
            " branch_id, address, status, registered_on, is_construction_project, relief_industry, created_at,"
            " updated_at) "
            f"SELECT {pad}, 'PT ' || CAST(n AS TEXT), 'pt ' || CAST(n AS TEXT), '', '', 'C', 'kecil', 1, %s, '',"
            " 'active', '2015-01-01', FALSE, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
            f"FROM ({series()}) g",
            [branch.pk, employers],
        )
        c.execute("CREATE TEMP TABLE bench_months (idx INTEGER, period DATE, due DATE)")
        c.executemany("INSERT INTO bench_months VALUES (%s, %s, %s)",
                      [(i, m, (m + dt.timedelta(days=45)).replace(day=15)) for i, m in enumerate(month_dates)])
        # Bills: every employer, every month, principal by employer size.
        c.execute(
            "INSERT INTO receivables_bill (employer_id, period, due_date, principal, created_run_id) "
            "SELECT e.id, m.period, m.due, 500000 + (e.id %% 50) * 100000, %s "
            "FROM registry_employer e CROSS JOIN bench_months m",
            [run.pk],
        )
        # Payments: an employer with id %% 5 <> 0 pays every month; the others stop at month (id %% months).
        c.execute(
            "INSERT INTO receivables_payment (employer_id, amount, paid_on, channel, reference, payment_code, status,"
            " reversal_reason, created_at) "
            "SELECT b.employer_id, b.principal, b.due_date, 'bank_file', 'B' || CAST(b.id AS TEXT), '', 'posted', '',"
            " CURRENT_TIMESTAMP FROM receivables_bill b JOIN bench_months m ON m.period = b.period "
            "WHERE b.employer_id %% 5 <> 0 OR m.idx < (b.employer_id %% %s)",
            [months],
        )
        c.execute(
            "INSERT INTO receivables_allocation (payment_id, bill_id, component, programme, amount, reversed, created_at) "
            "SELECT p.id, b.id, 'principal', '', p.amount, %s, CURRENT_TIMESTAMP "
            "FROM receivables_payment p JOIN receivables_bill b ON 'B' || CAST(b.id AS TEXT) = p.reference",
            [False],
        )
        c.execute("DROP TABLE bench_months")
    analyze()


def naive(sample: int, employers: int) -> float:
    """What a straightforward implementation does: per employer, its bills and their allocations."""
    from sinergi.receivables.models import Allocation, Bill
    from sinergi.registry.models import Employer
    from sinergi.rules import collectibility_classify

    started = time.perf_counter()
    for employer in Employer.objects.order_by("id")[:sample]:
        oldest, arrears = None, Decimal(0)
        for bill in Bill.objects.filter(employer=employer, due_date__lt=AS_OF).order_by("period"):
            paid = sum((a.amount for a in Allocation.objects.filter(bill=bill, component="principal",
                                                                   reversed=False, payment__status="posted",
                                                                   payment__paid_on__lte=AS_OF)), Decimal(0))
            if bill.principal > paid:
                oldest = oldest or bill.due_date
                arrears += bill.principal - paid
        if oldest:
            months = (AS_OF.year - oldest.year) * 12 + AS_OF.month - oldest.month - (AS_OF.day < oldest.day)
            collectibility_classify(months_overdue=months, scheme="months", on=AS_OF)
    return (time.perf_counter() - started) * employers / sample


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--employers", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()

    with reference_database():
        from sinergi.receivables.aging import aging_compute, aging_from_ledger, collectibility_snapshot
        from sinergi.receivables.summaries import summaries_refresh

        generate_s, _ = timed(lambda: generate(args.employers, args.months))
        ledger_s, ledger = timed(lambda: aging_from_ledger(as_of=AS_OF))
        ledger_warm_s, _ = timed(lambda: aging_from_ledger(as_of=AS_OF))  # the same query, tables in cache
        refresh_s, refreshed = timed(lambda: summaries_refresh(on=AS_OF))
        summaries_s, stored = timed(lambda: aging_compute(as_of=AS_OF))
        snapshot_s, _ = timed(lambda: collectibility_snapshot(month=dt.date(2025, 12, 1)))
        naive_s = naive(min(args.sample, args.employers), args.employers)
        assert stored.as_dict() == ledger.as_dict(), "the two aging paths disagree"

    return figures_print({
        "employers": args.employers, "months": args.months, "bills": args.employers * args.months,
        "generate_s": round(generate_s, 1),
        "aging_from_ledger_s": round(ledger_s, 2),
        "aging_from_ledger_warm_s": round(ledger_warm_s, 2),
        "summaries_refresh_s": round(refresh_s, 2),
        "aging_from_summaries_s": round(summaries_s, 3),
        "snapshot_month_s": round(snapshot_s, 2),
        "naive_s_extrapolated": round(naive_s, 1),
        "ratio_naive_vs_ledger": round(naive_s / ledger_s, 1),
        "classes": {k: v["employers"] for k, v in ledger.as_dict()["classes"].items()},
        "summaries": refreshed,
        "database": connection.vendor,
    }, args)


if __name__ == "__main__":
    sys.exit(main())
