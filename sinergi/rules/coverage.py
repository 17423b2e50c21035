"""Coverage (Universal Coverage Jamsostek, UCJ) and the Jakon contribution, as rules.

Pure Python, no Django. What the law (or, where no law says, the documented practice) decides:

- :func:`active_definition`: which participants count as active in a month, ``billed`` or ``paid``
  (parameter ``coverage/active_definition``; sources disagree, REGULATIONS.md section 9);
- :func:`denominator_exclusions`: the workforce groups subtracted from the "penduduk bekerja" estimate to
  give the potential (``coverage/exclusions``: ASN/TNI/Polri, covered by Taspen/Asabri);
- :func:`coverage_ratio` and :func:`growth`: the two percentages of a coverage report, computed from the
  two numbers with one documented rounding (half up, to ``places`` decimals), never repeated from a text;
- :func:`jakon_contribution`: the JKK+JKM contribution of a construction project by contract value, by
  marginal brackets (``coverage/jakon_rate``, confidence R: an open, configurable assumption).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sinergi.rules.errors import ParameterFileError, RulesError
from sinergi.rules.money import ZERO, format_rupiah, round_rupiah
from sinergi.rules.params import ParameterValue, require
from sinergi.rules.results import TraceStep

DEFINITIONS = ("billed", "paid")
DEFINITION_LABELS = {
    "billed": ("tertagih", "billed"),
    "paid": ("tertagih dan lunas", "billed and paid"),
}
SEGMENTS = ("pu", "bpu", "bpu_rentan", "jakon")
PROGRAMMES = ("jkk", "jkm", "jht", "jp", "jkp")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Definition:
    code: str  # billed | paid
    label: str
    default: bool  # whether it is the parameter's value (not chosen by the caller)
    citation: str
    note: str


def active_definition(*, on: date, choice: str | None = None, lang: str = "id") -> Definition:
    """The definition of an active participant used for month ``on``: ``choice`` when given, else the
    parameter's default. An unknown choice is an error, never a silent fallback."""
    pv = require("coverage/active_definition", on)
    code = pv.value if not choice else choice.strip().lower()
    if code not in DEFINITIONS:
        raise RulesError("error_choice", what="definisi peserta aktif" if lang == "id" else "active definition",
                         value=choice, choices=", ".join(DEFINITIONS))
    label = DEFINITION_LABELS[code][0 if lang == "id" else 1]
    return Definition(code=code, label=label, default=code == pv.value, citation=pv.citation, note=pv.note)


@dataclass(frozen=True)
class Exclusions:
    categories: tuple[str, ...]
    citation: str
    note: str


def denominator_exclusions(*, on: date, override: tuple[str, ...] | None = None) -> Exclusions:
    """The workforce categories subtracted from the estimate; ``override`` (a Kanwil's own choice, possibly
    empty) replaces the parameter's list and is named as such."""
    pv = require("coverage/exclusions", on)
    if override is not None:
        return Exclusions(tuple(override), f"pilihan pengguna (bawaan: {pv.citation})", pv.note)
    return Exclusions(tuple(pv.value), pv.citation, pv.note)


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def coverage_ratio(*, participants: int, potential: int, places: int = 2) -> Decimal | None:
    """participants / potential × 100, half up to ``places`` decimals; None when there is no potential."""
    if participants < 0 or potential < 0:
        raise RulesError("error_negative", what="participants/potential", value=min(participants, potential))
    if potential == 0:
        return None
    return _rounded(Decimal(participants) * HUNDRED / Decimal(potential), places)


def growth(*, current: int, previous: int, places: int = 1) -> Decimal | None:
    """(current − previous) / previous × 100, half up to ``places`` decimals; None without a base."""
    if previous <= 0:
        return None
    return _rounded(Decimal(current - previous) * HUNDRED / Decimal(previous), places)


@dataclass(frozen=True)
class Bracket:
    lower: Decimal
    upper: Decimal | None  # None: no upper limit
    rate: Decimal


@dataclass(frozen=True)
class JakonLine:
    lower: Decimal
    upper: Decimal | None
    base: Decimal  # the part of the contract value inside the bracket
    rate: Decimal
    amount: Decimal  # round_rupiah(base × rate)


@dataclass(frozen=True)
class JakonResult:
    contract_value: Decimal
    amount: Decimal  # sum of the lines, each rounded once
    lines: tuple[JakonLine, ...]
    reference: str
    confidence: str
    explanation: tuple[str, ...]
    trace: tuple[TraceStep, ...]
    assumptions: tuple[str, ...]


def jakon_brackets(pv: ParameterValue) -> tuple[Bracket, ...]:
    """Parse the ``"<upper> <rate>"`` entries of ``coverage/jakon_rate``; strict about their order."""
    brackets: list[Bracket] = []
    lower = ZERO
    for index, entry in enumerate(pv.value):
        try:
            upper_text, rate_text = entry.split()
            upper = None if upper_text == "-" else Decimal(upper_text)
            rate = Decimal(rate_text)
        except (ValueError, InvalidOperation):
            raise ParameterFileError(f"{pv.name}: entry {entry!r} is not '<upper> <rate>'") from None
        if not ZERO <= rate <= 1 or (upper is not None and upper <= lower):
            raise ParameterFileError(f"{pv.name}: entry {entry!r} out of order or out of range")
        if upper is None and index != len(pv.value) - 1:
            raise ParameterFileError(f"{pv.name}: only the last bracket may be open-ended")
        brackets.append(Bracket(lower, upper, rate))
        lower = upper if upper is not None else lower
    if not brackets or brackets[-1].upper is not None:
        raise ParameterFileError(f"{pv.name}: the last bracket must be open-ended ('-')")
    return tuple(brackets)


def _percent(rate: Decimal) -> str:
    return f"{(rate * HUNDRED).normalize():f}".replace(".", ",") + "%"


def jakon_contribution(*, contract_value: Decimal, on: date) -> JakonResult:
    """JKK+JKM of a construction project whose contract is worth ``contract_value`` (whole rupiah), signed
    on ``on``: each bracket's rate on the part of the value inside it, each line rounded once, the amount
    the sum of the lines. Includes JKK and JKM only (Jakon workers are not billed JHT/JP here)."""
    if isinstance(contract_value, float) or isinstance(contract_value, bool):
        raise RulesError("error_amount_type", what="nilai kontrak")
    value = Decimal(contract_value)
    if value < 0:
        raise RulesError("error_negative", what="nilai kontrak", value=value)
    pv = require("coverage/jakon_rate", on)
    lines: list[JakonLine] = []
    explanation: list[str] = []
    for bracket in jakon_brackets(pv):
        if value <= bracket.lower:
            break
        top = value if bracket.upper is None else min(value, bracket.upper)
        base = top - bracket.lower
        amount = round_rupiah(base * bracket.rate)
        lines.append(JakonLine(bracket.lower, bracket.upper, base, bracket.rate, amount))
        span = (f"di atas {format_rupiah(bracket.lower)}" if bracket.upper is None
                else f"{format_rupiah(bracket.lower)} s.d. {format_rupiah(bracket.upper)}")
        explanation.append(f"{span}: {format_rupiah(base)} × {_percent(bracket.rate)} = {format_rupiah(amount)}")
    total = sum((line.amount for line in lines), ZERO)
    explanation.append(f"Jumlah iuran JKK+JKM: {format_rupiah(total)} ({pv.citation})")
    return JakonResult(
        contract_value=value, amount=total, lines=tuple(lines), reference=str(pv.reference),
        confidence=pv.confidence, explanation=tuple(explanation),
        trace=(TraceStep.of("Tarif iuran JKK+JKM jasa konstruksi per nilai kontrak", pv),),
        assumptions=("Tarif bertingkat marginal seperti yang umum dipublikasikan; belum dicocokkan dengan "
                     "Lampiran Permenaker 44/2015 (keyakinan R, dapat diubah di parameter).",),
    )
