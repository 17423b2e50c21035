"""JKK (Jaminan Kecelakaan Kerja) benefits after a work accident, PP 44/2015 as amended by PP 82/2019.

Each amount is a line citing the parameter behind it. Medical care has no ceiling (as medically indicated) and is
a line without an amount; ceilings ("up to", home care and scholarship) are lines outside the total. Also the 1 %
per day BPJS TK owes the participant when it pays a benefit late (PP 44/2015 Pasal 37).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sinergi.rules.benefits import BenefitLine, lines_total
from sinergi.rules.contributions import to_decimal
from sinergi.rules.errors import RulesError
from sinergi.rules.money import format_rate, format_rupiah, round_rupiah
from sinergi.rules.params import ParameterValue, require
from sinergi.rules.results import TraceStep
from sinergi.rules.texts import label, text
from sinergi.rules.workdays import add_working_days

OUTCOMES = ("injury", "partial_disability", "total_disability", "death")


@dataclass(frozen=True)
class JkkResult:
    """JKK benefits of one accident. ``total`` is the sum of the lines with ``in_total``: cash amounts only.
    Not included: medical care (no ceiling, paid to the provider), the ceilings of home care and scholarship
    (shown as lines "up to"), transport costs and rehabilitation aids (not parameterised)."""

    outcome: str
    wage: Decimal
    lines: tuple[BenefitLine, ...]
    total: Decimal
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]
    payer: str = "bpjs"  # "employer" when an employer in arrears must pay first


def _line(code: str, lang: str, pv: ParameterValue | tuple[ParameterValue, ...], amount: Decimal | None,
          in_total: bool = True, **params: object) -> BenefitLine:
    pvs = pv if isinstance(pv, tuple) else (pv,)
    return BenefitLine(code=code, description=text(f"jkk_line_{code}", lang, **params), amount=amount,
                       reference="; ".join(dict.fromkeys(p.citation for p in pvs)),
                       parameters=tuple(p.name for p in pvs), in_total=in_total)


def _low_confidence(pvs: list[ParameterValue], lang: str) -> list[str]:
    return [text("assume_low_confidence", lang, name=label(pv.name, lang), reference=str(pv.reference))
            for pv in pvs if pv.confidence == "R"]


def jkk_benefit(*, accident_date: date, wage: Decimal | int | str, outcome: str = "injury", stmb_months: int = 0,
                disability_percent: Decimal | int | str | None = None, employer_in_arrears: bool | None = None,
                lang: str = "id") -> JkkResult:
    """The JKK benefits of an accident on ``accident_date`` for a worker whose reported monthly wage is ``wage``.

    ``outcome``: ``injury`` (care and STMB only), ``partial_disability`` (with ``disability_percent``, the
    percentage of the disability table, e.g. ``"0.1"`` for 10 %), ``total_disability`` or ``death``.
    ``stmb_months``: whole months of temporary incapacity to work (sementara tidak mampu bekerja).
    ``employer_in_arrears``: whether the employer was in arrears when the accident happened (None: not known)."""
    wage = to_decimal(wage, what="wage")
    if outcome not in OUTCOMES:
        raise RulesError("error_choice", what="outcome", value=outcome, choices=", ".join(OUTCOMES))
    if stmb_months < 0:
        raise RulesError("error_negative", what="stmb_months", value=stmb_months)
    on = accident_date
    used: list[ParameterValue] = []

    def req(name: str) -> ParameterValue:
        pv = require(f"benefits/jkk/{name}", on)
        used.append(pv)
        return pv

    care = req("medical_care")
    lines = [_line("medical_care", lang, care, None, in_total=False, extent=care.value)]
    assumptions = [text("assume_jkk_accident", lang)]
    payer = "bpjs"
    if employer_in_arrears is None:
        assumptions.append(text("assume_jkk_arrears_unknown", lang))
    elif employer_in_arrears:
        arrears = req("employer_in_arrears_pays")
        if arrears.value:
            payer = "employer"
            assumptions.append(text("assume_jkk_employer_pays", lang))

    if stmb_months:
        full_months, full_rate, after_rate = req("stmb_full_months"), req("stmb_full_rate"), req("stmb_after_rate")
        first = min(stmb_months, full_months.value)
        lines.append(_line("stmb_full", lang, (full_months, full_rate), round_rupiah(wage * full_rate.value * first),
                           months=first, wage=format_rupiah(wage, lang), rate=format_rate(full_rate.value, lang)))
        if stmb_months > first:
            rest = stmb_months - first
            lines.append(_line("stmb_after", lang, (full_months, after_rate),
                               round_rupiah(wage * after_rate.value * rest), months=rest, after=full_months.value,
                               wage=format_rupiah(wage, lang), rate=format_rate(after_rate.value, lang)))
        assumptions.append(text("assume_jkk_stmb_months", lang))

    if outcome == "partial_disability":
        if disability_percent is None:
            raise RulesError("error_required", what="disability_percent")
        pct = to_decimal(disability_percent, what="disability_percent")
        if not Decimal(0) < pct < Decimal(1):
            raise RulesError("error_disability_percent", value=disability_percent)
        months = req("partial_disability_wage_months")
        lines.append(_line("partial_disability", lang, months, round_rupiah(pct * months.value * wage),
                           pct=format_rate(pct, lang), months=months.value, wage=format_rupiah(wage, lang)))
        assumptions.append(text("assume_jkk_partial_formula", lang))
    elif outcome == "total_disability":
        multiple = req("total_disability_wage_multiple")
        lines.append(_line("total_disability", lang, multiple, round_rupiah(multiple.value * wage),
                           multiple=multiple.value, wage=format_rupiah(wage, lang)))
        home = req("home_care_max")
        lines.append(_line("home_care", lang, home, home.value, in_total=False))
    elif outcome == "death":
        multiple = req("death_wage_multiple")
        lines.append(_line("death", lang, multiple, round_rupiah(multiple.value * wage),
                           multiple=multiple.value, wage=format_rupiah(wage, lang)))
        funeral = req("funeral")
        lines.append(_line("funeral", lang, funeral, funeral.value))
        monthly, count = req("periodic_monthly"), req("periodic_months")
        lines.append(_line("periodic", lang, (monthly, count), monthly.value * count.value,
                           months=count.value, monthly=format_rupiah(monthly.value, lang)))
    if outcome in ("death", "total_disability"):
        scholarship, children = req("scholarship_max"), req("scholarship_max_children")
        lines.append(_line("scholarship", lang, (scholarship, children), scholarship.value, in_total=False,
                           children=children.value))
        assumptions.append(text("assume_jkk_scholarship", lang))

    total = lines_total(lines)
    trace = [TraceStep(text("step_jkk_accident", lang, on=on.isoformat(), outcome=text(f"jkk_outcome_{outcome}",
                                                                                          lang)), wage)]
    trace += [TraceStep(line.description, line.amount, ", ".join(line.parameters), line.reference)
              for line in lines]
    trace.append(TraceStep(text("step_benefit_total", lang), total))
    assumptions += _low_confidence(used, lang)
    if payer == "employer":
        trace.append(TraceStep(text("step_jkk_payer", lang), text("payer_employer", lang),
                               "benefits/jkk/employer_in_arrears_pays",
                               require("benefits/jkk/employer_in_arrears_pays", on).citation))
    return JkkResult(outcome=outcome, wage=wage, lines=tuple(lines), total=total, trace=tuple(trace),
                     assumptions=tuple(dict.fromkeys(assumptions)), payer=payer)


@dataclass(frozen=True)
class JkkLatePaymentResult:
    """What BPJS TK owes the participant for paying a JKK benefit late: ``benefit × rate × days_late``.
    The benefit itself is not included."""

    benefit: Decimal
    complete_on: date
    deadline: date
    paid_on: date
    days_late: int
    rate: Decimal
    amount: Decimal
    reference: str
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def jkk_late_payment(*, benefit: Decimal | int | str, complete_on: date, paid_on: date,
                     lang: str = "id") -> JkkLatePaymentResult:
    """PP 44/2015 Pasal 37: BPJS TK pays within 7 working days of complete requirements, else 1 % of the benefit
    per day of delay. Days of delay are calendar days after the last working day allowed."""
    benefit = to_decimal(benefit, what="benefit")
    if paid_on < complete_on:
        raise RulesError("error_paid_before_complete")
    days_pv = require("benefits/jkk/payment_working_days", complete_on)
    rate_pv = require("benefits/jkk/late_payment_rate_per_day", complete_on)
    deadline = add_working_days(complete_on, days_pv.value)
    days_late = max(0, (paid_on - deadline).days)
    amount = round_rupiah(benefit * rate_pv.value * days_late)
    trace = (
        TraceStep.of(label(days_pv.name, lang), days_pv, value=deadline),
        TraceStep(text("step_jkk_days_late", lang, deadline=deadline.isoformat(), paid=paid_on.isoformat()),
                  days_late),
        TraceStep(text("step_jkk_late_amount", lang, benefit=format_rupiah(benefit, lang),
                       rate=format_rate(rate_pv.value, lang), days=days_late), amount, rate_pv.name,
                  rate_pv.citation),
    )
    return JkkLatePaymentResult(benefit=benefit, complete_on=complete_on, deadline=deadline, paid_on=paid_on,
                                days_late=days_late, rate=rate_pv.value, amount=amount, reference=rate_pv.citation,
                                trace=trace, assumptions=(text("assume_jkk_late_days", lang),))
