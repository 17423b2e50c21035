"""Writes of the coverage app: the monthly facts (numerator) and the workforce estimates (denominator).

``coverage_facts_compute`` recomputes one month under one definition of an active participant in ONE
transaction, set-wise: DELETE the month's facts; stage ``cov_bill`` (per employer billed in the month, a 0/1
column per programme: billed, or billed and paid) and ``cov_cell`` (one GROUP BY pass over the employments
and one over the BPU memberships, the distinct workers of each programme as a column); then one
``INSERT … SELECT`` per programme from ``cov_cell`` that also resolves the regency's and province's Pemda
and Disnaker (their scope); and one audit event with the counts. Running it twice gives the same rows
(idempotent). The temporary tables are per connection and dropped at the end (a failure rolls them back).

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

PROGRAMMES = ("jkk", "jkm", "jht", "jp", "jkp")
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


def _stage_bills(cursor, *, first: dt.date, paid: bool, paid_by: dt.date) -> None:
    """``cov_bill``: per employer billed in the month, one 0/1 column per programme — its net line for the
    programme is positive (billed) and, for *paid*, fully allocated by ``paid_by``."""
    if paid:
        lines = (
            "SELECT l.employer_id AS employer_id, l.code AS code FROM ("  # noqa: S608
            "  SELECT b.id AS bill_id, b.employer_id AS employer_id, LOWER(x.programme) AS code,"
            "  SUM(x.amount) AS billed FROM receivables_bill b JOIN receivables_billline x ON x.bill_id = b.id"
            "  WHERE b.period = %s GROUP BY b.id, b.employer_id, LOWER(x.programme)) l"
            f" LEFT JOIN {_PAID} pd ON pd.bill_id = l.bill_id AND pd.code = l.code"
            " WHERE l.billed > 0 AND COALESCE(pd.paid, 0) >= l.billed"
        )
        params = [first, first, False, paid_by]
    else:
        lines = (
            "SELECT b.employer_id AS employer_id, LOWER(l.programme) AS code FROM receivables_bill b"
            " JOIN receivables_billline l ON l.bill_id = b.id WHERE b.period = %s"
            " GROUP BY b.employer_id, b.id, LOWER(l.programme) HAVING SUM(l.amount) > 0"
        )
        params = [first]
    flags = ", ".join(f"MAX(CASE WHEN y.code = '{p}' THEN 1 ELSE 0 END) AS {p}" for p in PROGRAMMES)
    cursor.execute("DROP TABLE IF EXISTS cov_bill")
    cursor.execute(f"CREATE TEMP TABLE cov_bill AS SELECT y.employer_id AS employer_id, {flags}"  # noqa: S608
                   f" FROM ({lines}) y GROUP BY y.employer_id", params)
    cursor.execute("CREATE INDEX cov_bill_employer ON cov_bill (employer_id)")
    if connection.vendor == "postgresql":
        cursor.execute("ANALYZE cov_bill")  # autovacuum never analyses temporary tables: plan with real counts


_REGENCY = "CASE WHEN LENGTH({c}) >= 5 THEN SUBSTR({c}, 1, 5) ELSE '' END"
_PROVINCE = "CASE WHEN LENGTH({c}) >= 2 THEN SUBSTR({c}, 1, 2) ELSE '' END"


def _stage_cells(cursor, *, first: dt.date, last: dt.date) -> None:
    """``cov_cell``: one row per regency × branch × sector × segment with the distinct active workers of each
    programme as columns — one pass over the employments (and one over the BPU memberships).

    Counted two ways, by vendor, each the faster where it runs (bench/coverage.py): PostgreSQL hashes one row
    per cell and worker with a 0/1 flag per programme and sums them (five COUNT(DISTINCT …) would sort five
    times); SQLite sorts anyway and is faster with COUNT(DISTINCT …) in one pass. Both count a worker once per
    cell even with two employments in it."""
    two_level = connection.vendor == "postgresql"

    def agg(condition: str, worker: str, name: str) -> str:
        if two_level:
            return f"MAX(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {name}"
        return f"COUNT(DISTINCT CASE WHEN {condition} THEN {worker} END) AS {name}"

    pu_counts = ", ".join(agg(f"e.{p} = %s AND cb.{p} = 1", "e.worker_id", p) for p in PROGRAMMES)
    bpu_counts = ", ".join(
        agg(f"({cond}) AND (bp.funding <> 'apbd' OR cb.{p} = 1)", "bp.worker_id", p)
        for p, cond in (("jkk", "1 = 1"), ("jkm", "1 = 1"), ("jht", "bp.jht = %s"), ("jp", "1 = 0"), ("jkp", "1 = 0")))
    keys = "province_code, regency_code, branch_id, sector, segment"
    sums = ", ".join(f"SUM({p}) AS {p}" for p in PROGRAMMES)
    per_worker_pu, per_worker_bpu = (", e.worker_id", ", bp.worker_id") if two_level else ("", "")
    region, bpu_region = "r.region_id", "w.region_id"
    segment = "CASE WHEN r.is_construction_project = %s THEN 'jakon' ELSE 'pu' END"
    bpu_segment = "CASE WHEN bp.funding = 'apbd' THEN 'bpu_rentan' ELSE 'bpu' END"
    bpu_sector = "SUBSTR(LOWER(TRIM(bp.occupation)), 1, 40)"
    cells = (
        f"SELECT {_PROVINCE.format(c=region)} AS province_code, {_REGENCY.format(c=region)} AS regency_code,"  # noqa: S608
        f" r.branch_id AS branch_id, COALESCE(r.sector, '') AS sector, {segment} AS segment, {pu_counts}"
        " FROM registry_employment e JOIN registry_employer r ON r.id = e.employer_id"
        " JOIN cov_bill cb ON cb.employer_id = r.id"
        " WHERE e.start_date <= %s AND (e.end_date IS NULL OR e.end_date >= %s)"
        f" GROUP BY {_PROVINCE.format(c=region)}, {_REGENCY.format(c=region)}, r.branch_id, COALESCE(r.sector, ''),"
        f" {segment}{per_worker_pu}"
        " UNION ALL "
        f"SELECT {_PROVINCE.format(c=bpu_region)}, {_REGENCY.format(c=bpu_region)}, bp.branch_id, {bpu_sector},"
        f" {bpu_segment}, {bpu_counts}"
        " FROM registry_bpuparticipant bp JOIN registry_worker w ON w.id = bp.worker_id"
        " LEFT JOIN rentan_programme pg ON pg.code = bp.programme_code AND bp.funding = 'apbd'"
        " LEFT JOIN cov_bill cb ON cb.employer_id = pg.employer_id"
        " WHERE bp.start_date <= %s AND (bp.end_date IS NULL OR bp.end_date >= %s)"
        f" GROUP BY {_PROVINCE.format(c=bpu_region)}, {_REGENCY.format(c=bpu_region)}, bp.branch_id, {bpu_sector},"
        f" {bpu_segment}{per_worker_bpu}"
    )
    if two_level:
        cells = f"SELECT {keys}, {sums} FROM ({cells}) y GROUP BY {keys}"  # noqa: S608
    cursor.execute("DROP TABLE IF EXISTS cov_cell")
    cursor.execute(
        f"CREATE TEMP TABLE cov_cell AS {cells}",
        # segment, the five flags, the month; segment again (GROUP BY); BPU's JHT flag, the month.
        [True, *[True] * len(PROGRAMMES), last, first, True, True, last, first],
    )


_UNIT = ("LEFT JOIN (SELECT u.region_id AS region_id, MIN(u.id) AS id FROM orgs_orgunit u WHERE {where}"
         " GROUP BY u.region_id) {alias} ON {alias}.region_id = c.{column}")


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
    units = " ".join([
        _UNIT.format(where="u.kind = 'pemkab'", alias="pr", column="regency_code"),
        _UNIT.format(where="u.kind = 'pemprov'", alias="pp", column="province_code"),
        _UNIT.format(where="u.kind = 'opd' AND u.opd_type = 'disnaker'", alias="dr", column="regency_code"),
        _UNIT.format(where="u.kind = 'opd' AND u.opd_type = 'disnaker'", alias="dp", column="province_code"),
    ])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The month's employments are aggregated in memory; the 4 MB default makes PostgreSQL sort on disk.
            cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(f"DELETE FROM {table} WHERE month = %s AND definition = %s", [first, definition])  # noqa: S608
        deleted = cursor.rowcount
        _stage_bills(cursor, first=first, paid=definition == "paid", paid_by=paid_by)
        _stage_cells(cursor, first=first, last=last)
        for programme in PROGRAMMES:
            cursor.execute(
                f"INSERT INTO {table} (month, definition, province_code, regency_code, branch_id, sector, segment,"  # noqa: S608
                " programme, participants, scale, computed_at, pemda_regency_id, pemda_province_id,"
                " disnaker_regency_id, disnaker_province_id)"
                f" SELECT %s, %s, c.province_code, c.regency_code, c.branch_id, c.sector, c.segment, %s, c.{programme},"
                f" 1, %s, pr.id, pp.id, dr.id, dp.id FROM cov_cell c {units} WHERE c.{programme} > 0",
                [first, definition, programme, computed_at],
            )
        cursor.execute("DROP TABLE cov_cell")
        cursor.execute("DROP TABLE cov_bill")
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
