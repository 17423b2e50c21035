#!/usr/bin/env python3
"""Benchmark a billing run against the limit and the floor, measured in the same run.

- sinergi_s: `billing_run()` for one period over all employments (diffing against what is billed, temp
  tables, bills and lines, principal update, audit).
- raw_sql_s: the limit — the same bills and lines written by two bare INSERT … SELECT statements from the
  same rate table (no diff, no idempotency).
- orm_loop_s_extrapolated: the floor — a per-employment ORM loop (latest wage query, the rules'
  contribution_compute, Bill/BillLine.objects.create) on a sample, extrapolated to all employments.

Data is generated set-wise (about 20 workers per employer) in a throw-away test database: SQLite, or
`bench_sinergi_<pid>` on the server of DATABASE_URL. Usage:
    python bench/billing.py --employments 1000000 [--sample 10000] --json
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal

from _harness import Stopwatch, analyze, bench_parser, figures_print, reference_database, timed
from django.db import connection, transaction

PERIOD = "2025-04"
WORKERS_PER_EMPLOYER = 20


def generate(employments: int) -> None:
    """Employers, workers, employments and one wage each, written set-wise."""
    from sinergi.orgs.models import OrgUnit
    from sinergi.orgs.services import org_unit_create

    branch = OrgUnit.objects.filter(code="bench-branch").first() or org_unit_create(
        code="bench-branch", name="Cabang Uji", kind="bpjs_cabang", actor=None)
    employers = max(1, employments // WORKERS_PER_EMPLOYER)
    if connection.vendor == "postgresql":
        series = "SELECT generate_series(1, %s) AS n"
        text = "CAST(n AS TEXT)"
        pad = "LPAD(CAST(n AS TEXT), 8, '0')"
        nik = "'6471' || LPAD(CAST(n AS TEXT), 12, '0')"
    else:
        series = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"
        text = "CAST(n AS TEXT)"
        pad = "substr('00000000' || n, -8, 8)"
        nik = "'6471' || substr('000000000000' || n, -12, 12)"
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO registry_employer (npp, name, name_search, npwp, kbli, sector, size_class, jkk_risk_group,"
            " branch_id, address, status, registered_on, is_construction_project, relief_industry, created_at,"
            " updated_at) "
            f"SELECT {pad}, 'PT ' || {text}, 'pt ' || {text}, '', '', 'C', 'kecil', 1 + (n %% 5), %s, '', 'active',"
            " '2015-01-01', FALSE, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP "
            f"FROM ({series}) g",
            [branch.pk, employers],
        )
        c.execute("SELECT MIN(id) FROM registry_employer")
        first_employer = c.fetchone()[0]
        c.execute(
            "INSERT INTO registry_worker (nik, name, sex, created_at) "
            f"SELECT {nik}, 'Pekerja ' || {text}, 'M', CURRENT_TIMESTAMP FROM ({series}) g",
            [employments],
        )
        c.execute("SELECT MIN(id) FROM registry_worker")
        first_worker = c.fetchone()[0]
        c.execute(
            "INSERT INTO registry_employment (worker_id, employer_id, start_date, end_date, jkk, jkm, jht, jp, jkp) "
            f"SELECT %s + n - 1, %s + ((n - 1) %% %s), '2020-01-01', NULL, TRUE, TRUE, TRUE, (n %% 7) <> 0, TRUE "
            f"FROM ({series}) g",
            [first_worker, first_employer, employers, employments],
        )
        c.execute(
            "INSERT INTO registry_wagereport (employment_id, effective_from, wage, reported_on) "
            "SELECT id, '2020-01-01', 3000000 + (id % 97) * 150000, NULL FROM registry_employment"
        )


def clear_bills() -> None:
    with transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM receivables_billline")
        c.execute("DELETE FROM receivables_bill")


def run_sinergi() -> tuple[float, dict]:
    from sinergi.receivables.billing import billing_run

    started = time.perf_counter()
    run = billing_run(period=PERIOD)
    return time.perf_counter() - started, run.counts


def run_raw_sql() -> float:
    """The limit: the same rows by two bare INSERT … SELECT statements (no diff, no temp-table staging)."""
    from sinergi.receivables.billing import SCALE, rate_rows
    from sinergi.receivables.models import BillingRun
    from sinergi.rules import Period, due_date

    period = Period.parse(PERIOD)
    rates = [r for r in rate_rows(period) if r.rate_set == "standard"]
    due = due_date(period=period, kind="pu").due_date
    run = BillingRun.objects.create(period=period.first_day)
    values = " UNION ALL ".join(
        f"SELECT '{r.programme}' AS programme, CAST({r.risk_group or 'NULL'} AS INTEGER) AS risk_group, "
        f"'{r.payer}' AS payer, CAST({r.rate_scaled} AS BIGINT) AS rate_scaled, "
        f"CAST({r.cap or 'NULL'} AS BIGINT) AS cap, CAST({r.rate} AS NUMERIC(12, 8)) AS rate"
        for r in rates
    )
    flags = " OR ".join(f"(rt.programme = '{p}' AND e.{p.lower()} = %s)" for p in ("JKK", "JKM", "JHT", "JP", "JKP"))
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO receivables_bill (employer_id, period, due_date, principal, created_run_id) "
            "SELECT DISTINCT employer_id, %s, %s, 0, %s FROM registry_employment",
            [period.first_day, due, run.pk],
        )
        c.execute(
            "INSERT INTO receivables_billline (bill_id, run_id, kind, programme, payer, workers, base, rate, amount,"
            " reference) "
            "SELECT b.id, %s, 'regular', rt.programme, rt.payer, COUNT(*), SUM(x.base), MAX(rt.rate),"
            f" SUM((x.base * rt.rate_scaled + {SCALE // 2}) / {SCALE}), '' FROM ("
            "  SELECT e.employer_id, e.jkk, e.jkm, e.jht, e.jp, e.jkp, r.jkk_risk_group, CAST(w.wage AS BIGINT) AS base"
            "  FROM registry_employment e JOIN registry_employer r ON r.id = e.employer_id"
            "  JOIN registry_wagereport w ON w.employment_id = e.id) x "
            "JOIN receivables_bill b ON b.employer_id = x.employer_id AND b.period = %s "
            f"JOIN ({values}) rt ON (rt.risk_group IS NULL OR rt.risk_group = x.jkk_risk_group) "
            f"AND ({flags.replace('e.', 'x.')}) "
            "GROUP BY b.id, rt.programme, rt.payer",
            [run.pk, period.first_day, True, True, True, True, True],
        )
    return time.perf_counter() - started


def run_orm_loop(sample: int, total: int) -> float:
    """The floor: what a straightforward ORM implementation does, per employment."""
    from sinergi.receivables.models import Bill, BillingRun, BillLine
    from sinergi.registry.models import Employment, WageReport
    from sinergi.rules import Period, contribution_compute, due_date

    period = Period.parse(PERIOD)
    due = due_date(period=period, kind="pu").due_date
    run = BillingRun.objects.create(period=period.first_day)
    started = time.perf_counter()
    with transaction.atomic():
        bills: dict[int, Bill] = {}
        for employment in Employment.objects.select_related("employer").order_by("id")[:sample]:
            wage = WageReport.objects.filter(employment=employment, effective_from__lte=period.last_day) \
                .order_by("-effective_from").first()
            programmes = [p for p in ("JKK", "JKM", "JHT", "JP") if getattr(employment, p.lower())]
            result = contribution_compute(period=period, wage=wage.wage,
                                          risk_group=employment.employer.jkk_risk_group, programmes=programmes)
            bill = bills.get(employment.employer_id)
            if bill is None:
                bill = bills[employment.employer_id] = Bill.objects.create(
                    employer_id=employment.employer_id, period=period.first_day, due_date=due, created_run=run)
            for line in result.lines:
                if line.payer in ("employer", "worker"):
                    # One line per bill, programme and payer (the ledger's rule): the first worker creates it,
                    # the next ones add to it.
                    billed, created = BillLine.objects.get_or_create(
                        bill=bill, run=run, programme=line.programme, payer=line.payer,
                        defaults={"kind": "regular", "workers": 1, "base": line.base, "rate": line.rate,
                                  "amount": line.amount, "reference": line.reference[:255]})
                    if not created:
                        billed.workers += 1
                        billed.base += Decimal(line.base)
                        billed.amount += Decimal(line.amount)
                        billed.save(update_fields=["workers", "base", "amount"])
                    bill.principal += Decimal(line.amount)
                    Bill.objects.filter(pk=bill.pk).update(principal=bill.principal)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed * total / sample


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--employments", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=10_000)
    args = parser.parse_args()

    with reference_database():

        generate_s, _ = timed(lambda: generate(args.employments))
        analyze()
        sinergi_s, counts = run_sinergi()
        with Stopwatch() as second:
            run_sinergi()
        clear_bills()
        raw_s = run_raw_sql()
        clear_bills()
        orm_s = run_orm_loop(min(args.sample, args.employments), args.employments)

    return figures_print({
        "employments": args.employments,
        "employers": counts["employers"],
        "generate_s": round(generate_s, 2),
        "sinergi_s": round(sinergi_s, 2),
        "second_run_s": round(second.s, 2),
        "raw_sql_s": round(raw_s, 2),
        "orm_loop_s_extrapolated": round(orm_s, 1),
        "ratio_vs_raw": round(sinergi_s / raw_s, 2),
        "ratio_vs_orm": round(orm_s / sinergi_s, 1),
        "amount": counts["amount"],
        "database": connection.vendor,
    }, args)


if __name__ == "__main__":
    sys.exit(main())
