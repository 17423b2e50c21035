"""Writes of the coverage app: the monthly facts (numerator) and the workforce estimates (denominator).

``coverage_facts_compute`` recomputes one month under one definition of an active participant in ONE
transaction: DELETE the month's facts, then one ``INSERT … SELECT … GROUP BY`` over the registry and the
ledger, then one ``UPDATE`` that resolves the regency's and province's Pemda (their scope), and one audit
event with the counts. Running it twice gives the same rows (idempotent).

Who is active in month M (``sinergi.rules.coverage``; assumptions in docs/coverage.md):

- **PU and Jakon** (employments; Jakon = the employer is a construction project): the employment is open on
  some day of M (start ≤ last day, end empty or ≥ first day), enrolled in the programme (its flag), and the
  employer's bill for M has a net positive line for the programme (*billed*). *paid* also needs the
  principal allocated to that bill and programme, from posted, non-reversed payments made on or before
  ``paid_by`` (default today), to reach the billed amount.
- **BPU rentan** (funding APBD): the membership is open on some day of M and the programme's wadah employer
  (``rentan.Programme.employer``, matched by ``programme_code``) has a bill for M with a line for the
  programme (JKK, JKM; JHT when the membership includes it), paid likewise for *paid*.
- **BPU mandiri** (self or APBN funding): the ledger holds no bills for them (BPU mandiri pay in advance at
  the counter or through partners), so an open membership counts under both definitions; JKK and JKM, JHT
  when enrolled. This is an assumption, named in every report.

Dimensions: the employer's region (the worker's for BPU) cut to the regency (``PP.KK``) and province; the
employer's (participant's) branch; the KBLI category letter (PU, Jakon) or the occupation as written (BPU,
lower case, 40 characters); the segment; the programme.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.coverage.models import CoverageFact
from sinergi.rules.coverage import DEFINITIONS

_PROGRAMMES = ("SELECT 'jkk' AS code UNION ALL SELECT 'jkm' UNION ALL SELECT 'jht' UNION ALL SELECT 'jp' "
               "UNION ALL SELECT 'jkp'")
_BILLED = (
    "(SELECT b.id AS bill_id, b.employer_id AS employer_id, LOWER(l.programme) AS code, SUM(l.amount) AS billed"
    " FROM receivables_bill b JOIN receivables_billline l ON l.bill_id = b.id WHERE b.period = %s"
    " GROUP BY b.id, b.employer_id, LOWER(l.programme) HAVING SUM(l.amount) > 0)"
)
_PAID = (
    "(SELECT a.bill_id AS bill_id, LOWER(a.programme) AS code, SUM(a.amount) AS paid"
    " FROM receivables_allocation a JOIN receivables_payment pay ON pay.id = a.payment_id"
    " JOIN receivables_bill b ON b.id = a.bill_id"
    " WHERE b.period = %s AND a.component = 'principal' AND a.reversed = %s AND pay.status = 'posted'"
    " AND pay.paid_on <= %s GROUP BY a.bill_id, LOWER(a.programme))"
)


def month_start(value) -> dt.date:
    """The first day of the month of a date or a ``YYYY-MM`` text."""
    if isinstance(value, str):
        year, month = value.strip()[:7].split("-")
        return dt.date(int(year), int(month), 1)
    return value.replace(day=1)


def month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _select_sql(*, paid: bool) -> str:
    """The participant rows of a month (one per worker × cell); its parameters are ``_params``, in order."""
    paid_clause = " AND COALESCE(pd.paid, 0) >= bl.billed" if paid else ""
    flag = ("CASE p.code WHEN 'jkk' THEN e.jkk WHEN 'jkm' THEN e.jkm WHEN 'jht' THEN e.jht WHEN 'jp' THEN e.jp"
            " WHEN 'jkp' THEN e.jkp END = %s")
    employments = (
        "SELECT e.worker_id AS worker_id, r.branch_id AS branch_id, r.region_id AS region_id,"  # noqa: S608 (constants)
        " COALESCE(r.sector, '') AS sector,"
        " CASE WHEN r.is_construction_project = %s THEN 'jakon' ELSE 'pu' END AS segment, p.code AS programme"
        " FROM registry_employment e JOIN registry_employer r ON r.id = e.employer_id"
        f" CROSS JOIN ({_PROGRAMMES}) p"
        f" JOIN {_BILLED} bl ON bl.employer_id = r.id AND bl.code = p.code"
        f" LEFT JOIN {_PAID} pd ON pd.bill_id = bl.bill_id AND pd.code = bl.code"
        f" WHERE e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s) AND {flag}{paid_clause}"
    )
    bpu = (
        "SELECT bp.worker_id AS worker_id, bp.branch_id AS branch_id, w.region_id AS region_id,"  # noqa: S608
        " SUBSTR(LOWER(TRIM(bp.occupation)), 1, 40) AS sector,"
        " CASE WHEN bp.funding = 'apbd' THEN 'bpu_rentan' ELSE 'bpu' END AS segment, p.code AS programme"
        " FROM registry_bpuparticipant bp JOIN registry_worker w ON w.id = bp.worker_id"
        f" CROSS JOIN ({_PROGRAMMES}) p"
        " LEFT JOIN rentan_programme pg ON pg.code = bp.programme_code AND bp.funding = 'apbd'"
        f" LEFT JOIN {_BILLED} bl ON bl.employer_id = pg.employer_id AND bl.code = p.code"
        f" LEFT JOIN {_PAID} pd ON pd.bill_id = bl.bill_id AND pd.code = bl.code"
        " WHERE bp.start_date <= %s AND (bp.end_date IS NULL OR bp.end_date >= %s)"
        " AND (p.code IN ('jkk', 'jkm') OR (p.code = 'jht' AND bp.jht = %s))"
        f" AND (bp.funding <> 'apbd' OR (bl.bill_id IS NOT NULL{paid_clause}))"
    )
    return f"{employments} UNION ALL {bpu}"


def _params(*, first: dt.date, last: dt.date, paid_by: dt.date) -> list:
    employments = [True, first, first, False, paid_by, last, first, True]
    bpu = [first, first, False, paid_by, last, first, True]
    return employments + bpu


_REGENCY = "CASE WHEN LENGTH(x.region_id) >= 5 THEN SUBSTR(x.region_id, 1, 5) ELSE '' END"
_PROVINCE = "CASE WHEN LENGTH(x.region_id) >= 2 THEN SUBSTR(x.region_id, 1, 2) ELSE '' END"


@transaction.atomic
def coverage_facts_compute(*, month, definition: str, actor, paid_by: dt.date | None = None) -> dict:
    """Recompute the facts of ``month`` under ``definition`` (billed | paid); see the module docstring.
    Returns the counts."""
    if definition not in DEFINITIONS:
        raise ValueError(f"unknown definition {definition!r}; expected one of {', '.join(DEFINITIONS)}")
    first = month_start(month)
    last = month_end(first)
    paid_by = paid_by or clock.today()
    computed_at = clock.now()
    table = CoverageFact._meta.db_table
    select = _select_sql(paid=definition == "paid")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE month = %s AND definition = %s", [first, definition])  # noqa: S608
        deleted = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {table} (month, definition, province_code, regency_code, branch_id, sector, segment,"  # noqa: S608
            " programme, participants, scale, computed_at)"
            f" SELECT %s, %s, {_PROVINCE}, {_REGENCY}, x.branch_id, x.sector, x.segment, x.programme,"
            " COUNT(DISTINCT x.worker_id), 1, %s"
            f" FROM ({select}) x"
            f" GROUP BY {_PROVINCE}, {_REGENCY}, x.branch_id, x.sector, x.segment, x.programme",
            [first, definition, computed_at, *_params(first=first, last=last, paid_by=paid_by)],
        )
        cursor.execute(
            f"UPDATE {table} SET"  # noqa: S608
            " pemda_regency_id = (SELECT MIN(u.id) FROM orgs_orgunit u WHERE u.kind = 'pemkab'"
            f"   AND u.region_id = {table}.regency_code),"
            " pemda_province_id = (SELECT MIN(u.id) FROM orgs_orgunit u WHERE u.kind = 'pemprov'"
            f"   AND u.region_id = {table}.province_code),"
            " disnaker_regency_id = (SELECT MIN(u.id) FROM orgs_orgunit u WHERE u.kind = 'opd'"
            f"   AND u.opd_type = 'disnaker' AND u.region_id = {table}.regency_code),"
            " disnaker_province_id = (SELECT MIN(u.id) FROM orgs_orgunit u WHERE u.kind = 'opd'"
            f"   AND u.opd_type = 'disnaker' AND u.region_id = {table}.province_code)"
            " WHERE month = %s AND definition = %s",
            [first, definition],
        )
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(participants), 0) FROM {table}"  # noqa: S608
                       " WHERE month = %s AND definition = %s AND programme = 'jkk'", [first, definition])
        rows_jkk, participants_jkk = cursor.fetchone()
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE month = %s AND definition = %s",  # noqa: S608
                       [first, definition])
        (rows,) = cursor.fetchone()
    counts = {"month": first.strftime("%Y-%m"), "definition": definition, "deleted": deleted, "rows": rows,
              "participants_jkk": int(participants_jkk), "paid_by": paid_by.isoformat()}
    audit_record(actor=actor, action="coverage.facts_compute", object_type="coverage.month",
                 object_id=f"{first:%Y-%m}/{definition}", object_repr=f"Cakupan {first:%Y-%m} ({definition})",
                 after=counts)
    return counts


def months_between(first, last) -> list[dt.date]:
    month, end, months = month_start(first), month_start(last), []
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


@transaction.atomic
def coverage_facts_scale(*, months: list[dt.date], province_code: str, factor: Decimal, actor) -> int:
    """The demo only: multiply the freshly computed (unscaled) facts of a province by ``factor`` and store it
    on them, because the demo registry is smaller than the province. Per month, definition and programme the
    total is rounded once (half up) and shared between the cells in proportion to their counts, the last
    cell taking the remainder (``rules.money.split_amount``), so the scaled cells add up to the scaled total.
    Facts already scaled are left alone (recompute them first), so running it twice changes nothing."""
    from sinergi.rules.money import split_amount

    factor = Decimal(factor).quantize(Decimal("0.000001"))
    if factor <= 0:
        raise ValueError("factor must be positive")
    cells = list(CoverageFact.objects.select_for_update().filter(
        month__in=months, province_code=province_code, scale=1).order_by("month", "definition", "programme", "id"))
    groups: dict[tuple, list[CoverageFact]] = {}
    for cell in cells:
        groups.setdefault((cell.month, cell.definition, cell.programme), []).append(cell)
    for group in groups.values():
        raw = sum(c.participants for c in group)
        total = (Decimal(raw) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        for cell, part in zip(group, split_amount(total, [Decimal(c.participants) for c in group]), strict=True):
            cell.participants, cell.scale = int(part), factor
    CoverageFact.objects.bulk_update(cells, ["participants", "scale"], batch_size=1000)
    audit_record(actor=actor, action="coverage.facts_scale", object_type="coverage.province",
                 object_id=province_code, object_repr=f"Skala demo cakupan {province_code} ×{factor}",
                 after={"months": len(set(months)), "cells": len(cells), "factor": str(factor)})
    return len(cells)
