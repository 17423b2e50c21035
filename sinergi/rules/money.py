"""Money in Sinergi's rules: ``Decimal`` rupiah and the one rounding rule.

Every computed amount goes through :func:`round_rupiah` exactly once, at the end of each line (a line is
one programme × payer × base × rate). Totals are sums of already-rounded lines and are never rounded
again, so a total always equals the sum of the lines shown to the user.

Rule: whole rupiah, ROUND_HALF_UP (0.5 goes away from zero). No regulation found so far prescribes a
different rounding for contributions, denda or benefits; BPJS TK invoices are in whole rupiah. If an
authority is found that says otherwise, change it here and only here.

When one amount is split into parts (an instalment plan, an internal allocation between funds), use
:func:`split_amount`: every part but the last is rounded, the last takes the remainder, so the parts
always add up to the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

RUPIAH = Decimal("1")
ZERO = Decimal("0")


def round_rupiah(amount: Decimal) -> Decimal:
    """Round to whole rupiah, half up (away from zero). Floats are refused: money is Decimal."""
    if not isinstance(amount, Decimal):
        if isinstance(amount, int) and not isinstance(amount, bool):
            amount = Decimal(amount)
        else:
            raise TypeError(f"round_rupiah needs a Decimal, got {type(amount).__name__}")
    return amount.quantize(RUPIAH, rounding=ROUND_HALF_UP)


def split_amount(total: Decimal, weights: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Split ``total`` (whole rupiah) in proportion to ``weights``; the last part takes the remainder."""
    if not weights:
        raise ValueError("split_amount needs at least one weight")
    weight_sum = sum(weights, ZERO)
    if weight_sum <= 0:
        raise ValueError("split_amount needs a positive sum of weights")
    parts = [round_rupiah(total * w / weight_sum) for w in weights[:-1]]
    parts.append(total - sum(parts, ZERO))
    return tuple(parts)


def format_rupiah(amount: Decimal, lang: str = "id") -> str:
    """``Rp 1.234.567`` (Indonesian grouping) or ``Rp 1,234,567`` (English)."""
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.0f}" if amount == amount.to_integral_value() else f"{abs(amount):,.2f}"
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{sign}Rp {text}"


def format_rate(rate: Decimal, lang: str = "id") -> str:
    """A rate as a percentage without trailing zeros: ``0,89%`` / ``0.89%``."""
    pct = (rate * 100).normalize()
    text = f"{pct:f}"
    if lang == "id":
        text = text.replace(".", ",")
    return f"{text}%"
