"""Late-payment denda per programme and the PP 86/2013 administrative sanctions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sinergi.rules.contributions import to_decimal
from sinergi.rules.errors import RulesError
from sinergi.rules.money import ZERO, format_rate, format_rupiah, round_rupiah
from sinergi.rules.params import require, value_at
from sinergi.rules.periods import Period, add_months
from sinergi.rules.results import TraceStep
from sinergi.rules.texts import label, text
from sinergi.rules.workdays import add_working_days, next_working_day

PENALTY_PROGRAMMES = ("JKK", "JKM", "JHT", "JP")
PART_MONTH_RULES = ("started", "completed")


def months_late(*, due: date, paid: date, rule: str) -> int:
    """Months of delay between the due date and the payment date.

    ``started``: every started month counts whole (one day late is one month).
    ``completed``: only completed months count (a payment less than a month late has no denda).
    """
    if rule not in PART_MONTH_RULES:
        raise RulesError("error_choice", what="part_month", value=rule, choices=", ".join(PART_MONTH_RULES))
    if paid <= due:
        return 0
    completed = 0
    while add_months(due, completed + 1) <= paid:
        completed += 1
    if rule == "completed":
        return completed
    return completed if add_months(due, completed) == paid else completed + 1


@dataclass(frozen=True)
class PenaltyResult:
    """Denda for paying one programme's contribution late: ``amount = round_rupiah(base × rate × months)``.

    ``base`` is the contribution that should have been paid. Administrative fines (PP 86/2013) are not
    included."""

    programme: str
    base: Decimal
    due: date
    paid: date
    period: Period
    months_late: int
    rate: Decimal
    amount: Decimal
    reference: str
    part_month_rule: str
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def penalty_compute(*, programme: str, amount: Decimal | int | str, due: date, paid: date,
                    period: Period | str | None = None, kind: str = "pu", part_month: str | None = None,
                    lang: str = "id") -> PenaltyResult:
    """Denda on a contribution of ``amount`` due on ``due`` and paid on ``paid``.

    The rate is the one in force for the contribution month (``period``; by default the month before
    the due date for PU, the due month for BPU).
    """
    code = programme.strip().upper()
    if code not in PENALTY_PROGRAMMES:
        raise RulesError("error_penalty_programme", value=programme, choices=", ".join(PENALTY_PROGRAMMES))
    if kind != "pu":
        raise RulesError("error_penalty_bpu")
    base = to_decimal(amount, what="amount")
    if period is None:
        period = Period.of(due).shift(-1)
        assumptions = [text("assume_penalty_period", lang, period=str(period))]
    else:
        period = Period.parse(period)
        assumptions = []
    on = period.reference_date
    rate_pv = require(f"penalties/late/{code.lower()}", on)
    rule_pv = value_at("penalties/part_month_rule", on)
    rule = part_month or rule_pv.value
    months = months_late(due=due, paid=paid, rule=rule)
    assumptions.append(text(f"assume_part_month_{rule}", lang))
    if rate_pv.confidence == "R":
        assumptions.append(text("assume_low_confidence", lang, name=rate_pv.name, reference=rate_pv.citation))
    denda = round_rupiah(base * rate_pv.value * months)
    trace = (
        TraceStep.of(label(rate_pv.name, lang), rate_pv),
        TraceStep.of(label(rule_pv.name, lang), rule_pv, value=rule),
        TraceStep(text("step_months_late", lang, due=due.isoformat(), paid=paid.isoformat()), months),
        TraceStep(text("step_penalty", lang, base=format_rupiah(base, lang), rate=format_rate(rate_pv.value, lang),
                       months=months), denda, rate_pv.name, rate_pv.citation),
    )
    return PenaltyResult(programme=code, base=base, due=due, paid=paid, period=period, months_late=months,
                         rate=rate_pv.value, amount=denda, reference=rate_pv.citation, part_month_rule=rule,
                         trace=trace, assumptions=tuple(assumptions))


@dataclass(frozen=True)
class SanctionStep:
    code: str  # warning_1, warning_2, fine, tmp2t
    description: str
    start: date | None
    end: date | None
    reference: str
    actual: bool = False  # dated from what happened (a letter issued, a fine imposed), not from the plan


FINE_COUNTED_FROM = ("issued", "scheduled")


@dataclass(frozen=True)
class AdminSanctionResult:
    """PP 86/2013 ladder from a first written warning: two warnings of 10 working days, a 0.1 %/month fine
    counted from the end of the second warning, then TMP2T if the fine stays unpaid.

    Each warning runs from its own letter's date when it was issued (``second_warning_date``), otherwise from
    the first working day after the previous one ended. ``fine_earliest`` is the first day the fine may be
    imposed (the day after the second warning ends), ``fine_deadline`` the last (``fine_imposition_days``
    later), ``fine_due`` the day the fine is paid with the contribution of the month it is imposed in (from the
    fine's actual date, else from ``fine_earliest``) and after which TMP2T follows an unpaid fine.
    ``fine_counted_from`` is the day the fine's months count from (``sanctions/pp86/fine_counted_from``)."""

    steps: tuple[SanctionStep, ...]
    fine_months: int
    fine_rate: Decimal
    fine_amount: Decimal
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]
    fine_earliest: date | None = None
    fine_deadline: date | None = None
    fine_due: date | None = None
    fine_counted_from: date | None = None
    fine_counted_rule: str = "issued"
    warnings: tuple[str, ...] = ()  # actual dates the ladder did not allow (an early SP2 or fine)


def _warning(start_day: date, length: int, lang: str) -> tuple[date, date]:
    start, _ = next_working_day(start_day, lang)
    return start, add_working_days(start, length)


def admin_sanction_schedule(*, first_warning_date: date, iuran: Decimal | int | str, as_of: date | None = None,
                            second_warning_date: date | None = None, fine_date: date | None = None,
                            part_month: str | None = None, counted_from: str | None = None,
                            lang: str = "id") -> AdminSanctionResult:
    """Dates of the warnings, the fine's window and the fine owed on ``as_of`` for unpaid ``iuran``.

    ``second_warning_date`` (the second letter's actual date) and ``fine_date`` (the day the fine was imposed)
    date the later steps from what happened; without them the steps are planned from the first warning.
    ``counted_from`` overrides the parameter ``sanctions/pp86/fine_counted_from`` (``issued`` or
    ``scheduled``)."""
    from sinergi.rules.due_dates import due_date

    base = to_decimal(iuran, what="iuran")
    on = first_warning_date
    count = require("sanctions/pp86/max_warnings", on)
    length = require("sanctions/pp86/warning_working_days", on)
    rate = require("sanctions/pp86/fine_rate_per_month", on)
    within = require("sanctions/pp86/fine_imposition_days", on)
    counted_pv = value_at("sanctions/pp86/fine_counted_from", on)
    counted = counted_from or counted_pv.value
    if counted not in FINE_COUNTED_FROM:
        raise RulesError("error_choice", what="counted_from", value=counted, choices=", ".join(FINE_COUNTED_FROM))
    rule = part_month or value_at("penalties/part_month_rule", on).value
    issued = {1: first_warning_date, 2: second_warning_date}
    steps: list[SanctionStep] = []
    warnings: list[str] = []
    end = planned_end = first_warning_date
    for number in range(1, count.value + 1):
        # The plan: every letter out on the first working day the previous warning allows.
        _, planned_end = _warning(first_warning_date if number == 1 else add_working_days(planned_end, 1),
                                  length.value, lang)
        actual = issued.get(number)
        if actual is not None and number > 1 and actual <= end:  # what happened stands; say it was early
            warnings.append(text("sanction_warning_early", lang, number=number, date=actual.isoformat(),
                                 previous=end.isoformat()))
        start, end = _warning(actual if actual is not None else (
            first_warning_date if number == 1 else add_working_days(end, 1)), length.value, lang)
        steps.append(SanctionStep(f"warning_{number}", text("sanction_warning", lang, number=number,
                                                              days=length.value), start, end, length.citation,
                                  actual is not None))
    earliest = end + timedelta(days=1)
    deadline = end + timedelta(days=within.value)
    if fine_date is not None and fine_date < earliest:
        warnings.append(text("sanction_fine_early", lang, date=fine_date.isoformat(), earliest=earliest.isoformat()))
    fine_due = due_date(period=Period.of(fine_date or earliest), lang=lang).due_date
    anchor = end if counted == "issued" else planned_end
    steps.append(SanctionStep("fine", text("sanction_fine", lang, rate=format_rate(rate.value, lang),
                                           days=within.value),
                              earliest, deadline, rate.citation, fine_date is not None))
    steps.append(SanctionStep("tmp2t", text("sanction_tmp2t", lang), fine_due, None, rate.citation))
    months = months_late(due=anchor, paid=as_of, rule=rule) if as_of else 0
    fine = round_rupiah(base * rate.value * months) if months else ZERO
    trace = (
        TraceStep.of(label(count.name, lang), count),
        TraceStep.of(label(length.name, lang), length),
        TraceStep.of(label(within.name, lang), within, value=deadline),
        TraceStep.of(label(counted_pv.name, lang), counted_pv, value=anchor),
        TraceStep(text("step_penalty", lang, base=format_rupiah(base, lang), rate=format_rate(rate.value, lang),
                       months=months), fine, rate.name, rate.citation),
    )
    assumptions = (text("assume_warning_days", lang), text(f"assume_part_month_{rule}", lang),
                   text("assume_pp86_scope", lang), text(f"assume_fine_counted_{counted}", lang))
    return AdminSanctionResult(steps=tuple(steps), fine_months=months, fine_rate=rate.value, fine_amount=fine,
                               trace=trace, assumptions=assumptions, fine_earliest=earliest, fine_deadline=deadline,
                               fine_due=fine_due, fine_counted_from=anchor, fine_counted_rule=counted,
                               warnings=tuple(warnings))
