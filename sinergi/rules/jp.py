"""JP (Jaminan Pensiun), PP 45/2015: pension age, the monthly old-age pension, or a lump sum below 15 years.

Monthly pension = accrual rate (1 %) × membership years (months / 12) × the average indexed wage, kept within the
year's minimum and maximum benefit. Fewer than 180 contribution months give a lump sum instead: the contributions
plus their yield. Survivors' (janda/duda, anak, orang tua) and disability pensions are not computed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sinergi.rules.benefits import BenefitLine
from sinergi.rules.contributions import to_decimal
from sinergi.rules.errors import RulesError
from sinergi.rules.jht import fund_balance
from sinergi.rules.money import ZERO, format_rate, format_rupiah, round_rupiah
from sinergi.rules.params import ParameterValue, require, value_at
from sinergi.rules.periods import Period, add_months
from sinergi.rules.results import TraceStep
from sinergi.rules.texts import label, text

MAX_AGE_SEARCHED = 80


def _pv(name: str, on: date) -> ParameterValue | None:
    try:
        return value_at(name, on)
    except RulesError:
        return None


def jp_pension_age(*, birth_date: date) -> tuple[date, int, ParameterValue]:
    """The day a participant born on ``birth_date`` reaches JP pension age: the first birthday whose age is at
    least the pension age in force on that day (PP 45/2015: 56, 57 from 2019, +1 every 3 years up to 65).
    Returns (that day, the age, the parameter value that decided it)."""
    for age in range(1, MAX_AGE_SEARCHED + 1):
        birthday = add_months(birth_date, 12 * age)
        pv = _pv("benefits/jp/pension_age", birthday)
        if pv is not None and pv.value is not None and age >= pv.value:
            return birthday, age, pv
    raise RulesError("error_before_law", name="benefits/jp/pension_age", on=birth_date.isoformat(),
                     start="2015-07-01")


@dataclass(frozen=True)
class JpResult:
    """JP old-age benefit on ``on``. ``kind`` is ``monthly`` (180 months or more) or ``lump_sum``.

    ``monthly_benefit`` is the monthly pension after the year's minimum/maximum (None for a lump sum); ``lump_sum``
    is the contributions plus yield (None when neither a balance nor a contribution history was given). Survivors'
    and disability benefits, and the yearly indexation of a pension in payment, are not included."""

    kind: str
    eligible: bool
    on: date
    pension_age: int
    pension_age_date: date
    contribution_months: int
    membership_years: Decimal
    average_indexed_wage: Decimal | None
    formula_amount: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    monthly_benefit: Decimal | None
    lump_sum: Decimal | None
    lines: tuple[BenefitLine, ...]
    reasons: tuple[str, ...]
    reason_codes: tuple[str, ...]
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def _average_indexed_wage(history: list[tuple[Period, Decimal]], indexation: Mapping[int, Decimal | str],
                          lang: str) -> tuple[Decimal, list[TraceStep], list[str]]:
    trace: list[TraceStep] = []
    assumptions: list[str] = []
    missing: set[int] = set()
    total = ZERO
    for period, wage in history:
        cap = require("pu/jp/wage_cap", period.reference_date)
        factor_raw = indexation.get(period.year)
        if factor_raw is None:
            missing.add(period.year)
            factor = Decimal(1)
        else:
            factor = to_decimal(factor_raw, what=f"indexation {period.year}")
        total += min(wage, cap.value) * factor
    average = round_rupiah(total / len(history))
    trace.append(TraceStep(text("step_jp_average", lang, months=len(history)), average, "pu/jp/wage_cap",
                           require("pu/jp/wage_cap", history[-1][0].reference_date).citation))
    assumptions.append(text("assume_jp_wage_capped", lang))
    if missing:
        assumptions.append(text("assume_jp_index_missing", lang, years=", ".join(map(str, sorted(missing)))))
    return average, trace, assumptions


def jp_benefit(*, birth_date: date, on: date | None = None, contribution_months: int | None = None,
               average_indexed_wage: Decimal | int | str | None = None,
               wage_history: Iterable[tuple[Period | str, Decimal | int | str]] | None = None,
               indexation: Mapping[int, Decimal | str] | None = None,
               lump_sum_balance: Decimal | int | str | None = None,
               contributions: Iterable[tuple[Period | str, Decimal | int | str]] | None = None,
               yields: Mapping[int, Decimal | str] | None = None, lang: str = "id") -> JpResult:
    """The JP old-age benefit of a participant born on ``birth_date``, on ``on`` (default: the pension-age day).

    Give the wage either as ``average_indexed_wage`` or as ``wage_history`` (contribution month, JP wage) with
    ``indexation`` (calendar year → factor bringing that year's wage to today's value, declared by BPJS TK: input);
    each month's wage is capped at that month's JP wage cap. ``contribution_months`` defaults to the length of the
    history. Below the minimum, the lump sum is ``lump_sum_balance`` or built from ``contributions`` and
    ``yields`` as for JHT."""
    history = [(Period.parse(p), to_decimal(w, what=f"wage {p}")) for p, w in (wage_history or ())]
    if contribution_months is None:
        if not history:
            raise RulesError("error_required", what="contribution_months")
        contribution_months = len(history)
    if contribution_months < 0:
        raise RulesError("error_negative", what="contribution_months", value=contribution_months)
    age_date, age, age_pv = jp_pension_age(birth_date=birth_date)
    on = on or age_date
    trace: list[TraceStep] = [TraceStep.of(text("step_jp_pension_age", lang, age=age), age_pv, value=age_date)]
    assumptions: list[str] = []
    codes: list[str] = []
    reasons: list[str] = []
    used: list[ParameterValue] = [age_pv]
    if on < age_date:
        codes.append("under_pension_age")
        reasons.append(text("jp_under_pension_age", lang, age=age, date=age_date.isoformat()))
    minimum_months = require("benefits/jp/min_contribution_months", on)
    used.append(minimum_months)
    trace.append(TraceStep.of(label(minimum_months.name, lang), minimum_months, value=contribution_months))
    years = Decimal(contribution_months) / 12
    lines: list[BenefitLine] = []
    avg = formula = minimum = maximum = monthly = lump = None

    if contribution_months >= minimum_months.value:
        kind = "monthly"
        if average_indexed_wage is not None:
            avg = to_decimal(average_indexed_wage, what="average_indexed_wage")
            trace.append(TraceStep(text("step_jp_average_given", lang), avg))
        elif history:
            avg, steps, notes = _average_indexed_wage(history, indexation or {}, lang)
            trace += steps
            assumptions += notes
        else:
            raise RulesError("error_required", what="average_indexed_wage")
        accrual = require("benefits/jp/accrual_rate", on)
        used.append(accrual)
        formula = round_rupiah(accrual.value * years * avg)
        lines.append(BenefitLine("formula", text("jp_line_formula", lang, rate=format_rate(accrual.value, lang),
                                                 months=contribution_months, wage=format_rupiah(avg, lang)),
                                 formula, accrual.citation, (accrual.name,), in_total=False))
        monthly = formula
        min_pv, max_pv = _pv("benefits/jp/min_benefit", on), _pv("benefits/jp/max_benefit", on)
        for pv, code in ((min_pv, "minimum"), (max_pv, "maximum")):
            if pv is None or pv.value is None:
                assumptions.append(text("assume_jp_no_bound", lang, bound=text(f"jp_{code}", lang),
                                        year=on.year))
                continue
            used.append(pv)
            if code == "minimum":
                minimum = pv.value
                if monthly < minimum:
                    monthly = minimum
                    lines.append(BenefitLine("minimum", label(pv.name, lang), minimum, pv.citation, (pv.name,),
                                             in_total=False))
            else:
                maximum = pv.value
                if monthly > maximum:
                    monthly = maximum
                    lines.append(BenefitLine("maximum", label(pv.name, lang), maximum, pv.citation, (pv.name,),
                                             in_total=False))
        lines.append(BenefitLine("monthly", text("jp_line_monthly", lang), monthly,
                                 "; ".join(dict.fromkeys(pv.citation for pv in used)),
                                 tuple(pv.name for pv in used), in_total=not codes))
        assumptions.append(text("assume_jp_indexation", lang))
    else:
        kind = "lump_sum"
        codes_lump = text("jp_lump_sum_reason", lang, months=contribution_months, minimum=minimum_months.value)
        trace.append(TraceStep(codes_lump))
        if lump_sum_balance is not None:
            lump = to_decimal(lump_sum_balance, what="lump_sum_balance")
        elif contributions is not None:
            fund = fund_balance(contributions=contributions, yields=yields or {}, programme="JP", lang=lang)
            lump = fund.balance
            trace += fund.trace
            assumptions += fund.assumptions
        else:
            assumptions.append(text("assume_jp_lump_sum_unknown", lang))
        lines.append(BenefitLine("lump_sum", text("jp_line_lump_sum", lang), lump, minimum_months.citation,
                                 (minimum_months.name,), in_total=lump is not None and not codes))
    total = monthly if kind == "monthly" else lump
    trace.append(TraceStep(text(f"step_jp_total_{kind}", lang), total))
    assumptions += [text("assume_low_confidence", lang, name=label(pv.name, lang), reference=str(pv.reference))
                    for pv in used if pv.confidence == "R"]
    return JpResult(kind=kind, eligible=not codes, on=on, pension_age=age, pension_age_date=age_date,
                    contribution_months=contribution_months, membership_years=years, average_indexed_wage=avg,
                    formula_amount=formula, minimum=minimum, maximum=maximum, monthly_benefit=monthly,
                    lump_sum=lump, lines=tuple(lines), reasons=tuple(reasons), reason_codes=tuple(codes),
                    trace=tuple(trace), assumptions=tuple(dict.fromkeys(assumptions)))
