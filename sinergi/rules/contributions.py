"""Contributions (iuran): wage earners (PU) per worker, the period rate table for billing, and BPU.

The per-worker function is built on :func:`rate_table`, so set-wise billing that applies the same table
(``amount = round_rupiah(min(wage, wage_cap) × rate)`` per entry) computes exactly the same law.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sinergi.rules.errors import RulesError
from sinergi.rules.money import ZERO, format_rate, format_rupiah, round_rupiah
from sinergi.rules.params import ParameterValue, load_parameters, require, value_at
from sinergi.rules.periods import Period
from sinergi.rules.results import Line, TraceStep
from sinergi.rules.texts import label, text

PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")
RISK_GROUPS = (1, 2, 3, 4, 5)
PAYERS = ("employer", "worker", "government")
RELIEFS = ("padat-karya", "covid")
BPU_SECTORS = ("transport", "other")
BPU_FUNDING = ("self", "apbd", "apbn")
MAX_AMOUNT = Decimal(10) ** 15  # a thousand trillion rupiah: beyond any wage or receivable, inside Decimal precision


# --------------------------------------------------------------------------------------------- helpers
def to_decimal(value: Decimal | int | str, *, what: str) -> Decimal:
    """Parse a money amount; floats are refused, negatives are an error."""
    if isinstance(value, float) or isinstance(value, bool):
        raise RulesError("error_amount_type", what=what)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        raise RulesError("error_amount_format", what=what, value=value) from None
    if not amount.is_finite():
        raise RulesError("error_amount_format", what=what, value=value)
    if amount < 0:
        raise RulesError("error_negative", what=what, value=value)
    if amount >= MAX_AMOUNT:
        raise RulesError("error_amount_too_large", what=what, value=value)
    return amount


def _in_force(name: str, on: date) -> ParameterValue | None:
    """The value in force, or None when the parameter has not started or has been repealed."""
    try:
        pv = value_at(name, on)
    except RulesError:
        return None
    return pv if pv.value is not None else None


def _join_refs(pvs: Iterable[ParameterValue]) -> str:
    """``PP 45/2015 Pasal 28; Pasal 29 ...`` — articles of one regulation together, regulations joined by jo."""
    articles: dict[str, list[str]] = {}
    for pv in pvs:
        found = articles.setdefault(pv.reference.regulation, [])
        article = pv.reference.article
        if article and article != "-" and article not in found:
            found.append(article)
    return " jo. ".join(" ".join([reg, "; ".join(arts)]).strip() for reg, arts in articles.items())


# --------------------------------------------------------------------------------------------- rate table
@dataclass(frozen=True)
class RateEntry:
    """One (programme, risk_group, payer) rate of a period. ``risk_group`` is None when it applies to all."""

    programme: str
    risk_group: int | None
    payer: str
    rate: Decimal
    wage_cap: Decimal | None
    reference: str
    parameters: tuple[str, ...]
    sources: tuple[ParameterValue, ...]


@dataclass(frozen=True)
class AllocationEntry:
    """An internal split inside BPJS TK: ``rate`` of the (capped) wage moves from ``source`` to ``target``.

    It changes nothing the employer pays; the source fund keeps the remainder of its line.
    """

    source: str
    target: str
    rate: Decimal
    wage_cap: Decimal | None
    reference: str
    parameter: str


@dataclass(frozen=True)
class RateTable:
    period: Period
    relief: str | None
    entries: tuple[RateEntry, ...]
    allocations: tuple[AllocationEntry, ...]
    deferrals: tuple[RateEntry, ...]  # amounts owed later (PP 49/2020 JP deferral), not in totals

    def as_mapping(self) -> dict[tuple[str, int | None, str], RateEntry]:
        return {(e.programme, e.risk_group, e.payer): e for e in self.entries}

    def programmes(self) -> tuple[str, ...]:
        present = {e.programme for e in self.entries}
        return tuple(p for p in PROGRAMMES if p in present)

    def for_worker(self, risk_group: int, programmes: Iterable[str]) -> tuple[RateEntry, ...]:
        wanted = set(programmes)
        return tuple(e for e in self.entries
                     if e.programme in wanted and e.risk_group in (None, risk_group))

    def deferrals_for(self, programmes: Iterable[str]) -> tuple[RateEntry, ...]:
        wanted = set(programmes)
        return tuple(e for e in self.deferrals if e.programme in wanted)


def _relief_factor(name: str, on: date) -> tuple[Decimal, ParameterValue] | None:
    pv = _in_force(name, on)
    return (Decimal(1) - pv.value, pv) if pv else None


def rate_table(*, period: Period | str, relief: str | None = None) -> RateTable:
    """Every PU rate of ``period``: (programme, risk group, payer) → rate, wage cap and reference.

    ``relief`` applies a relief the employer has been found eligible for (``padat-karya`` or ``covid``);
    outside its window it is ignored (``RateTable.relief`` is then None). JKP appears only from its start.
    Raises :class:`RulesError` if the period is before the 2015 programmes.
    """
    period = Period.parse(period)
    on = period.reference_date
    if relief is not None and relief not in RELIEFS:
        raise RulesError("error_relief", value=relief, choices=", ".join(RELIEFS))

    jkk_relief = jkm_relief = jp_deferral = None
    if relief == "padat-karya":
        jkk_relief = _relief_factor("relief/padat_karya/jkk_discount", on)
    elif relief == "covid":
        jkk_relief = _relief_factor("relief/covid/jkk_discount", on)
        jkm_relief = _relief_factor("relief/covid/jkm_discount", on)
        jp_deferral = _relief_factor("relief/covid/jp_deferral", on)
    applied = relief if (jkk_relief or jkm_relief or jp_deferral) else None

    entries: list[RateEntry] = []
    deferrals: list[RateEntry] = []

    def add(programme, group, payer, pvs, cap_pv=None, factor=None, target=entries):
        rate = pvs[0].value
        sources = list(pvs)
        if cap_pv is not None:
            sources.append(cap_pv)
        if factor is not None:
            rate = rate * factor[0]
            sources.append(factor[1])
        target.append(RateEntry(
            programme=programme, risk_group=group, payer=payer, rate=rate,
            wage_cap=cap_pv.value if cap_pv is not None else None,
            reference=_join_refs(sources), parameters=tuple(pv.name for pv in sources),
            sources=tuple(sources)))

    for group in RISK_GROUPS:
        add("JKK", group, "employer", [require(f"pu/jkk/rate/group_{group}", on)], factor=jkk_relief)
    add("JKM", None, "employer", [require("pu/jkm/rate", on)], factor=jkm_relief)
    add("JHT", None, "employer", [require("pu/jht/rate_employer", on)])
    add("JHT", None, "worker", [require("pu/jht/rate_worker", on)])
    jp_cap = require("pu/jp/wage_cap", on)
    for payer in ("employer", "worker"):
        jp_rate = require(f"pu/jp/rate_{payer}", on)
        if jp_deferral:
            add("JP", None, payer, [jp_rate], cap_pv=jp_cap, factor=jp_deferral)
            deferred_share = (Decimal(1) - jp_deferral[0], jp_deferral[1])
            add("JP", None, payer, [jp_rate], cap_pv=jp_cap, factor=deferred_share, target=deferrals)
        else:
            add("JP", None, payer, [jp_rate], cap_pv=jp_cap)

    allocations: list[AllocationEntry] = []
    gov = _in_force("pu/jkp/government_rate", on)
    if gov:
        jkp_cap = require("pu/jkp/wage_cap", on)
        add("JKP", None, "government", [gov], cap_pv=jkp_cap)
        for source in ("JKK", "JKM"):
            pv = _in_force(f"pu/jkp/recomposition_from_{source.lower()}", on)
            if pv:
                allocations.append(AllocationEntry(
                    source=source, target="JKP", rate=pv.value, wage_cap=jkp_cap.value,
                    reference=_join_refs([pv, jkp_cap]), parameter=pv.name))
    return RateTable(period=period, relief=applied, entries=tuple(entries), allocations=tuple(allocations),
                     deferrals=tuple(deferrals))


# --------------------------------------------------------------------------------------------- PU per worker
@dataclass(frozen=True)
class Allocation:
    source: str
    target: str
    base: Decimal
    rate: Decimal | None
    amount: Decimal
    reference: str


@dataclass(frozen=True)
class ContributionResult:
    """Monthly contribution of one wage earner.

    ``lines`` are what is payable for the month; ``totals`` are their sums per payer (employer, worker,
    government) and always equal the sum of the lines. ``allocations`` show the internal JKP split
    (not payable, not in totals). ``deferred`` holds amounts postponed by a relief (owed later, not in
    totals). Denda and administrative fines are not included.
    """

    period: Period
    wage: Decimal
    risk_group: int
    programmes: tuple[str, ...]
    relief: str | None
    lines: tuple[Line, ...]
    totals: dict[str, Decimal]
    allocations: tuple[Allocation, ...]
    deferred: tuple[Line, ...]
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]


def _parse_programmes(programmes: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if programmes is None:
        return None
    items = programmes.split(",") if isinstance(programmes, str) else list(programmes)
    result = []
    for item in items:
        code = str(item).strip().upper()
        if not code:
            continue
        if code not in PROGRAMMES:
            raise RulesError("error_programme", value=item, choices=", ".join(PROGRAMMES))
        if code not in result:
            result.append(code)
    if not result:
        raise RulesError("error_programme", value="", choices=", ".join(PROGRAMMES))
    return tuple(p for p in PROGRAMMES if p in result)


def padat_karya_check(*, period: Period | str, workers: int | None, industry: str | None = None,
                      lang: str = "id") -> tuple[bool, list[TraceStep], list[str], list[str]]:
    """Whether the PP 7/2025 (jo. PP 36/2025) JKK relief applies: window, worker count, industry.

    Returns (eligible, trace steps, assumptions, warnings).
    """
    period = Period.parse(period)
    on = period.reference_date
    steps: list[TraceStep] = []
    assumptions: list[str] = []
    warnings: list[str] = []
    window = _in_force("relief/padat_karya/jkk_discount", on)
    if not window:
        warnings.append(text("relief_outside_window", lang, relief="padat-karya", period=str(period)))
        return False, steps, assumptions, warnings
    steps.append(TraceStep.of(label("relief/padat_karya/jkk_discount", lang), window))
    minimum = require("relief/padat_karya/min_workers", on)
    if workers is None:
        raise RulesError("error_workers_required")
    if workers < 0:
        raise RulesError("error_negative", what="workers", value=workers)
    steps.append(TraceStep.of(text("step_workers", lang, minimum=minimum.value), minimum, value=workers))
    if workers < minimum.value:
        warnings.append(text("relief_too_few_workers", lang, workers=workers, minimum=minimum.value))
        return False, steps, assumptions, warnings
    industries = require("relief/padat_karya/industries", on)
    if industry is None:
        assumptions.append(text("assume_industry", lang))
    elif industry not in industries.value:
        warnings.append(text("relief_wrong_industry", lang, industry=industry,
                             choices=", ".join(industries.value)))
        return False, steps, assumptions, warnings
    else:
        steps.append(TraceStep.of(label("relief/padat_karya/industries", lang), industries, value=industry))
    assumptions.append(text("assume_padat_karya_paid_up", lang))
    return True, steps, assumptions, warnings


def contribution_compute(*, period: Period | str, wage: Decimal | int | str, risk_group: int,
                         programmes: Iterable[str] | str | None = None, relief: str | None = None,
                         workers: int | None = None, industry: str | None = None,
                         lang: str = "id") -> ContributionResult:
    """Monthly PU contribution of one worker.

    ``wage`` is the monthly wage reported by the employer; for JP it stands for basic wage plus fixed
    allowances (the JP base) and is capped by the JP cap of the period. ``programmes`` defaults to every
    programme in force in the period; naming one that is not in force is an error. ``relief`` is
    ``padat-karya`` (needs ``workers``; ``industry`` optional) or ``covid``; when its conditions or window
    are not met it is not applied and a warning says why.
    """
    period = Period.parse(period)
    wage = to_decimal(wage, what="wage")
    if isinstance(risk_group, bool) or risk_group not in RISK_GROUPS:
        raise RulesError("error_risk_group", value=risk_group)
    on = period.reference_date
    trace: list[TraceStep] = [TraceStep(text("step_period", lang, period=str(period), on=on.isoformat()), on)]
    assumptions = [text("assume_reference_date", lang), text("assume_jp_wage", lang)]
    warnings: list[str] = []

    applied_relief = None
    if relief == "padat-karya":
        ok, steps, more_assumptions, more_warnings = padat_karya_check(
            period=period, workers=workers, industry=industry, lang=lang)
        trace += steps
        assumptions += more_assumptions
        warnings += more_warnings
        applied_relief = relief if ok else None
    elif relief == "covid":
        if _in_force("relief/covid/jkk_discount", on):
            applied_relief = relief
            assumptions.append(text("assume_covid_conditions", lang))
        else:
            warnings.append(text("relief_outside_window", lang, relief=relief, period=str(period)))
    elif relief is not None:
        raise RulesError("error_relief", value=relief, choices=", ".join(RELIEFS))

    table = rate_table(period=period, relief=applied_relief)
    available = table.programmes()
    chosen = _parse_programmes(programmes)
    if chosen is None:
        chosen = available
        missing = [p for p in PROGRAMMES if p not in available]
        if missing:
            warnings.append(text("programmes_not_in_force", lang, programmes=", ".join(missing),
                                 period=str(period)))
    else:
        for programme in chosen:
            if programme not in available:
                raise RulesError("error_programme_not_in_force", programme=programme, period=str(period))

    lines: list[Line] = []
    for entry in table.for_worker(risk_group, chosen):
        lines.append(_line(entry, wage, trace, lang))
    deferred = [_line(entry, wage, trace, lang, deferred=True) for entry in table.deferrals_for(chosen)]

    totals = {payer: sum((ln.amount for ln in lines if ln.payer == payer), ZERO) for payer in PAYERS}
    for payer in PAYERS:
        trace.append(TraceStep(text("step_total", lang, payer=text(f"payer_{payer}", lang)), totals[payer]))

    allocations: list[Allocation] = []
    if "JKP" in chosen:
        assumptions.append(text("assume_recomposition_base", lang))
        if applied_relief:
            assumptions.append(text("assume_recomposition_relief", lang))
        for alloc in table.allocations:
            if alloc.source not in chosen:
                continue
            source_line = next(ln for ln in lines if ln.programme == alloc.source)
            base = min(wage, alloc.wage_cap) if alloc.wage_cap is not None else wage
            moved = round_rupiah(base * alloc.rate)
            allocations.append(Allocation(alloc.source, alloc.target, base, alloc.rate, moved, alloc.reference))
            allocations.append(Allocation(alloc.source, alloc.source, source_line.amount, None,
                                          source_line.amount - moved, text("remainder", lang)))
            trace.append(TraceStep(text("step_allocation", lang, source=alloc.source, target=alloc.target,
                                        rate=format_rate(alloc.rate, lang), base=format_rupiah(base, lang)),
                                   moved, alloc.parameter, alloc.reference))
    return ContributionResult(
        period=period, wage=wage, risk_group=risk_group, programmes=chosen, relief=applied_relief,
        lines=tuple(lines), totals=totals, allocations=tuple(allocations), deferred=tuple(deferred),
        trace=tuple(trace), assumptions=tuple(assumptions), warnings=tuple(warnings))


def _line(entry: RateEntry, wage: Decimal, trace: list[TraceStep], lang: str, deferred: bool = False) -> Line:
    base = min(wage, entry.wage_cap) if entry.wage_cap is not None else wage
    amount = round_rupiah(base * entry.rate)
    explained = {step.parameter for step in trace}
    for pv in entry.sources:
        if pv.name not in explained:
            trace.append(TraceStep.of(label(pv.name, lang), pv))
    key = "step_line_deferred" if deferred else "step_line"
    trace.append(TraceStep(
        text(key, lang, programme=entry.programme, payer=text(f"payer_{entry.payer}", lang),
             base=format_rupiah(base, lang), rate=format_rate(entry.rate, lang)),
        amount, ", ".join(entry.parameters), entry.reference))
    return Line(programme=entry.programme, payer=entry.payer, base=base, rate=entry.rate, amount=amount,
                reference=entry.reference, parameters=entry.parameters)


# --------------------------------------------------------------------------------------------- BPU
@dataclass(frozen=True)
class BpuResult:
    """Monthly BPU contribution: JKK on the declared income (at least the lowest bracket), flat JKM and
    optional JHT, after the PP 50/2025 discount where it applies. ``totals["total"]`` is the sum of lines."""

    period: Period
    income: Decimal
    base: Decimal
    sector: str
    funding: str
    relief: str | None
    lines: tuple[Line, ...]
    totals: dict[str, Decimal]
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...]


def bpu_contribution(*, period: Period | str, income: Decimal | int | str, sector: str = "other",
                     funding: str = "self", jht: bool = False, lang: str = "id") -> BpuResult:
    """Monthly contribution of a self-employed participant (Bukan Penerima Upah)."""
    period = Period.parse(period)
    income = to_decimal(income, what="income")
    if sector not in BPU_SECTORS:
        raise RulesError("error_choice", what="sector", value=sector, choices=", ".join(BPU_SECTORS))
    if funding not in BPU_FUNDING:
        raise RulesError("error_choice", what="funding", value=funding, choices=", ".join(BPU_FUNDING))
    on = period.reference_date
    trace = [TraceStep(text("step_period", lang, period=str(period), on=on.isoformat()), on)]
    assumptions = [text("assume_bpu_brackets", lang)]
    warnings: list[str] = []
    payer = "participant" if funding == "self" else "government"

    jkk_rate = require("bpu/jkk/rate", on)
    minimum = require("bpu/jkk/min_income", on)
    jkm_amount = require("bpu/jkm/amount", on)
    base = max(income, minimum.value)
    trace.append(TraceStep.of(label("bpu/jkk/min_income", lang), minimum))
    if income < minimum.value:
        warnings.append(text("bpu_below_minimum", lang, income=format_rupiah(income, lang),
                             minimum=format_rupiah(minimum.value, lang)))

    discount = None
    name = f"relief/bpu/{sector}_discount"
    window = _in_force(name, on)
    if window:
        excluded = require("relief/bpu/excluded_funding", on)
        if funding in excluded.value:
            trace.append(TraceStep.of(text("step_bpu_excluded", lang, funding=funding.upper()), excluded,
                                      value=funding))
            warnings.append(text("bpu_relief_excluded", lang, funding=funding.upper()))
        else:
            discount = window
            trace.append(TraceStep.of(label(name, lang), window))

    lines: list[Line] = []

    def add(programme: str, line_base: Decimal, rate_pv: ParameterValue, rate: Decimal,
            extra: list[ParameterValue]) -> None:
        sources = [rate_pv, *extra]
        if discount is not None and programme in ("JKK", "JKM"):
            rate = rate * (Decimal(1) - discount.value)
            sources.append(discount)
        amount = round_rupiah(line_base * rate)
        reference = _join_refs(sources)
        trace.append(TraceStep(
            text("step_line", lang, programme=programme, payer=text(f"payer_{payer}", lang),
                 base=format_rupiah(line_base, lang), rate=format_rate(rate, lang)),
            amount, ", ".join(pv.name for pv in sources), reference))
        lines.append(Line(programme, payer, line_base, rate, amount, reference,
                          tuple(pv.name for pv in sources)))

    add("JKK", base, jkk_rate, jkk_rate.value, [minimum])
    # JKM is a flat amount: shown as base = the flat amount, rate = 1 (or the share left after a discount).
    add("JKM", jkm_amount.value, jkm_amount, Decimal(1), [])
    if jht:
        jht_rate = require("bpu/jht/rate", on)
        add("JHT", base, jht_rate, jht_rate.value, [minimum])
    total = sum((ln.amount for ln in lines), ZERO)
    trace.append(TraceStep(text("step_total", lang, payer=text(f"payer_{payer}", lang)), total))
    return BpuResult(period=period, income=income, base=base, sector=sector, funding=funding,
                     relief="pp50-2025" if discount else None, lines=tuple(lines), totals={"total": total},
                     trace=tuple(trace), assumptions=tuple(assumptions), warnings=tuple(warnings))


def parameter_names() -> list[str]:
    return load_parameters().names()
