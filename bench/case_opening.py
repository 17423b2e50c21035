#!/usr/bin/env python3
"""Benchmark opening compliance cases from arrears against a per-employer ORM loop, and mass SP1 letters.

In a throw-away database (SQLite, or a test database on DATABASE_URL): regions, reference units, then
``--employers`` Balikpapan employers twice over (one set per method), each with ``--months`` monthly bills of
which a third are paid (bulk insert). Times:

- ``open_s``: ``enforcement.cases.cases_open_from_arrears`` for every employer of the first set (arrears
  from the ledger in one query per 500 employers, numbers per branch and year, one ``bulk_create``, one
  audit event); ``open_again_s``: the same call again (every employer already has its case: nothing written);
- ``baseline_orm_loop_s``: the second set the naive way — per employer an "open case?" query, an aggregate
  of its unpaid bills, the last number, and ``Case.objects.create``, in one transaction;
- ``sp1_s`` / ``sp1_per_letter_ms``: ``cases_issue_warnings`` (SP1 step, numbered PDF on disk) for
  ``--letters`` cases; ``sp1_again_s``: the same call again (every letter reused, no number spent).

Usage: python bench/case_opening.py [--employers 5000] [--months 12] [--letters 200] [--json]
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

from _harness import WORKDIR, bench_parser, figures_print, reference_load, throwaway_database, timed
from django.conf import settings
from django.db import connection

ON = dt.date(2025, 6, 2)


def make_employers(count: int, months: int, start: int) -> list[int]:
    """``count`` employers with ``months`` bills from January 2024; every third month paid in full."""
    from sinergi.orgs.models import OrgUnit
    from sinergi.receivables.models import Allocation, Bill, BillingRun, Payment
    from sinergi.registry.models import Employer
    from sinergi.rules.periods import add_months

    branch = OrgUnit.objects.get(code="bpjs-cabang-balikpapan")
    employers = [Employer(npp=f"{start + i:08d}", name=f"PT Bangku {start + i}", name_search=f"pt bangku {start + i}",
                          branch=branch, registered_on=dt.date(2015, 1, 1)) for i in range(count)]
    Employer.objects.bulk_create(employers, batch_size=2000)
    runs = {}
    for m in range(months):
        period = add_months(dt.date(2024, 1, 1), m)
        runs[period] = BillingRun.objects.create(period=period, branch=branch, status=BillingRun.Status.SUCCEEDED)
    bills = [Bill(employer=e, period=period, due_date=add_months(period, 1).replace(day=15),
                  principal=Decimal(1_978_000), created_run=run) for e in employers for period, run in runs.items()]
    Bill.objects.bulk_create(bills, batch_size=5000)
    paid = [b for i, b in enumerate(bills) if i % 3 == 0]
    payments = [Payment(employer_id=b.employer_id, amount=b.principal, paid_on=b.due_date,
                        reference=f"B{start}-{i}") for i, b in enumerate(paid)]
    Payment.objects.bulk_create(payments, batch_size=5000)
    Allocation.objects.bulk_create([Allocation(payment=p, bill=b, component="principal", programme="JHT",
                                               amount=b.principal) for p, b in zip(payments, paid, strict=True)],
                                   batch_size=5000)
    return [e.pk for e in employers]


def orm_loop(employer_ids: list[int]) -> int:
    from django.db import transaction
    from django.db.models import Q, Sum

    from sinergi.enforcement.models import Case
    from sinergi.receivables.models import Allocation, Bill
    from sinergi.registry.models import Employer

    written = 0
    with transaction.atomic():
        for employer in Employer.objects.filter(pk__in=employer_ids).select_related("branch"):
            if Case.objects.filter(employer=employer, closed_on__isnull=True).exists():
                continue
            owed, months = Decimal(0), 0
            for bill in Bill.objects.filter(employer=employer, due_date__lt=ON):
                paid = Allocation.objects.filter(
                    Q(payment__paid_on__lte=ON), bill=bill, component="principal", reversed=False,
                    payment__status="posted").aggregate(total=Sum("amount"))["total"] or 0
                if bill.principal > paid:
                    owed += bill.principal - paid
                    months += 1
            if not owed:
                continue
            last = Case.objects.filter(number__startswith="KP/ORM/").count()
            Case.objects.create(number=f"KP/ORM/2025/{last + 1:05d}", employer=employer, branch=employer.branch,
                                origin="arrears", amount=owed, months=months, opened_on=ON)
            written += 1
    return written


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--employers", type=int, default=5_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()

    with throwaway_database():
        settings.LETTERS_DIR = WORKDIR / "surat"
        from sinergi.enforcement.cases.services import cases_issue_warnings, cases_open_from_arrears

        reference_load(orgs=True)
        # A running server has the legal parameters and the holiday calendar loaded: load them before timing.
        from sinergi.rules.penalties import admin_sanction_schedule

        admin_sanction_schedule(first_warning_date=ON, iuran=1)
        fast = make_employers(args.employers, args.months, 91_000_000)
        naive = make_employers(args.employers, args.months, 92_000_000)

        open_s, result = timed(lambda: cases_open_from_arrears(employer_ids=fast, actor=None, on=ON))
        opened = result["opened"]
        assert len(opened) == args.employers
        again_s, again = timed(lambda: cases_open_from_arrears(employer_ids=fast, actor=None, on=ON))
        assert not again["opened"]

        loop_s, written = timed(lambda: orm_loop(naive))
        assert written == args.employers

        ids = [c.pk for c in opened[:args.letters]]
        sp1_s, first = timed(lambda: cases_issue_warnings(case_ids=ids, level=1, actor=None, on=ON))
        sp1_again_s, second = timed(lambda: cases_issue_warnings(case_ids=ids, level=1, actor=None, on=ON))
        assert first["issued"] == len(ids) and second["reused"] == len(ids)

    return figures_print({
        "database": connection.vendor, "employers": args.employers, "months": args.months,
        "open_s": round(open_s, 3), "open_again_s": round(again_s, 3),
        "baseline_orm_loop_s": round(loop_s, 3), "speedup_vs_orm_loop": round(loop_s / max(open_s, 1e-6), 1),
        "letters": len(ids), "sp1_s": round(sp1_s, 3),
        "sp1_per_letter_ms": round(1000 * sp1_s / max(len(ids), 1), 1), "sp1_again_s": round(sp1_again_s, 3),
    }, args)


if __name__ == "__main__":
    sys.exit(main())
