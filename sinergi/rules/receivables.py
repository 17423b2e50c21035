"""Collectibility of contribution receivables and eligibility for handover to PUPN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sinergi.clock import today as local_today
from sinergi.rules.contributions import to_decimal
from sinergi.rules.errors import RulesError
from sinergi.rules.money import format_rupiah
from sinergi.rules.params import require
from sinergi.rules.results import TraceStep
from sinergi.rules.texts import label, text

CLASSES = ("lancar", "kurang_lancar", "diragukan", "macet")
SCHEMES = ("months", "letters")


def parse_class(value: str) -> str:
    code = value.strip().lower().replace(" ", "_").replace("-", "_")
    if code not in CLASSES:
        raise RulesError("error_choice", what="collectibility", value=value, choices=", ".join(CLASSES))
    return code


@dataclass(frozen=True)
class CollectibilityResult:
    klass: str  # lancar | kurang_lancar | diragukan | macet
    scheme: str
    reference: str
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def collectibility_classify(*, months_overdue: int | None = None, letters: int | None = None,
                            scheme: str | None = None, handed_to_pupn: bool = False, on: date | None = None,
                            thresholds: dict[str, int] | None = None, lang: str = "id") -> CollectibilityResult:
    """Collectibility class of a receivable.

    ``scheme="months"`` uses months overdue (full months since the due date of the oldest unpaid
    contribution) against the deployment's thresholds (``thresholds`` overrides the parameters:
    ``lancar_max_months``, ``kurang_lancar_max_months``, ``diragukan_max_months``). ``scheme="letters"``
    uses the number of Surat Tagihan left unpaid for a month after each (PMK 69/2014 jo. 207/2019).
    ``scheme=None`` takes the deployment default.
    """
    on = on or local_today()
    default = require("collectibility/default_scheme", on)
    scheme = scheme or default.value
    if scheme not in SCHEMES:
        raise RulesError("error_choice", what="scheme", value=scheme, choices=", ".join(SCHEMES))
    for what, value in (("months_overdue", months_overdue), ("letters", letters)):
        if value is not None and (isinstance(value, bool) or value < 0):
            raise RulesError("error_negative", what=what, value=value)
    trace = [TraceStep.of(label(default.name, lang), default, value=scheme)]
    assumptions: list[str] = []
    if handed_to_pupn:
        trace.append(TraceStep(text("step_handed_to_pupn", lang), "macet"))
        return CollectibilityResult("macet", scheme, "PMK 69/PMK.06/2014 jo. PMK 207/PMK.06/2019",
                                    tuple(trace), tuple(assumptions))
    if scheme == "months":
        if months_overdue is None:
            raise RulesError("error_missing", what="--months-overdue")
        pvs = {key: require(f"collectibility/months/{key}", on)
               for key in ("lancar_max_months", "kurang_lancar_max_months", "diragukan_max_months")}
        limits = {key: pv.value for key, pv in pvs.items()}
        limits.update(thresholds or {})
        if not limits["lancar_max_months"] <= limits["kurang_lancar_max_months"] <= limits["diragukan_max_months"]:
            raise RulesError("error_thresholds")
        for key, pv in pvs.items():
            trace.append(TraceStep.of(label(pv.name, lang), pv, value=limits[key]))
        if months_overdue <= limits["lancar_max_months"]:
            klass = "lancar"
        elif months_overdue <= limits["kurang_lancar_max_months"]:
            klass = "kurang_lancar"
        elif months_overdue <= limits["diragukan_max_months"]:
            klass = "diragukan"
        else:
            klass = "macet"
        trace.append(TraceStep(text("step_class_months", lang, months=months_overdue), klass))
        assumptions.append(text("assume_months_thresholds", lang))
        reference = pvs["lancar_max_months"].citation
    else:
        if letters is None:
            raise RulesError("error_missing", what="--letters")
        pvs = {key: require(f"collectibility/letters/{key}", on)
               for key in ("kurang_lancar_letters", "diragukan_letters", "macet_letters", "grace_months")}
        for pv in pvs.values():
            trace.append(TraceStep.of(label(pv.name, lang), pv))
        if months_overdue == 0:
            klass = "lancar"
        elif letters >= pvs["macet_letters"].value:
            klass = "macet"
        elif letters >= pvs["diragukan_letters"].value:
            klass = "diragukan"
        elif letters >= pvs["kurang_lancar_letters"].value:
            klass = "kurang_lancar"
        else:
            klass = "lancar"
        trace.append(TraceStep(text("step_class_letters", lang, letters=letters), klass))
        assumptions.append(text("assume_letters", lang))
        reference = pvs["macet_letters"].citation
    return CollectibilityResult(klass, scheme, reference, tuple(trace), tuple(assumptions))


@dataclass(frozen=True)
class PupnResult:
    """Whether a receivable may be handed over to PUPN (PMK 52/2024). ``reasons`` lists every unmet
    criterion (empty when eligible); ``reason_codes`` are the same as stable codes."""

    eligible: bool
    reasons: tuple[str, ...]
    reason_codes: tuple[str, ...]
    amount: Decimal
    collectibility: str
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def pupn_minimum(on: date) -> Decimal:
    """The PMK 52/2024 minimum of a handover to PUPN (``pupn/min_amount``)."""
    return Decimal(require("pupn/min_amount", on).value)


def pupn_eligibility(*, collectibility: str, amount: Decimal | int | str, documents_complete: bool = True,
                     handled_by_aph: bool = False, on: date | None = None, lang: str = "id") -> PupnResult:
    """PMK 52/2024 handover criteria: macet, at least the minimum amount, adequate documents, and (as
    reported) not handled by law enforcement. The prior own-collection effort is assumed done."""
    on = on or local_today()
    klass = parse_class(collectibility)
    amount = to_decimal(amount, what="amount")
    required = require("pupn/required_collectibility", on)
    minimum = require("pupn/min_amount", on)
    documents = require("pupn/requires_documents", on)
    aph = require("pupn/excludes_aph", on)
    codes: list[str] = []
    reasons: list[str] = []
    trace: list[TraceStep] = []

    def check(ok: bool, code: str, step: str, pv, value, **kw) -> None:
        trace.append(TraceStep.of(step, pv, value=value))
        if not ok:
            codes.append(code)
            reasons.append(text(f"pupn_{code}", lang, **kw))

    check(klass == required.value, "not_macet", text("step_pupn_class", lang, required=required.value),
          required, klass, klass=klass)
    check(amount >= minimum.value, "below_minimum",
          text("step_pupn_amount", lang, minimum=format_rupiah(minimum.value, lang)), minimum, amount,
          amount=format_rupiah(amount, lang), minimum=format_rupiah(minimum.value, lang))
    check(documents_complete or not documents.value, "documents_incomplete", text("step_pupn_documents", lang),
          documents, documents_complete)
    check(not (handled_by_aph and aph.value), "handled_by_aph", text("step_pupn_aph", lang), aph, handled_by_aph)
    assumptions = (text("assume_pupn_collection_effort", lang), text("assume_pupn_aph", lang))
    return PupnResult(eligible=not codes, reasons=tuple(reasons), reason_codes=tuple(codes), amount=amount,
                      collectibility=klass, trace=tuple(trace), assumptions=assumptions)
