#!/usr/bin/env python3
"""Benchmark payment allocation against the limit and the floor, measured in the same run.

- sinergi_s: `payments_allocate_batch()` over all payments — Sinergi's allocation path (the one the bank-file
  import uses): oldest month first, principal per programme, then the month's denda as of the payment date
  (the rules' penalty_compute), credit carried to the next payment; one transaction, one audit event.
- set_sql_s: the limit — one INSERT … SELECT with window functions that matches each employer's cumulative
  money against its cumulative outstanding principal, oldest month and programme first. It allocates
  principal only: denda depends on each payment's date and the rules' parameters, which one SQL statement
  cannot express, so the limit does less work than Sinergi.
- naive_s_extrapolated: the floor — a straightforward per-payment ORM loop (bills, lines and allocations
  read per bill, the denda per bill as of the payment date, `Allocation.objects.create()` per row) on a
  sample of whole employers, extrapolated to all payments.
- per_payment_allocate_s_extrapolated: `payment_allocate()` called per payment on the same sample (a
  transaction, locks and an audit event each): why the import uses the batch.

Data is generated set-wise in a throw-away test database (SQLite, or `bench_sinergi_<pid>` on the server of
DATABASE_URL): five payments per employer, six monthly bills with four lines each, payment dates around
the due dates (some late) and amounts around a month's principal (some short, some over).
Usage: python bench/allocation.py --payments 100000 [--sample 2000] --json
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal

from _harness import bench_parser, figures_print, npp_sql, series, throwaway_database, timed
from django.db import connection, transaction

PAYMENTS_PER_EMPLOYER = 5
PERIODS = ("2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12")
# Line amounts per employer n (whole rupiah); a month is about Rp 1,1 juta.
LINES = {"JKK": "60000 + (n %% 97) * 1000", "JKM": "30000", "JHT": "570000 + (n %% 89) * 1000",
         "JP": "300000 + (n %% 53) * 1000"}
MONTH = "(960000 + (n %% 97) * 1000 + (n %% 89) * 1000 + (n %% 53) * 1000)"



def generate(payments: int) -> dict:
    """Employers, bills, lines and payments, written by INSERT … SELECT."""
    from sinergi.orgs.models import OrgUnit
    from sinergi.orgs.services import org_unit_create
    from sinergi.rules import Period, due_date

    branch = OrgUnit.objects.filter(code="bench-branch").first() or org_unit_create(
        code="bench-branch", name="Cabang Uji", kind="bpjs_cabang", actor=None)
    employers = max(1, payments // PAYMENTS_PER_EMPLOYER)
    pad = npp_sql()
    months = [(i, Period.parse(p).first_day, due_date(period=p).due_date) for i, p in enumerate(PERIODS)]
    month_rows = " UNION ALL ".join(f"SELECT {i} AS k, DATE '{first}' AS period, DATE '{due}' AS due"
                                    if connection.vendor == "postgresql" else
                                    f"SELECT {i} AS k, '{first}' AS period, '{due}' AS due"
                                    for i, first, due in months)
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
        c.execute("INSERT INTO receivables_billingrun (period, status, counts, started_at) "
                  "VALUES (%s, 'succeeded', '{}', CURRENT_TIMESTAMP)", [months[0][1]])
        c.execute("SELECT MAX(id) FROM receivables_billingrun")
        run = c.fetchone()[0]
        c.execute(
            "INSERT INTO receivables_bill (employer_id, period, due_date, principal, created_run_id) "
            f"SELECT e.id, m.period, m.due, {MONTH.replace('n %%', 'e.id %%')}, %s "
            f"FROM registry_employer e CROSS JOIN ({month_rows}) m",
            [run],
        )
        for programme, amount in LINES.items():
            c.execute(
                "INSERT INTO receivables_billline (bill_id, run_id, kind, programme, payer, workers, base, rate,"
                " amount, reference) "
                f"SELECT b.id, %s, 'regular', %s, 'employer', 1, 0, 0, {amount.replace('n %%', 'b.employer_id %%')},"
                " 'bench' FROM receivables_bill b",
                [run, programme],
            )
        # Payment k of employer e: k days around the due date of month k (-10 … +29 days: a third are late),
        # for 85 % … 124 % of a month's principal (some leave months short, some overpay).
        add_days = ("m.due + CAST(((e.id * 7 + m.k * 13) %% 40) - 10 AS INTEGER)" if connection.vendor == "postgresql"
                    else "date(m.due, (((e.id * 7 + m.k * 13) %% 40) - 10) || ' days')")
        c.execute(
            "INSERT INTO receivables_payment (employer_id, amount, paid_on, channel, reference, payment_code, status,"
            " reversal_reason, created_at) "
            f"SELECT e.id, ({MONTH.replace('n %%', 'e.id %%')}) * (85 + ((e.id + m.k * 11) %% 40)) / 100, "
            f"{add_days}, 'bank_file', 'BENCH-' || CAST(e.id AS TEXT) || '-' || CAST(m.k AS TEXT), '', 'posted', '',"
            " CURRENT_TIMESTAMP "
            f"FROM registry_employer e CROSS JOIN ({month_rows}) m WHERE m.k < %s",
            [PAYMENTS_PER_EMPLOYER],
        )
        c.execute("SELECT COUNT(*) FROM receivables_bill")
        bills = c.fetchone()[0]
        c.execute("SELECT COUNT(*) FROM receivables_payment")
        made = c.fetchone()[0]
    return {"employers": employers, "bills": bills, "payments": made}


def analyze() -> None:
    """Fresh planner statistics and no dead rows before each measurement, as a maintained database has
    (the test server runs without autovacuum)."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            for table in ("registry_employer", "receivables_bill", "receivables_billline", "receivables_payment",
                          "receivables_allocation"):
                c.execute(f"VACUUM ANALYZE {table}")
        else:
            c.execute("ANALYZE")


def clear_allocations() -> None:
    with transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM receivables_allocation")
    analyze()


def allocated() -> dict:
    with connection.cursor() as c:
        c.execute("SELECT component, COUNT(*), COALESCE(SUM(amount), 0) FROM receivables_allocation "
                  "GROUP BY component ORDER BY component")
        return {component: {"rows": rows, "amount": str(Decimal(amount))} for component, rows, amount in c.fetchall()}


def run_sinergi() -> float:
    from sinergi.receivables.models import Payment
    from sinergi.receivables.payments import payments_allocate_batch

    ids = list(Payment.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    payments_allocate_batch(payments=ids, actor=None)
    return time.perf_counter() - started


def run_set_sql() -> float:
    """The limit: one statement that lays each employer's cumulative outstanding principal (oldest month,
    then programme) and cumulative money (payment date, then id) on one line and cuts it at every boundary;
    each piece belongs to the next item and the next payment at or after it. Window functions only, no join,
    so it runs in O(n log n) on SQLite as on PostgreSQL. Principal only: no denda, no credit bookkeeping."""
    shift = 2**40  # an item's (payment's) ordinal and id packed in one integer, so MIN() carries both
    rank = "CASE l.programme WHEN 'JKK' THEN 1 WHEN 'JKM' THEN 2 WHEN 'JHT' THEN 3 WHEN 'JP' THEN 4 ELSE 5 END"
    sql = f"""
        INSERT INTO receivables_allocation (payment_id, bill_id, component, programme, amount, reversed, created_at)
        SELECT pay_code % {shift}, (item_code % {shift}) / 8, 'principal',
               CASE item_code % 8 WHEN 1 THEN 'JKK' WHEN 2 THEN 'JKM' WHEN 3 THEN 'JHT' WHEN 4 THEN 'JP' ELSE 'JKP' END,
               SUM(piece), FALSE, CURRENT_TIMESTAMP
        FROM (
            SELECT pos - COALESCE(LAG(pos) OVER (PARTITION BY e ORDER BY pos, tie), 0) AS piece,
                   MIN(item_code) OVER ahead AS item_code, MIN(pay_code) OVER ahead AS pay_code
            FROM (
                SELECT b.employer_id AS e, 0 AS tie,
                       SUM(SUM(l.amount)) OVER (PARTITION BY b.employer_id ORDER BY b.period, {rank}
                                                ROWS UNBOUNDED PRECEDING) AS pos,
                       ROW_NUMBER() OVER (PARTITION BY b.employer_id ORDER BY b.period, {rank}) * {shift}
                           + l.bill_id * 8 + {rank} AS item_code,
                       NULL AS pay_code
                FROM receivables_billline l JOIN receivables_bill b ON b.id = l.bill_id
                GROUP BY b.employer_id, l.bill_id, b.period, l.programme
                UNION ALL
                SELECT employer_id, 1,
                       SUM(amount) OVER (PARTITION BY employer_id ORDER BY paid_on, id ROWS UNBOUNDED PRECEDING),
                       NULL,
                       ROW_NUMBER() OVER (PARTITION BY employer_id ORDER BY paid_on, id) * {shift} + id
                FROM receivables_payment WHERE status = 'posted'
            ) points
            WINDOW ahead AS (PARTITION BY e ORDER BY pos, tie ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
        ) pieces
        WHERE piece > 0 AND item_code IS NOT NULL AND pay_code IS NOT NULL
        GROUP BY pay_code, item_code
    """
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    return time.perf_counter() - started


def sample_payments(sample: int) -> list:
    from sinergi.receivables.models import Payment

    employers = max(1, sample // PAYMENTS_PER_EMPLOYER)
    first = list(Payment.objects.order_by("employer_id").values_list("employer_id", flat=True).distinct()[:employers])
    return list(Payment.objects.filter(employer_id__in=first).select_related("employer").order_by("paid_on", "pk"))


def run_naive(payments: list) -> float:
    """The floor: what a straightforward ORM implementation does, payment by payment."""
    from django.db.models import Sum

    from sinergi.receivables.models import Allocation, Bill
    from sinergi.receivables.penalties import bill_penalty

    order = ("JKK", "JKM", "JHT", "JP", "JKP")
    started = time.perf_counter()
    with transaction.atomic():
        for payment in payments:
            remaining = payment.amount
            for bill in Bill.objects.filter(employer_id=payment.employer_id).order_by("period"):
                if remaining <= 0:
                    break
                lines = {row["programme"]: row["total"] for row in
                         bill.lines.values("programme").annotate(total=Sum("amount"))}
                for programme in sorted(lines, key=order.index):
                    paid = (Allocation.objects.filter(bill=bill, programme=programme, component="principal",
                                                      reversed=False).aggregate(t=Sum("amount"))["t"] or 0)
                    take = min(lines[programme] - paid, remaining)
                    if take > 0:
                        Allocation.objects.create(payment=payment, bill=bill, component="principal",
                                                  programme=programme, amount=take)
                        remaining -= take
                if remaining > 0 and payment.paid_on > bill.due_date:
                    owed = bill_penalty(bill=bill, as_of=payment.paid_on).outstanding
                    if owed > 0:
                        Allocation.objects.create(payment=payment, bill=bill, component="penalty", amount=min(owed,
                                                                                                             remaining))
                        remaining -= min(owed, remaining)
    return time.perf_counter() - started


def run_per_payment(payments: list) -> float:
    from sinergi.receivables.payments import PaymentError, payment_allocate

    started = time.perf_counter()
    for payment in payments:
        try:
            payment_allocate(payment=payment, actor=None)
        except PaymentError:
            pass  # already applied by an earlier payment's allocation as credit
    return time.perf_counter() - started


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2000, help="payments for the per-payment floor")
    args = parser.parse_args()

    with throwaway_database():
        generate_s, sizes = timed(lambda: generate(args.payments))
        analyze()
        sinergi_s = run_sinergi()
        sinergi_allocated = allocated()
        clear_allocations()
        set_sql_s = run_set_sql()
        set_sql_allocated = allocated()
        clear_allocations()
        sample = sample_payments(args.sample)
        scale = sizes["payments"] / len(sample)
        naive_s = run_naive(sample) * scale
        clear_allocations()
        per_payment_s = run_per_payment(sample) * scale

    return figures_print({
        "payments": sizes["payments"],
        "employers": sizes["employers"],
        "bills": sizes["bills"],
        "generate_s": round(generate_s, 2),
        "sinergi_s": round(sinergi_s, 2),
        "set_sql_s": round(set_sql_s, 2),
        "naive_s_extrapolated": round(naive_s, 1),
        "per_payment_allocate_s_extrapolated": round(per_payment_s, 1),
        "ratio_vs_set_sql": round(sinergi_s / set_sql_s, 2),
        "ratio_vs_naive": round(naive_s / sinergi_s, 1),
        "sample": len(sample),
        "sinergi_allocated": sinergi_allocated,
        "set_sql_allocated": set_sql_allocated,
        "database": connection.vendor,
    }, args)


if __name__ == "__main__":
    sys.exit(main())
