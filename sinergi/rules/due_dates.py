"""Contribution due dates: PU by the 15th of the following month, BPU by the 15th of the covered month,
moved forward over weekends, public holidays and cuti bersama."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sinergi.rules.errors import RulesError
from sinergi.rules.params import require
from sinergi.rules.periods import Period
from sinergi.rules.results import TraceStep
from sinergi.rules.texts import label, text
from sinergi.rules.workdays import next_working_day

KINDS = ("pu", "bpu")


@dataclass(frozen=True)
class DueDateResult:
    period: Period
    kind: str
    due_date: date
    nominal_date: date  # the date the regulation names, before moving over non-working days
    skipped: tuple[tuple[date, str], ...]
    reference: str
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def due_date(*, period: Period | str, kind: str = "pu", lang: str = "id") -> DueDateResult:
    """Last day to pay the contribution of ``period`` without denda."""
    period = Period.parse(period)
    if kind not in KINDS:
        raise RulesError("error_choice", what="kind", value=kind, choices=", ".join(KINDS))
    on = period.reference_date
    assumptions = [text("assume_next_working_day", lang)]
    if kind == "pu":
        pv = require("due/pu/day_of_following_month", on)
        month = period.shift(1)
    else:
        pv = require("due/bpu/day_of_covered_month", on)
        month = period
    last = calendar.monthrange(month.year, month.month)[1]
    day = min(pv.value, last)
    if day != pv.value:
        assumptions.append(text("assume_due_day_clamped", lang, day=pv.value, last=last))
    nominal = date(month.year, month.month, day)
    trace = [TraceStep.of(label(pv.name, lang), pv),
             TraceStep(text("step_nominal_due", lang), nominal, pv.name, pv.citation)]
    due, skipped = next_working_day(nominal, lang)
    for skipped_day, reason in skipped:
        trace.append(TraceStep(text("step_skip_day", lang, day=skipped_day.isoformat(), reason=reason),
                               skipped_day))
    trace.append(TraceStep(text("step_due", lang), due, pv.name, pv.citation))
    return DueDateResult(period=period, kind=kind, due_date=due, nominal_date=nominal, skipped=tuple(skipped),
                         reference=pv.citation, trace=tuple(trace), assumptions=tuple(assumptions))
