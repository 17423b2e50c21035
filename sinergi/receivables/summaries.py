"""The stored per-employer position (EmployerSummary), recomputed set-wise from the ledger.

Same definitions as the aging report (``receivables.aging``): paid is principal allocated from posted,
non-reversed payments made on or before the day; arrears is principal outstanding on bills due before the
day; months overdue counts full months since the oldest unpaid due date; the class follows the months
thresholds of the rules parameters in force on the day.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from sinergi import clock
from sinergi.receivables.aging import _class_sql, _months_between_sql, reporting_memory, thresholds_on
from sinergi.receivables.models import EmployerSummary

CHUNK = 500


def _refresh(*, on: dt.date, where: str, params: list) -> int:
    """Recompute the summaries of the employers selected by ``where`` (SQL on ``b.employer_id``)."""
    _scheme, limits, _refs = thresholds_on(on)
    table = EmployerSummary._meta.db_table
    months = _months_between_sql("%s", "x.oldest_unpaid_due")
    klass = _class_sql(f"(CASE WHEN x.oldest_unpaid_due IS NULL THEN 0 ELSE {months} END)", limits)
    with connection.cursor() as cursor:
        reporting_memory(cursor)
        cursor.execute(f"DELETE FROM {table} WHERE employer_id IN (SELECT b.employer_id FROM receivables_bill b "  # noqa: S608
                       f"WHERE {where})", params)
        cursor.execute(
            f"INSERT INTO {table} (employer_id, billed, paid, outstanding, arrears, unpaid_bills,"  # noqa: S608
            " oldest_unpaid_due, months_overdue, klass, workers, computed_on) "
            "SELECT x.employer_id, x.billed, x.paid, x.billed - x.paid, x.arrears, x.unpaid_bills,"
            f" x.oldest_unpaid_due, CASE WHEN x.oldest_unpaid_due IS NULL THEN 0 ELSE {months} END, {klass},"
            "  (SELECT COUNT(*) FROM registry_employment e WHERE e.employer_id = x.employer_id"
            "   AND e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s)), %s "
            "FROM ("
            "  SELECT b.employer_id, SUM(b.principal) AS billed, SUM(COALESCE(p.paid, 0)) AS paid,"
            "    SUM(CASE WHEN b.due_date < %s AND b.principal > COALESCE(p.paid, 0)"
            "        THEN b.principal - COALESCE(p.paid, 0) ELSE 0 END) AS arrears,"
            "    SUM(CASE WHEN b.principal > COALESCE(p.paid, 0) THEN 1 ELSE 0 END) AS unpaid_bills,"
            "    MIN(CASE WHEN b.due_date < %s AND b.principal > COALESCE(p.paid, 0) THEN b.due_date END)"
            "      AS oldest_unpaid_due"
            "  FROM receivables_bill b LEFT JOIN ("
            # Narrowed to the selected employers' bills: a chunk of 500 must not re-total every allocation.
            "    SELECT a.bill_id, SUM(a.amount) AS paid FROM receivables_allocation a"
            "    JOIN receivables_payment pay ON pay.id = a.payment_id"
            "    JOIN receivables_bill b ON b.id = a.bill_id"
            "    WHERE a.component = 'principal' AND a.reversed = %s AND pay.status = 'posted' AND pay.paid_on <= %s"
            f"    AND {where}"
            "    GROUP BY a.bill_id"
            "  ) p ON p.bill_id = b.id"
            f"  WHERE {where} GROUP BY b.employer_id"
            ") x",
            [*([on] * months.count("%s")), *([on] * klass.count("%s")), on, on, on, on, on, False, on, *params,
             *params],
        )
        return cursor.rowcount


def summaries_refresh(*, employer_ids=None, on: dt.date | None = None) -> int:
    """Recompute the summaries of some employers (ids), or of all when ``employer_ids`` is None."""
    on = on or clock.today()
    with transaction.atomic():
        if employer_ids is None:
            return _refresh(on=on, where="1 = 1", params=[])
        ids = sorted(set(int(i) for i in employer_ids))
        written = 0
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            written += _refresh(on=on, where=f"b.employer_id IN ({', '.join(['%s'] * len(chunk))})",
                                params=chunk)
        return written


def summaries_refresh_where(*, where: str, params: list, on: dt.date | None = None) -> int:
    """For set-wise callers that already hold their employers in a (temp) table: ``where`` filters
    ``receivables_bill b`` by SQL of their own, e.g. ``b.employer_id IN (SELECT employer_id FROM t)``."""
    return _refresh(on=on or clock.today(), where=where, params=params)
