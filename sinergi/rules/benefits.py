"""Benefits needed by the claims register: the JKP cash benefit and the JKM lump sums, and the line shape
every benefit (JKK, JKM, JHT, JP, JKP) explains its amount with."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sinergi.rules.contributions import to_decimal
from sinergi.rules.errors import RulesError
from sinergi.rules.money import ZERO, format_rate, format_rupiah, round_rupiah
from sinergi.rules.params import Reference, require, value_at
from sinergi.rules.periods import Period, add_months
from sinergi.rules.results import TraceStep
from sinergi.rules.texts import label, text


@dataclass(frozen=True)
class BenefitLine:
    """One line of a benefit: what it is, its amount and the law behind it.

    ``amount`` is None when the law sets no amount (JKK medical care "as medically indicated"). ``in_total`` is
    False for ceilings ("up to", e.g. a scholarship maximum) and lines without an amount: they are shown, never
    added."""

    code: str
    description: str
    amount: Decimal | None
    reference: str
    parameters: tuple[str, ...] = ()
    in_total: bool = True


def lines_total(lines: list[BenefitLine] | tuple[BenefitLine, ...]) -> Decimal:
    """The sum of the lines counted in the total; each line is already whole rupiah."""
    return sum((ln.amount for ln in lines if ln.in_total and ln.amount is not None), ZERO)


@dataclass(frozen=True)
class BenefitMonth:
    month: int
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class JkpResult:
    """JKP cash benefit after a PHK: the monthly schedule on the capped last reported wage.

    ``payer`` is ``bpjs`` or ``employer`` (an employer in arrears beyond the limit pays first and may
    claim reimbursement). The non-cash benefits (labour-market information, job counselling, training up to a
    value) are listed in ``services`` as data, not added to ``total``. ``contribution_months`` and
    ``consecutive_months`` are the figures checked (given, or counted from ``paid_periods``)."""

    eligible: bool
    regime: str  # "PP 37/2021" or "PP 6/2025"
    base: Decimal
    schedule: tuple[BenefitMonth, ...]
    total: Decimal
    payer: str
    reasons: tuple[str, ...]
    reason_codes: tuple[str, ...]
    claim_deadline: date
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]
    lines: tuple[BenefitLine, ...] = ()
    services: tuple[BenefitLine, ...] = ()
    contribution_months: int | None = None
    consecutive_months: int | None = None


@dataclass(frozen=True)
class JkpContributionRecord:
    """A contribution history read for JKP: months paid in the window and the run of months before the PHK."""

    window_first: Period
    window_last: Period
    contribution_months: int
    consecutive_months: int


def jkp_contribution_record(*, phk_date: date, paid_periods: Iterable[Period | str]) -> JkpContributionRecord:
    """Count, from the months actually paid, the two figures PP 37/2021 Pasal 19(3) asks for.

    The window is the ``contribution_window_months`` contribution months ending with the PHK month. Consecutive
    months run back from the PHK month, or from the month before it when the PHK month is not paid. Months
    outside the window are ignored; a month listed twice counts once."""
    span = require("benefits/jkp/contribution_window_months", phk_date).value
    last = Period.of(phk_date)
    first = last.shift(-(span - 1))
    paid = {p for p in (Period.parse(x) for x in paid_periods) if first <= p <= last}
    run, cursor = 0, last if last in paid else last.shift(-1)
    while cursor in paid:
        run += 1
        cursor = cursor.shift(-1)
    return JkpContributionRecord(first, last, len(paid), run)


def jkp_benefit(*, wage: Decimal | int | str, phk_date: date, contribution_months: int | None = None,
                consecutive_months: int | None = None, claim_date: date | None = None,
                employer_arrears_months: int = 0, company_closed: bool = False,
                paid_periods: Iterable[Period | str] | None = None, phk_reason: str | None = None,
                min_consecutive_override: int | None = None, citizen: bool | None = None,
                age_at_registration: int | None = None, lang: str = "id") -> JkpResult:
    """JKP eligibility and benefit schedule; the regime is the one in force on the PHK date.

    ``paid_periods`` (the contribution months paid) replaces ``contribution_months`` and ``consecutive_months``
    by counting them (:func:`jkp_contribution_record`). ``phk_reason`` is checked against the excluded reasons
    (resignation, total permanent disability, retirement, death, end of PKWT). ``min_consecutive_override``
    sets the consecutive-months condition for this call (0 drops it) instead of the parameter, because whether
    PP 6/2025 removed it is unconfirmed (C3). ``citizen`` and ``age_at_registration`` check the participant
    conditions of Pasal 4 (WNI, registered before 54); the programmes followed are assumed."""
    wage = to_decimal(wage, what="wage")
    record = None
    if paid_periods is not None:
        if contribution_months is not None or consecutive_months is not None:
            raise RulesError("error_jkp_record_twice")
        record = jkp_contribution_record(phk_date=phk_date, paid_periods=paid_periods)
        contribution_months, consecutive_months = record.contribution_months, record.consecutive_months
    if min_consecutive_override is not None and min_consecutive_override < 0:
        raise RulesError("error_negative", what="min_consecutive_override", value=min_consecutive_override)
    for what, value in (("contribution_months", contribution_months), ("consecutive_months", consecutive_months),
                        ("employer_arrears_months", employer_arrears_months)):
        if value is not None and value < 0:
            raise RulesError("error_negative", what=what, value=value)
    if claim_date is not None and claim_date < phk_date:
        raise RulesError("error_claim_before_phk")
    on = phk_date
    schedule_pv = require("benefits/jkp/cash_schedule", on)
    cap = require("benefits/jkp/wage_cap", on)
    window = require("benefits/jkp/claim_window_months", on)
    min_months = require("benefits/jkp/min_contribution_months", on)
    span = require("benefits/jkp/contribution_window_months", on)
    consecutive = value_at("benefits/jkp/min_consecutive_months", on)
    arrears_max = require("benefits/jkp/arrears_bpjs_pays_max_months", on)
    closed_max = value_at("benefits/jkp/closed_company_bpjs_pays_max_months", on)
    regime = schedule_pv.reference.regulation.split(" (")[0]
    trace = [TraceStep(text("step_regime", lang, phk=phk_date.isoformat()), regime, schedule_pv.name,
                       schedule_pv.citation)]
    codes: list[str] = []
    reasons: list[str] = []
    if citizen is not None or age_at_registration is not None:
        max_age = require("benefits/jkp/max_registration_age", on)
        trace.append(TraceStep.of(label(max_age.name, lang), max_age, value=age_at_registration))
        if citizen is False:
            codes.append("not_citizen")
            reasons.append(text("jkp_not_citizen", lang))
        if age_at_registration is not None and age_at_registration >= max_age.value:
            codes.append("registered_too_old")
            reasons.append(text("jkp_registered_too_old", lang, age=age_at_registration, maximum=max_age.value))
    checked = citizen is not None or age_at_registration is not None
    assumptions = [text({(False, False): "assume_jkp_participant", (False, True): "assume_jkp_participant_only",
                         (True, False): "assume_jkp_programmes_and_reason",
                         (True, True): "assume_jkp_programmes"}[(checked, phk_reason is not None)], lang)]
    if phk_reason is not None:
        excluded = require("benefits/jkp/excluded_reasons", on)
        trace.append(TraceStep.of(label(excluded.name, lang), excluded))
        if phk_reason in excluded.value:
            codes.append("excluded_reason")
            reasons.append(text("jkp_excluded_reason", lang, reason=text(f"jkp_reason_{phk_reason}", lang)))
        if excluded.confidence in ("C3", "R"):
            assumptions.append(text("assume_jkp_excluded_unconfirmed", lang))
    if record is not None:
        trace.append(TraceStep(text("step_jkp_record", lang, first=str(record.window_first),
                                    last=str(record.window_last), months=record.contribution_months,
                                    run=record.consecutive_months), record.contribution_months))
        assumptions.append(text("assume_jkp_window", lang))
    if min_consecutive_override is not None:
        # The call's setting replaces the law's value; the trace must say so, not cite PP 37/2021 or PP 6/2025.
        setting = Reference(text("ref_configuration", lang), f"min_consecutive_override={min_consecutive_override}")
        consecutive = dataclasses.replace(consecutive, value=min_consecutive_override or None,
                                          note="min_consecutive_override", reference=setting)
        assumptions.append(text("assume_jkp_consecutive_override", lang, months=min_consecutive_override))

    deadline = add_months(phk_date, window.value)
    trace.append(TraceStep.of(label(window.name, lang), window, value=deadline))
    if claim_date is None:
        assumptions.append(text("assume_jkp_claim_date", lang, deadline=deadline.isoformat()))
    elif claim_date > deadline:
        codes.append("claim_too_late")
        reasons.append(text("jkp_claim_too_late", lang, deadline=deadline.isoformat()))

    if contribution_months is None:
        assumptions.append(text("assume_jkp_contributions", lang, months=min_months.value, span=span.value))
    else:
        if contribution_months > span.value:
            raise RulesError("error_contribution_months", span=span.value)
        trace.append(TraceStep.of(label(min_months.name, lang), min_months, value=contribution_months))
        if contribution_months < min_months.value:
            codes.append("too_few_contributions")
            reasons.append(text("jkp_too_few_contributions", lang, months=contribution_months,
                                minimum=min_months.value, span=span.value))
    if consecutive.value is not None:
        if consecutive_months is None:
            assumptions.append(text("assume_jkp_consecutive", lang, months=consecutive.value))
        else:
            trace.append(TraceStep.of(label(consecutive.name, lang), consecutive, value=consecutive_months))
            if consecutive_months < consecutive.value:
                codes.append("too_few_consecutive")
                reasons.append(text("jkp_too_few_consecutive", lang, months=consecutive_months,
                                    minimum=consecutive.value))
    elif min_consecutive_override is None:
        assumptions.append(text("assume_jkp_consecutive_removed", lang))

    payer = "bpjs"
    if employer_arrears_months > arrears_max.value:
        if company_closed and closed_max.value is not None and employer_arrears_months <= closed_max.value:
            trace.append(TraceStep.of(label(closed_max.name, lang), closed_max, value=employer_arrears_months))
        else:
            payer = "employer"
            trace.append(TraceStep.of(label(arrears_max.name, lang), arrears_max, value=employer_arrears_months))
            assumptions.append(text("assume_jkp_employer_pays", lang))
    elif employer_arrears_months:
        trace.append(TraceStep.of(label(arrears_max.name, lang), arrears_max, value=employer_arrears_months))
        assumptions.append(text("assume_jkp_employer_owes", lang))

    base = min(wage, cap.value)
    trace.append(TraceStep.of(label(cap.name, lang), cap, value=base))
    months: list[BenefitMonth] = []
    if not codes:
        month = 0
        for count, rate in schedule_pv.value:
            for _ in range(count):
                month += 1
                amount = round_rupiah(base * rate)
                months.append(BenefitMonth(month, rate, amount))
                trace.append(TraceStep(text("step_jkp_month", lang, month=month, base=format_rupiah(base, lang),
                                            rate=format_rate(rate, lang)), amount, schedule_pv.name,
                                       schedule_pv.citation))
    total = sum((m.amount for m in months), ZERO)
    trace.append(TraceStep(text("step_jkp_total", lang), total))
    lines = tuple(BenefitLine(f"month_{m.month}", text("step_jkp_month", lang, month=m.month,
                                                       base=format_rupiah(base, lang), rate=format_rate(m.rate, lang)),
                              m.amount, f"{schedule_pv.citation}; {cap.citation}", (schedule_pv.name, cap.name))
                  for m in months)
    return JkpResult(eligible=not codes, regime=regime, base=base, schedule=tuple(months), total=total,
                     payer=payer, reasons=tuple(reasons), reason_codes=tuple(codes), claim_deadline=deadline,
                     trace=tuple(trace), assumptions=tuple(assumptions), lines=lines,
                     services=jkp_services(on=on, lang=lang), contribution_months=contribution_months,
                     consecutive_months=consecutive_months)


def jkp_services(*, on: date, lang: str = "id") -> tuple[BenefitLine, ...]:
    """The non-cash JKP benefits in force on ``on``, as data: labour-market information, job counselling and job
    training (the last with its most spent per participant). None of them is cash paid to the participant."""
    services = require("benefits/jkp/services", on)
    training = require("benefits/jkp/training_value_max", on)
    out = []
    for code in services.value:
        if code == "job_training":
            out.append(BenefitLine(code, text(f"jkp_service_{code}", lang), training.value,
                                   f"{services.citation}; {training.citation}", (services.name, training.name),
                                   in_total=False))
        else:
            out.append(BenefitLine(code, text(f"jkp_service_{code}", lang), None, services.citation,
                                   (services.name,), in_total=False))
    return tuple(out)


@dataclass(frozen=True)
class JkmComponent:
    code: str
    amount: Decimal
    reference: str


@dataclass(frozen=True)
class JkmResult:
    """JKM cash benefits for a death not caused by work: lump sum, periodic amounts and funeral costs.

    The scholarship (up to a maximum, for up to two children, after a minimum membership) is a line outside
    ``total`` and ``scholarship_max``; ``scholarship_eligible`` is None when the membership was not given."""

    components: tuple[JkmComponent, ...]
    total: Decimal
    scholarship_max: Decimal
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]
    lines: tuple[BenefitLine, ...] = ()
    scholarship_eligible: bool | None = None
    scholarship_children: int | None = None
    reasons: tuple[str, ...] = ()
    reason_codes: tuple[str, ...] = ()


def jkm_benefit(*, death_date: date, membership_months: int | None = None, children: int | None = None,
                lang: str = "id") -> JkmResult:
    """JKM (PP 82/2019) for a death on ``death_date``. ``membership_months``: months of membership before the
    death, for the scholarship condition; ``children``: children of school age who may receive it."""
    for what, value in (("membership_months", membership_months), ("children", children)):
        if value is not None and value < 0:
            raise RulesError("error_negative", what=what, value=value)
    on = death_date
    lump = require("benefits/jkm/lump_sum", on)
    monthly = require("benefits/jkm/periodic_monthly", on)
    count = require("benefits/jkm/periodic_months", on)
    funeral = require("benefits/jkm/funeral", on)
    scholarship = require("benefits/jkm/scholarship_max", on)
    min_membership = require("benefits/jkm/scholarship_min_membership_months", on)
    max_children = require("benefits/jkm/scholarship_max_children", on)
    components = (
        JkmComponent("lump_sum", lump.value, lump.citation),
        JkmComponent("periodic", monthly.value * count.value, monthly.citation),
        JkmComponent("funeral", funeral.value, funeral.citation),
    )
    lines = [
        BenefitLine("lump_sum", label(lump.name, lang), lump.value, lump.citation, (lump.name,)),
        BenefitLine("periodic", text("jkm_line_periodic", lang, months=count.value,
                                     monthly=format_rupiah(monthly.value, lang)),
                    monthly.value * count.value, monthly.citation, (monthly.name, count.name)),
        BenefitLine("funeral", label(funeral.name, lang), funeral.value, funeral.citation, (funeral.name,)),
    ]
    trace = [TraceStep.of(label(pv.name, lang), pv) for pv in (lump, monthly, count, funeral, scholarship)]
    assumptions = [text("assume_jkm_periodic", lang)]
    reasons: list[str] = []
    codes: list[str] = []
    eligible: bool | None = None
    if membership_months is None:
        assumptions.append(text("assume_jkm_scholarship_membership", lang, months=min_membership.value))
    else:
        trace.append(TraceStep.of(label(min_membership.name, lang), min_membership, value=membership_months))
        eligible = membership_months >= min_membership.value
        if not eligible:
            codes.append("scholarship_membership")
            reasons.append(text("jkm_scholarship_membership", lang, months=membership_months,
                                minimum=min_membership.value))
    shown_children = None
    if children is not None:
        shown_children = min(children, max_children.value)
        trace.append(TraceStep.of(label(max_children.name, lang), max_children, value=shown_children))
        if children == 0:
            eligible = False
            codes.append("scholarship_no_children")
            reasons.append(text("jkm_scholarship_no_children", lang))
    if eligible is not False:
        lines.append(BenefitLine("scholarship", text("jkm_line_scholarship", lang, children=max_children.value),
                                 scholarship.value, scholarship.citation,
                                 (scholarship.name, max_children.name, min_membership.name), in_total=False))
    if min_membership.confidence == "R":
        assumptions.append(text("assume_low_confidence", lang, name=label(min_membership.name, lang),
                                reference=str(min_membership.reference)))
    total = sum((c.amount for c in components), ZERO)
    trace.append(TraceStep(text("step_benefit_total", lang), total))
    return JkmResult(components=components, total=total, scholarship_max=scholarship.value, trace=tuple(trace),
                     assumptions=tuple(assumptions), lines=tuple(lines), scholarship_eligible=eligible,
                     scholarship_children=shown_children, reasons=tuple(reasons), reason_codes=tuple(codes))
