"""Shared factories of the enforcement tests: employers in arrears, cases, findings, SKK.

Records are written directly (the services have their own tests), with the same shapes the services leave.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sinergi.enforcement.letters import unit_short
from sinergi.enforcement.models import Case, Finding, Skk, Step
from sinergi.receivables.summaries import summaries_refresh
from sinergi.registry.models import Employer
from sinergi.rules.periods import add_months
from tests.registry.factories import bill_make, employer_make
from tests.world import unit

_sequence = itertools.count(1)


def _unit(value):
    return unit(value) if isinstance(value, str) else value


def employer_in_arrears(*, branch="bpjs-cabang-balikpapan", months: int = 3, first: dt.date = dt.date(2024, 1, 1),
                        base: int = 10_000_000, name: str | None = None, on: dt.date | None = None,
                        **fields) -> Employer:
    """An employer with ``months`` unpaid monthly bills from ``first`` (each due the 15th of the next month),
    its stored position refreshed as of ``on`` (default: today)."""
    employer = employer_make(branch=_unit(branch), name=name, **fields)
    for index in range(months):
        bill_make(employer=employer, period=add_months(first, index), base=base)
    summaries_refresh(employer_ids=[employer.pk], on=on)
    return employer


def case_make(*, employer: Employer | None = None, branch="bpjs-cabang-balikpapan",
              origin: str = Case.Origin.ARREARS, stage: str = Case.Stage.OPEN, amount: int | Decimal = 5_000_000,
              months: int = 3, opened_on: dt.date = dt.date(2025, 1, 6), next_action: str = "warning_1",
              next_due: dt.date | None = None, closed_on: dt.date | None = None, number: str | None = None,
              **fields) -> Case:
    """A case as the services leave it (no steps: add them with ``step_make``)."""
    employer = employer or employer_make(branch=_unit(branch))
    branch_unit = employer.branch
    return Case.objects.create(
        number=number or f"KP/{unit_short(branch_unit)}/{opened_on.year}/{90000 + next(_sequence):05d}",
        employer=employer, branch=branch_unit, origin=origin, stage=stage, amount=Decimal(amount), months=months,
        opened_on=opened_on, next_action=next_action, next_due=next_due, closed_on=closed_on, **fields)


def step_make(*, case: Case, kind: str, started_on: dt.date, due_on: dt.date | None = None,
              amount: int | Decimal | None = None, **fields) -> Step:
    return Step.objects.create(case=case, kind=kind, started_on=started_on, due_on=due_on,
                               amount=None if amount is None else Decimal(amount), **fields)


def finding_make(*, case: Case, kind: str = Case.Origin.PDS_WAGE, amount: int | Decimal = 2_000_000,
                 workers: int = 4, found_on: dt.date = dt.date(2025, 1, 6),
                 description: str = "Upah dilaporkan di bawah upah sebenarnya") -> Finding:
    return Finding.objects.create(case=case, kind=kind, description=description, workers=workers,
                                  amount=Decimal(amount), found_on=found_on)


def skk_make(*, case: Case | None = None, employer: Employer | None = None, kejari="kejari-kota-kupang",
             branch=None, dated: dt.date = dt.date(2024, 3, 1), principal: int | Decimal = 10_000_000,
             penalty: int | Decimal = 0, status: str = Skk.Status.HANDED_OVER, number: str | None = None,
             **fields) -> Skk:
    """An SKK addressed to ``kejari`` for the case's (or the given) employer; a Kupang employer by default."""
    if employer is None:
        employer = case.employer if case is not None else employer_make(branch=_unit(branch or "bpjs-cabang-kupang"))
    branch_unit = _unit(branch) if branch is not None else employer.branch
    principal, penalty = Decimal(principal), Decimal(penalty)
    return Skk.objects.create(
        case=case, employer=employer, branch=branch_unit, kejari=_unit(kejari),
        number=number or f"SKK/{unit_short(branch_unit)}/{dated.year}/{next(_sequence):04d}", dated=dated,
        principal=principal, penalty=penalty, amount=principal + penalty, status=status, **fields)
