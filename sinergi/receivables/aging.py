"""Aging of contribution receivables and collectibility, set-wise.

For every employer: the principal still outstanding on bills already due (billed − principal allocated from
posted payments made on or before the date), and the months overdue — full months since the due date of
its oldest unpaid bill (the definition of ``sinergi.rules.collectibility_classify``). The class follows the
deployment's months-overdue thresholds, read from the rules parameters in force on the date, so the SQL
CASE and ``collectibility_classify`` are the same law.

Amounts are principal only; penalties (denda) are shown beside them by the ledger, not aged.
The letters scheme (PMK 69/2014 jo. 207/2019: unpaid Surat Tagihan) needs the warning letters of the
enforcement ladder and is refused here with a message until those exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from sinergi.audit.services import audit_record
from sinergi.receivables.models import CollectibilitySnapshot
from sinergi.rules.params import require

CLASSES = ("lancar", "kurang_lancar", "diragukan", "macet")
# Display buckets of months overdue (a report layout, not law): (label, lowest, highest or None).
BUCKETS = (("0", 0, 0), ("1-2", 1, 2), ("3-6", 3, 6), ("7-9", 7, 9), ("10-12", 10, 12), ("13-24", 13, 24),
           (">24", 25, None))


class AgingError(ValueError):
    pass


@dataclass
class Tally:
    employers: int = 0
    amount: Decimal = Decimal(0)

    def add(self, amount: Decimal) -> None:
        self.employers += 1
        self.amount += amount

    def as_dict(self) -> dict:
        return {"employers": self.employers, "amount": str(self.amount)}


@dataclass
class AgingResult:
    as_of: dt.date
    scheme: str
    thresholds: dict[str, int]
    references: list[str]
    classes: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CLASSES})
    buckets: dict[str, Tally] = field(default_factory=lambda: {b[0]: Tally() for b in BUCKETS})
    by_branch: dict[int, dict[str, Tally]] = field(default_factory=dict)
    rows: list[tuple[int, int, int, Decimal, str]] = field(default_factory=list)  # employer, branch, months, amount, class

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.classes.values():
            total.employers += tally.employers
            total.amount += tally.amount
        return total

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "scheme": self.scheme,
            "thresholds": self.thresholds,
            "classes": {k: v.as_dict() for k, v in self.classes.items()},
            "buckets": [{"months": k, **v.as_dict()} for k, v in self.buckets.items()],
            "total": self.total.as_dict(),
            "references": self.references,
        }


def reporting_memory(cursor) -> None:
    """Large set-wise aggregates sort and hash millions of rows: on PostgreSQL give this transaction more
    working memory than the 4 MB default so they stay in memory (SET LOCAL ends with the transaction)."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL work_mem = '256MB'")


def thresholds_on(on: dt.date) -> tuple[str, dict[str, int], list[str]]:
    scheme = require("collectibility/default_scheme", on)
    values, references = {}, [f"{scheme.name}: {scheme.reference}"]
    for key in ("lancar_max_months", "kurang_lancar_max_months", "diragukan_max_months"):
        pv = require(f"collectibility/months/{key}", on)
        values[key] = int(pv.value)
        references.append(f"{pv.name}: {pv.reference} ({pv.confidence})")
    return scheme.value, values, references


def _months_between_sql(later: str, earlier: str) -> str:
    """SQL for the full months from ``earlier`` to ``later`` (dates), per engine."""
    if connection.vendor == "postgresql":
        return (f"(EXTRACT(YEAR FROM age({later}, {earlier})) * 12 + EXTRACT(MONTH FROM age({later}, {earlier})))")
    y = "CAST(strftime('%%Y', {d}) AS INTEGER)"  # %% because Django formats the SQL with its params
    m = "CAST(strftime('%%m', {d}) AS INTEGER)"
    d = "CAST(strftime('%%d', {d}) AS INTEGER)"
    return (f"(({y.format(d=later)} * 12 + {m.format(d=later)}) - ({y.format(d=earlier)} * 12 + {m.format(d=earlier)})"
            f" - CASE WHEN {d.format(d=later)} < {d.format(d=earlier)} THEN 1 ELSE 0 END)")


def _class_sql(months: str, limits: dict[str, int]) -> str:
    return (f"CASE WHEN {months} <= {int(limits['lancar_max_months'])} THEN 'lancar' "
            f"WHEN {months} <= {int(limits['kurang_lancar_max_months'])} THEN 'kurang_lancar' "
            f"WHEN {months} <= {int(limits['diragukan_max_months'])} THEN 'diragukan' ELSE 'macet' END")


def _open_sql(branch_ids: list[int] | None) -> tuple[str, list]:
    """Per employer with principal outstanding on due bills: branch, oldest unpaid due date, outstanding.

    Grouped by employer before the employer table is joined (for the branch): joining 1.8 million bill rows
    first costs twice as long on PostgreSQL."""
    branch_filter, params = "", []
    if branch_ids is not None:
        if not branch_ids:
            branch_filter = " AND 1 = 0"
        else:
            branch_filter = (" AND b.employer_id IN (SELECT e.id FROM registry_employer e WHERE e.branch_id IN "  # noqa: S608
                             f"({', '.join(['%s'] * len(branch_ids))}))")
            params = list(branch_ids)
    sql = (
        "WITH paid AS ("  # noqa: S608 (placeholders only)
        "  SELECT a.bill_id, SUM(a.amount) AS paid FROM receivables_allocation a"
        "  JOIN receivables_payment p ON p.id = a.payment_id"
        "  WHERE a.component = 'principal' AND a.reversed = %s AND p.status = 'posted' AND p.paid_on <= %s"
        "  GROUP BY a.bill_id"
        "), open_bills AS ("
        "  SELECT b.employer_id,"
        "    MIN(CASE WHEN b.principal > COALESCE(paid.paid, 0) THEN b.due_date END) AS oldest_due,"
        "    SUM(CASE WHEN b.principal > COALESCE(paid.paid, 0) THEN b.principal - COALESCE(paid.paid, 0)"
        "        ELSE 0 END) AS outstanding"
        "  FROM receivables_bill b LEFT JOIN paid ON paid.bill_id = b.id"
        f"  WHERE b.due_date < %s{branch_filter}"
        "  GROUP BY b.employer_id"
        ") SELECT o.employer_id, r.branch_id, o.oldest_due, o.outstanding"
        " FROM open_bills o JOIN registry_employer r ON r.id = o.employer_id"
        " WHERE o.outstanding > 0"
    )
    return sql, params


def aging_compute(*, as_of: dt.date, branch_ids: list[int] | None = None, keep_rows: bool = False) -> AgingResult:
    """Aging and collectibility of every employer in arrears (under ``branch_ids``; None = all) on ``as_of``.

    Reads the stored positions (EmployerSummary) when every one of them is of ``as_of``, which is the
    usual case for today; otherwise computes from the ledger. Both give the same rows (tested)."""
    from sinergi.receivables.models import EmployerSummary

    summaries = EmployerSummary.objects.all()
    if summaries.filter(computed_on=as_of).exists() and not summaries.exclude(computed_on=as_of).exists():
        return _aging_from_summaries(as_of=as_of, branch_ids=branch_ids, keep_rows=keep_rows)
    return aging_from_ledger(as_of=as_of, branch_ids=branch_ids, keep_rows=keep_rows)


def _tally(result: AgingResult, employer_id, branch_id, months_overdue: int, amount: Decimal, klass: str,
           keep_rows: bool) -> None:
    result.classes[klass].add(amount)
    for label, low, high in BUCKETS:
        if months_overdue >= low and (high is None or months_overdue <= high):
            result.buckets[label].add(amount)
            break
    branch = result.by_branch.setdefault(branch_id, {c: Tally() for c in CLASSES})
    branch[klass].add(amount)
    if keep_rows:
        result.rows.append((employer_id, branch_id, months_overdue, amount, klass))


def _aging_from_summaries(*, as_of: dt.date, branch_ids: list[int] | None, keep_rows: bool) -> AgingResult:
    from sinergi.receivables.models import EmployerSummary

    scheme, limits, references = thresholds_on(as_of)
    result = AgingResult(as_of=as_of, scheme=scheme, thresholds=limits, references=references)
    qs = EmployerSummary.objects.filter(arrears__gt=0)
    if branch_ids is not None:
        qs = qs.filter(employer__branch_id__in=branch_ids)
    for employer_id, branch_id, months, amount, klass in qs.values_list(
            "employer_id", "employer__branch_id", "months_overdue", "arrears", "klass").iterator(chunk_size=5000):
        _tally(result, employer_id, branch_id, months, Decimal(amount), klass, keep_rows)
    return result


def aging_from_ledger(*, as_of: dt.date, branch_ids: list[int] | None = None, keep_rows: bool = False) -> AgingResult:
    """The same aging computed from bills and allocations, for any date."""
    scheme, limits, references = thresholds_on(as_of)
    if scheme != "months":
        raise AgingError("Skema kolektibilitas berdasarkan surat tagihan memerlukan data surat teguran "
                         "(modul penegakan kepatuhan); gunakan skema jumlah bulan tunggakan.")
    open_sql, params = _open_sql(branch_ids)
    months = _months_between_sql("%s", "x.oldest_due")
    sql = (f"SELECT x.employer_id, x.branch_id, {months} AS months, x.outstanding FROM ({open_sql}) x")  # noqa: S608
    result = AgingResult(as_of=as_of, scheme=scheme, thresholds=limits, references=references)
    lancar, kurang, ragu = (limits["lancar_max_months"], limits["kurang_lancar_max_months"],
                            limits["diragukan_max_months"])
    with transaction.atomic(), connection.cursor() as cursor:
        reporting_memory(cursor)
        # Placeholders in order: the months expression (as_of), then the open-bills query.
        cursor.execute(sql, [as_of] * months.count("%s") + [False, as_of, as_of, *params])
        for employer_id, branch_id, month_count, outstanding in cursor.fetchall():
            months_overdue = max(0, int(month_count))
            klass = ("lancar" if months_overdue <= lancar else "kurang_lancar" if months_overdue <= kurang
                     else "diragukan" if months_overdue <= ragu else "macet")
            _tally(result, employer_id, branch_id, months_overdue, Decimal(outstanding), klass, keep_rows)
    return result


def collectibility_snapshot(*, month: dt.date, actor=None) -> dict:
    """Record every employer's collectibility at the end of ``month`` (idempotent: the month is replaced
    as a whole in one transaction). Employers without arrears are recorded as lancar with zero outstanding
    only if they have bills, so transitions back to lancar are visible."""
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    scheme, limits, _ = thresholds_on(last)
    if scheme != "months":
        raise AgingError("Skema kolektibilitas berdasarkan surat tagihan belum tersedia.")
    open_sql, params = _open_sql(None)
    months = _months_between_sql("%s", "x.oldest_due")
    klass = _class_sql(f"(CASE WHEN x.oldest_due IS NULL THEN 0 ELSE {months} END)", limits)
    table = CollectibilitySnapshot._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        reporting_memory(cursor)
        cursor.execute(f"DELETE FROM {table} WHERE month = %s", [first])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} (employer_id, month, klass, scheme, months_overdue, outstanding) "  # noqa: S608
            f"SELECT e.employer_id, %s, "
            f"  CASE WHEN x.employer_id IS NULL THEN 'lancar' ELSE {klass} END, %s,"
            f"  CASE WHEN x.employer_id IS NULL THEN 0 ELSE {months} END,"
            "  COALESCE(x.outstanding, 0) "
            "FROM (SELECT DISTINCT employer_id FROM receivables_bill WHERE period <= %s) e "
            f"LEFT JOIN ({open_sql}) x ON x.employer_id = e.employer_id",
            [first, *([last] * klass.count("%s")), scheme, *([last] * months.count("%s")), first,
             False, last, last, *params],
        )
        written = cursor.rowcount
        cursor.execute(f"SELECT klass, COUNT(*) FROM {table} WHERE month = %s GROUP BY klass", [first])  # noqa: S608
        counts = {k: int(v) for k, v in cursor.fetchall()}
        audit_record(actor=actor, action="receivables.collectibility_snapshot", object_type="receivables.month",
                     object_id=first.isoformat(), object_repr=f"Kolektibilitas {first:%Y-%m}",
                     after={"employers": written, **counts})
    return {"month": first.isoformat(), "employers": written, **counts}
