"""Monthly billing, set-wise in the database.

One run computes, for every employer in scope, what it owes for one contribution month: per programme and
payer, the sum over its workers of ``round_rupiah(min(wage, cap) × rate)`` — exactly the per-worker lines
of ``sinergi rules contribution`` (the rate table comes from ``sinergi.rules.rate_table``; there is no
second copy of the law here). The arithmetic runs in SQL on integers: rates are scaled by 10^8, so
``(base × rate_scaled + 5·10^7) div 10^8`` is the half-up rounding of the rules, identical on SQLite and
PostgreSQL.

What a month includes (documented assumptions, see docs/receivables.md):
- an employment is billed for the whole month when it is active on any day of it (no pro rata);
- the wage is the one in force on the last day of the month (latest report effective on or before it);
- the employer pays the employer and worker shares (the worker share is withheld from wages); the
  government's JKP share is not an employer receivable and is not billed;
- PP 49/2020 (COVID) relief applies to every employer inside its window; PP 7/2025 (padat karya) to the
  employers whose industry and headcount pass ``padat_karya_check`` for the month;
- the employer's current status does not stop billing: ended employments do.

Idempotent and atomic: a run compares what the month should hold with the lines already billed and writes
only the differences (new bills get regular lines, billed months get adjustment lines), all in one
transaction. Running the same month again writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.orgs.models import OrgUnit
from sinergi.receivables.models import BillingRun
from sinergi.receivables.summaries import summaries_refresh_where
from sinergi.rules import Period, RulesError, due_date, padat_karya_check, rate_table

SCALE = 10**8
PAYERS = ("employer", "worker")
PROGRAMME_FLAGS = {"JKK": "jkk", "JKM": "jkm", "JHT": "jht", "JP": "jp", "JKP": "jkp"}


class BillingError(ValueError):
    pass


@dataclass(frozen=True)
class RateRow:
    rate_set: str
    programme: str
    risk_group: int | None
    payer: str
    rate_scaled: int
    cap: int | None
    rate: Decimal
    reference: str


def _scaled(rate: Decimal) -> int:
    scaled = rate * SCALE
    if scaled != scaled.to_integral_value():
        raise BillingError(f"rate {rate} has more than 8 decimals; widen SCALE")
    return int(scaled)


def rate_rows(period: Period) -> list[RateRow]:
    """The period's billable rates: the standard set (with COVID relief inside its window) and, when the
    PP 7/2025 window is open, the padat-karya set."""
    sets = {"standard": rate_table(period=period, relief="covid")}
    padat_karya = rate_table(period=period, relief="padat-karya")
    if padat_karya.relief:
        sets["padat_karya"] = padat_karya
    rows = []
    for name, table in sets.items():
        for entry in table.entries:
            if entry.payer not in PAYERS:
                continue
            rows.append(RateRow(
                rate_set=name, programme=entry.programme, risk_group=entry.risk_group, payer=entry.payer,
                rate_scaled=_scaled(entry.rate), cap=int(entry.wage_cap) if entry.wage_cap is not None else None,
                rate=entry.rate, reference=entry.reference[:255],
            ))
    return rows


def _branch_ids(branch: OrgUnit | None) -> list[int] | None:
    if branch is None:
        return None
    return list(OrgUnit.objects.filter(path__startswith=branch.path).values_list("pk", flat=True))


def _in_clause(column: str, ids: list[int] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    if not ids:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _padat_karya_employers(cursor, period: Period, first, last, branch_ids) -> list[int]:
    """Employers with a padat-karya industry whose headcount in the month passes the PP 7/2025 test."""
    branch_sql, branch_params = _in_clause("r.branch_id", branch_ids)
    cursor.execute(
        "SELECT r.id, r.relief_industry, COUNT(e.id) FROM registry_employer r "  # noqa: S608 (placeholders only)
        "JOIN registry_employment e ON e.employer_id = r.id "
        "WHERE r.relief_industry <> '' AND e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s)"
        f"{branch_sql} GROUP BY r.id, r.relief_industry",
        [last, first, *branch_params],
    )
    eligible = []
    for employer_id, industry, workers in cursor.fetchall():
        try:
            ok = padat_karya_check(period=period, workers=int(workers), industry=industry)[0]
        except RulesError:
            ok = False
        if ok:
            eligible.append(employer_id)
    return eligible


def _programme_condition() -> str:
    return "(" + " OR ".join(
        f"(rt.programme = '{programme}' AND em.{flag} = %s)" for programme, flag in PROGRAMME_FLAGS.items()
    ) + ")"


def billing_run(
    *, period: str | Period, actor=None, branch: OrgUnit | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> BillingRun:
    """Bill one contribution month for every employer (or those under ``branch``); see the module doc."""
    period = Period.parse(period)
    first, last = period.first_day, period.last_day
    rates = rate_rows(period)
    due = due_date(period=period, kind="pu").due_date
    branch_ids = _branch_ids(branch)
    step = progress or (lambda done, total, message: None)

    with transaction.atomic():
        run = BillingRun.objects.create(
            period=first, branch=branch, created_by=actor if getattr(actor, "is_authenticated", False) else None,
            org_unit=branch or getattr(actor, "org_unit", None),
        )
        with connection.cursor() as cursor:
            for table in ("billing_rates", "billing_relief", "billing_workers", "billing_expected", "billing_diff"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                "CREATE TEMP TABLE billing_rates (rate_set VARCHAR(20), programme VARCHAR(3), risk_group INTEGER, "
                "payer VARCHAR(8), rate_scaled BIGINT, cap BIGINT, rate NUMERIC(12, 8), reference VARCHAR(255))"
            )
            cursor.executemany(
                "INSERT INTO billing_rates VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [(r.rate_set, r.programme, r.risk_group, r.payer, r.rate_scaled, r.cap, r.rate, r.reference)
                 for r in rates],
            )
            cursor.execute("CREATE TEMP TABLE billing_relief (employer_id BIGINT PRIMARY KEY)")
            relief = _padat_karya_employers(cursor, period, first, last, branch_ids) \
                if any(r.rate_set == "padat_karya" for r in rates) else []
            if relief:
                cursor.executemany("INSERT INTO billing_relief VALUES (%s)", [(e,) for e in relief])
            step(1, 5, "tarif")

            # 1. Every employment of the month with its wage, staged (and analysed on PostgreSQL: without
            #    statistics the planner guesses a handful of rows and picks nested loops over a million).
            branch_sql, branch_params = _in_clause("r.branch_id", branch_ids)
            cursor.execute(
                "CREATE TEMP TABLE billing_workers AS "  # noqa: S608 (placeholders only)
                "SELECT x.employer_id, x.risk_group, x.rate_set, x.jkk, x.jkm, x.jht, x.jp, x.jkp, x.wage FROM ("
                "  SELECT e.employer_id, r.jkk_risk_group AS risk_group,"
                "         CASE WHEN rl.employer_id IS NULL THEN 'standard' ELSE 'padat_karya' END AS rate_set,"
                "         e.jkk, e.jkm, e.jht, e.jp, e.jkp, CAST(w.wage AS BIGINT) AS wage,"
                "         ROW_NUMBER() OVER (PARTITION BY w.employment_id ORDER BY w.effective_from DESC) AS rn"
                "  FROM registry_employment e JOIN registry_employer r ON r.id = e.employer_id"
                "  JOIN registry_wagereport w ON w.employment_id = e.id AND w.effective_from <= %s"
                "  LEFT JOIN billing_relief rl ON rl.employer_id = e.employer_id"
                f"  WHERE e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s){branch_sql}"
                ") x WHERE x.rn = 1",
                [last, last, first, *branch_params],
            )
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE billing_workers")
                cursor.execute("ANALYZE billing_rates")

            # 2. What the month should hold, per employer × programme × payer.
            cursor.execute(
                "CREATE TEMP TABLE billing_expected AS "  # noqa: S608 (placeholders and constants only)
                "SELECT employer_id, programme, payer, MAX(rate) AS rate, MAX(reference) AS reference,"
                "       COUNT(*) AS workers, SUM(base) AS base,"
                f"      SUM((base * rate_scaled + {SCALE // 2}) / {SCALE}) AS amount FROM ("
                "  SELECT em.employer_id, rt.programme, rt.payer, rt.rate_scaled, rt.rate, rt.reference,"
                "         CASE WHEN rt.cap IS NOT NULL AND em.wage > rt.cap THEN rt.cap ELSE em.wage END AS base"
                "  FROM billing_workers em JOIN billing_rates rt ON rt.rate_set = em.rate_set"
                "   AND (rt.risk_group IS NULL OR rt.risk_group = em.risk_group)"
                f"   AND {_programme_condition()}"
                ") lines GROUP BY employer_id, programme, payer",
                [True] * len(PROGRAMME_FLAGS),
            )
            step(2, 5, "iuran dihitung")

            # 3. The difference with what is already billed for the month.
            bill_branch_sql, bill_branch_params = _in_clause("r.branch_id", branch_ids)
            cursor.execute(
                "CREATE TEMP TABLE billing_diff AS "  # noqa: S608 (placeholders only)
                "SELECT employer_id, programme, payer, MAX(rate) AS rate, MAX(reference) AS reference,"
                "       SUM(workers) AS workers, SUM(base) AS base, SUM(amount) AS amount FROM ("
                "  SELECT employer_id, programme, payer, rate, reference, workers, base, amount FROM billing_expected"
                "  UNION ALL"
                "  SELECT b.employer_id, l.programme, l.payer, NULL, NULL, -l.workers, -CAST(l.base AS BIGINT),"
                "         -CAST(l.amount AS BIGINT)"
                "  FROM receivables_billline l JOIN receivables_bill b ON b.id = l.bill_id"
                "  JOIN registry_employer r ON r.id = b.employer_id"
                # Lines of other payers (a Pemda's BPU contributions, sinergi.rentan) are not the run's to adjust.
                f"  WHERE b.period = %s AND l.payer IN ('employer', 'worker'){bill_branch_sql}"
                ") x GROUP BY employer_id, programme, payer"
                " HAVING SUM(amount) <> 0 OR SUM(base) <> 0 OR SUM(workers) <> 0",
                [first, *bill_branch_params],
            )
            step(3, 5, "selisih")

            # 4. Bills for employers billed for the first time this month, then the lines.
            cursor.execute(
                "INSERT INTO receivables_bill (employer_id, period, due_date, principal, created_run_id) "
                "SELECT DISTINCT d.employer_id, %s, %s, 0, %s FROM billing_diff d "
                "WHERE NOT EXISTS (SELECT 1 FROM receivables_bill b WHERE b.employer_id = d.employer_id "
                "AND b.period = %s)",
                [first, due, run.pk, first],
            )
            bills_created = cursor.rowcount
            cursor.execute(
                "INSERT INTO receivables_billline (bill_id, run_id, kind, programme, payer, workers, base, rate, "
                "amount, reference) "
                "SELECT b.id, %s, CASE WHEN b.created_run_id = %s THEN 'regular' ELSE 'adjustment' END,"
                "       d.programme, d.payer, d.workers, d.base,"
                "       COALESCE(d.rate, (SELECT MAX(rt.rate) FROM billing_rates rt WHERE rt.programme = d.programme"
                "                         AND rt.payer = d.payer)), d.amount,"
                "       COALESCE(d.reference, '') "
                "FROM billing_diff d JOIN receivables_bill b ON b.employer_id = d.employer_id AND b.period = %s",
                [run.pk, run.pk, first],
            )
            lines_written = cursor.rowcount
            step(4, 5, "tagihan ditulis")

            # 5. Keep each touched bill's principal equal to the sum of its lines.
            cursor.execute(
                "UPDATE receivables_bill SET principal = (SELECT COALESCE(SUM(l.amount), 0) "
                "FROM receivables_billline l WHERE l.bill_id = receivables_bill.id) "
                "WHERE period = %s AND employer_id IN (SELECT DISTINCT employer_id FROM billing_diff)",
                [first],
            )
            summaries_refresh_where(where="b.employer_id IN (SELECT employer_id FROM billing_diff)", params=[])
            cursor.execute(
                "SELECT COUNT(DISTINCT employer_id), COALESCE(SUM(amount), 0), COALESCE(SUM(workers), 0) "
                "FROM billing_expected"
            )
            employers, expected_total, worker_lines = cursor.fetchone()
            cursor.execute(
                "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM billing_diff d WHERE EXISTS ("
                "SELECT 1 FROM receivables_bill b WHERE b.employer_id = d.employer_id AND b.period = %s "
                "AND b.created_run_id <> %s)",
                [first, run.pk],
            )
            adjustment_lines, adjustment_total = cursor.fetchone()
            for table in ("billing_rates", "billing_relief", "billing_workers", "billing_expected", "billing_diff"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")

        run.counts = {
            "employers": int(employers), "bills_created": int(bills_created), "lines": int(lines_written),
            "adjustment_lines": int(adjustment_lines), "adjustment_amount": str(Decimal(adjustment_total)),
            "amount": str(Decimal(expected_total)), "padat_karya_employers": len(relief),
            "due_date": due.isoformat(),
        }
        run.status = BillingRun.Status.SUCCEEDED
        run.finished_at = clock.now()
        run.save(update_fields=["counts", "status", "finished_at"])
        audit_record(actor=actor, action="receivables.billing_run", obj=run, scope_unit=run.org_unit,
                     after={"period": str(period), **run.counts})
        step(5, 5, "selesai")
    return run
