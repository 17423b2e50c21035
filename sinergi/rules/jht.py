"""JHT (Jaminan Hari Tua): the balance from contributions and declared yields, and when it may be paid.

PP 46/2015 Pasal 22: the whole balance at 56, on death or total permanent disability; part of it (30 % for housing
or 10 % for other needs) once, after at least 10 years of membership. Permenaker 4/2022: also after resignation or
PHK (after a 1-month waiting period), the end of a PKWT, a BPU who stops working, a WNA leaving Indonesia.

The yields are declared by BPJS TK each year (hasil pengembangan): they are input, not law.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sinergi.rules.benefits import BenefitLine
from sinergi.rules.contributions import to_decimal
from sinergi.rules.errors import RulesError
from sinergi.rules.money import ZERO, format_rate, format_rupiah, round_rupiah
from sinergi.rules.params import ParameterValue, require, value_at
from sinergi.rules.periods import Period, add_months
from sinergi.rules.results import TraceStep
from sinergi.rules.texts import label, text
from sinergi.rules.workdays import add_working_days

FULL_EVENTS = ("retirement", "resignation", "dismissal", "pkwt_end", "bpu_stopped", "leaving_indonesia",
               "total_permanent_disability", "death")
PARTIAL_EVENTS = ("partial_housing", "partial_other")
EVENTS = FULL_EVENTS + PARTIAL_EVENTS


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``: the largest n with ``add_months(start, n) <= end`` (0 if none)."""
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return max(n, 0)


# ------------------------------------------------------------------------------------------ balance
@dataclass(frozen=True)
class FundYear:
    """One calendar year of a fund: ``closing = opening + contributions + yield_amount``."""

    year: int
    opening: Decimal
    contributions: Decimal
    rate: Decimal | None  # the declared yield; None when not given
    yield_amount: Decimal
    closing: Decimal


@dataclass(frozen=True)
class FundBalanceResult:
    """A balance built from contributions and declared yields. Withdrawals are not included."""

    programme: str
    balance: Decimal
    contributions: Decimal
    yields: Decimal
    years: tuple[FundYear, ...]
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def _parse_rate(value: Decimal | str | int, year: int) -> Decimal:
    if isinstance(value, float | bool):
        raise RulesError("error_amount_type", what=f"yield {year}")
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        raise RulesError("error_amount_format", what=f"yield {year}", value=value) from None
    if not rate.is_finite() or not Decimal(-1) < rate < Decimal(1):
        raise RulesError("error_yield_rate", year=year, value=value)
    return rate


def fund_balance(*, contributions: Iterable[tuple[Period | str, Decimal | int | str]],
                 yields: Mapping[int, Decimal | str | int], programme: str = "JHT",
                 lang: str = "id") -> FundBalanceResult:
    """The balance of a JHT (or JP lump-sum) account.

    ``contributions``: (contribution month, amount paid for it, worker and employer shares together).
    ``yields``: calendar year → the yield rate BPJS TK declared for it (e.g. ``"0.0525"``).
    Each year the opening balance earns the whole year's rate and a month's contribution earns it for the months
    left in the year after that month; the year's yield is rounded to whole rupiah once. A year without a
    declared yield earns nothing (listed in the assumptions). Years run from the first contribution to the last
    contribution or declared yield."""
    by_year: dict[int, list[tuple[int, Decimal]]] = {}
    for period, amount in contributions:
        p = Period.parse(period)
        by_year.setdefault(p.year, []).append((p.month, to_decimal(amount, what=f"contribution {p}")))
    rates = {int(year): _parse_rate(rate, int(year)) for year, rate in yields.items()}
    trace: list[TraceStep] = []
    assumptions = [text("assume_fund_yield_method", lang)]
    if not by_year:
        return FundBalanceResult(programme, ZERO, ZERO, ZERO, (), (), tuple(assumptions))
    first, last = min(by_year), max([*by_year, *[y for y in rates if y >= min(by_year)]])
    balance = total_paid = total_yield = ZERO
    years: list[FundYear] = []
    missing: list[int] = []
    for year in range(first, last + 1):
        paid = by_year.get(year, [])
        paid_sum = sum((a for _, a in paid), ZERO)
        rate = rates.get(year)
        if rate is None:
            missing.append(year)
            earned = ZERO
        else:
            earned = round_rupiah(balance * rate + sum((a * rate * (12 - m) / 12 for m, a in paid), ZERO))
        closing = balance + paid_sum + earned
        years.append(FundYear(year, balance, paid_sum, rate, earned, closing))
        trace.append(TraceStep(text("step_fund_year", lang, year=year, opening=format_rupiah(balance, lang),
                                    paid=format_rupiah(paid_sum, lang),
                                    rate="—" if rate is None else format_rate(rate, lang),
                                    earned=format_rupiah(earned, lang)), closing))
        balance, total_paid, total_yield = closing, total_paid + paid_sum, total_yield + earned
    if missing:
        assumptions.append(text("assume_fund_yield_missing", lang, years=", ".join(map(str, missing))))
    trace.append(TraceStep(text("step_fund_balance", lang, programme=programme), balance))
    return FundBalanceResult(programme, balance, total_paid, total_yield, tuple(years), tuple(trace),
                             tuple(assumptions))


def jht_balance(*, contributions: Iterable[tuple[Period | str, Decimal | int | str]],
                yields: Mapping[int, Decimal | str | int], lang: str = "id") -> FundBalanceResult:
    """The JHT balance: see :func:`fund_balance`."""
    return fund_balance(contributions=contributions, yields=yields, programme="JHT", lang=lang)


# ------------------------------------------------------------------------------------------ eligibility
@dataclass(frozen=True)
class JhtEligibilityResult:
    """Whether JHT is payable for ``event``, from when, and how much of the balance.

    ``share`` is 1 for a full withdrawal and the partial rate otherwise; ``amount`` (only when a balance is given)
    is ``round_rupiah(balance × share)``. ``earliest_payable_date`` is also given when not eligible yet (e.g. the
    day membership reaches 10 years, or the 56th birthday). ``payment_deadline`` is 5 working days after a
    complete claim (from Permenaker 4/2022), when a claim date is given."""

    event: str
    kind: str  # "full" or "partial"
    eligible: bool
    share: Decimal
    earliest_payable_date: date | None
    payment_deadline: date | None
    amount: Decimal | None
    lines: tuple[BenefitLine, ...]
    reasons: tuple[str, ...]
    reason_codes: tuple[str, ...]
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def _in_force(name: str, on: date) -> ParameterValue | None:
    """The value in force on ``on``, or None before the parameter starts or after its repeal."""
    try:
        pv = value_at(name, on)
    except RulesError:
        return None
    return pv if pv.value is not None else None


def _birthday(birth: date, age: int) -> date:
    return add_months(birth, 12 * age)


def jht_eligibility(*, event: str, event_date: date, birth_date: date | None = None,
                    membership_start: date | None = None, claim_date: date | None = None,
                    partial_taken: bool = False, balance: Decimal | int | str | None = None,
                    lang: str = "id") -> JhtEligibilityResult:
    """JHT eligibility for ``event`` on ``event_date``.

    ``event``: one of :data:`EVENTS`. ``event_date`` is the day of the event: the resignation letter, the PHK,
    the death; for a partial withdrawal the day of the application; for ``retirement`` the day the worker
    retires (eligible from the 56th birthday, so ``birth_date`` is needed)."""
    if event not in EVENTS:
        raise RulesError("error_choice", what="event", value=event, choices=", ".join(EVENTS))
    if claim_date is not None and claim_date < event_date:
        raise RulesError("error_claim_before_event")
    amount_base = None if balance is None else to_decimal(balance, what="balance")
    on = event_date
    codes: list[str] = []
    reasons: list[str] = []
    assumptions: list[str] = []
    trace: list[TraceStep] = [TraceStep(text("step_jht_event", lang, event=text(f"jht_event_{event}", lang),
                                             on=on.isoformat()))]
    used: list[ParameterValue] = []
    share = Decimal(1)
    kind = "full"
    earliest: date | None = on

    if event == "retirement":
        if birth_date is None:
            raise RulesError("error_required", what="birth_date")
        age = require("benefits/jht/retirement_age", on)
        used.append(age)
        earliest = _birthday(birth_date, age.value)
        trace.append(TraceStep.of(label(age.name, lang), age, value=earliest))
        if on < earliest:
            codes.append("under_retirement_age")
            reasons.append(text("jht_under_retirement_age", lang, age=age.value, date=earliest.isoformat()))
    elif event in ("resignation", "dismissal", "pkwt_end", "bpu_stopped", "leaving_indonesia"):
        early = require("benefits/jht/early_events", on)
        used.append(early)
        trace.append(TraceStep.of(label(early.name, lang), early))
        if event not in early.value:
            codes.append("event_not_allowed")
            reasons.append(text("jht_event_not_allowed", lang, event=text(f"jht_event_{event}", lang)))
        waiting_events = require("benefits/jht/waiting_events", on)
        used.append(waiting_events)
        if event in waiting_events.value:
            waiting = require("benefits/jht/waiting_period_months", on)
            used.append(waiting)
            earliest = add_months(on, waiting.value)
            trace.append(TraceStep.of(label(waiting.name, lang), waiting, value=earliest))
        else:
            assumptions.append(text("assume_jht_no_waiting", lang))
    elif event in PARTIAL_EVENTS:
        kind = "partial"
        if membership_start is None:
            raise RulesError("error_required", what="membership_start")
        minimum = require("benefits/jht/partial_min_membership_months", on)
        rate = require(f"benefits/jht/{event}_rate", on)
        times = require("benefits/jht/partial_max_times", on)
        used += [minimum, rate, times]
        months = months_between(membership_start, on)
        share = rate.value
        trace.append(TraceStep.of(label(minimum.name, lang), minimum, value=months))
        trace.append(TraceStep.of(label(rate.name, lang), rate))
        if months < minimum.value:
            earliest = add_months(membership_start, minimum.value)
            codes.append("membership_too_short")
            reasons.append(text("jht_membership_too_short", lang, months=months, minimum=minimum.value,
                                date=earliest.isoformat()))
        trace.append(TraceStep.of(label(times.name, lang), times, value=1 if partial_taken else 0))
        if partial_taken:
            earliest = None
            codes.append("partial_already_taken")
            reasons.append(text("jht_partial_already_taken", lang, times=times.value))
    else:  # death, total permanent disability: payable from the event
        immediate = require("benefits/jht/immediate_events", on)
        used.append(immediate)
        trace.append(TraceStep.of(label(immediate.name, lang), immediate))
        if event not in immediate.value:
            codes.append("event_not_allowed")
            reasons.append(text("jht_event_not_allowed", lang, event=text(f"jht_event_{event}", lang)))

    deadline = None
    if claim_date is not None and earliest is not None:
        if claim_date < earliest:
            codes.append("claim_too_early")
            reasons.append(text("jht_claim_too_early", lang, date=earliest.isoformat()))
        else:
            days = _in_force("benefits/jht/payment_working_days", claim_date)
            if days is not None:
                deadline = add_working_days(claim_date, days.value)
                trace.append(TraceStep.of(label(days.name, lang), days, value=deadline))
    eligible = not codes
    amount = None
    lines: list[BenefitLine] = []
    if amount_base is not None:
        amount = round_rupiah(amount_base * share) if eligible else ZERO
        citation = "; ".join(dict.fromkeys(pv.citation for pv in used)) or "PP 46/2015 Pasal 22"
        lines.append(BenefitLine(kind, text(f"jht_line_{kind}", lang, balance=format_rupiah(amount_base, lang),
                                            share=format_rate(share, lang)), amount, citation,
                                 tuple(pv.name for pv in used), in_total=eligible))
        trace.append(TraceStep(lines[0].description, amount))
    assumptions.append(text("assume_jht_claim_complete", lang))
    assumptions += [text("assume_low_confidence", lang, name=label(pv.name, lang), reference=str(pv.reference))
                    for pv in used if pv.confidence == "R"]
    return JhtEligibilityResult(event=event, kind=kind, eligible=eligible, share=share,
                                earliest_payable_date=earliest, payment_deadline=deadline, amount=amount,
                                lines=tuple(lines), reasons=tuple(reasons), reason_codes=tuple(codes),
                                trace=tuple(trace), assumptions=tuple(dict.fromkeys(assumptions)))
