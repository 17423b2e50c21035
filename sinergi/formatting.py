"""Indonesian formatting of money and dates.

Rupiah use a dot for thousands and a comma for decimals (``Rp 2.930.000.000``); the short form used in
reports and news is ``Rp 2,93 miliar``. Dates are written ``12 Juni 2025``. The English variants exist for
the English interface; the amounts are never rounded here beyond what the display needs.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
SHORT_UNITS_ID = [(Decimal(10) ** 12, "triliun"), (Decimal(10) ** 9, "miliar"), (Decimal(10) ** 6, "juta"),
                  (Decimal(10) ** 3, "ribu")]
SHORT_UNITS_EN = [(Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"),
                  (Decimal(10) ** 3, "thousand")]


def _to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(str(value))


def group_thousands(value, *, lang: str = "id", decimals: int = 0) -> str:
    amount = _to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.{decimals}f}"  # 1,234,567.89
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return sign + text


def format_rupiah(value, *, lang: str = "id", decimals: int = 0) -> str:
    """``Rp 2.930.000.000`` (id) or ``Rp 2,930,000,000`` (en); negative amounts as ``-Rp 5.000``."""
    text = group_thousands(value, lang=lang, decimals=decimals)
    if text.startswith("-"):
        return f"-Rp {text[1:]}"
    return f"Rp {text}"


def format_rupiah_short(value, *, lang: str = "id", digits: int = 2) -> str:
    """``Rp 2,93 miliar`` / ``Rp 1,51 miliar`` / ``Rp 325,84 miliar``; below a thousand, the full amount."""
    amount = _to_decimal(value)
    units = SHORT_UNITS_ID if lang == "id" else SHORT_UNITS_EN
    for size, word in units:
        if abs(amount) >= size:
            scaled = (amount / size).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
            text = group_thousands(scaled, lang=lang, decimals=digits)
            # Trailing zeros carry no meaning in the short form: Rp 2 miliar, Rp 2,5 miliar.
            sep = "," if lang == "id" else "."
            if sep in text:
                text = text.rstrip("0").rstrip(sep)
            sign = ""
            if text.startswith("-"):
                sign, text = "-", text[1:]
            return f"{sign}Rp {text} {word}"
    return format_rupiah(amount, lang=lang)


def format_number(value, *, lang: str = "id", decimals: int = 0) -> str:
    """Counts and figures: ``1.676.573`` (id)."""
    return group_thousands(value, lang=lang, decimals=decimals)


def format_percent(value, *, lang: str = "id", decimals: int = 2) -> str:
    """``51,65%`` (id) / ``51.65%`` (en)."""
    return group_thousands(value, lang=lang, decimals=decimals) + "%"


def format_date(value: dt.date | dt.datetime | None, *, lang: str = "id") -> str:
    """``12 Juni 2025`` (id) / ``12 June 2025`` (en); an empty string for None."""
    if value is None:
        return ""
    months = MONTHS_ID if lang == "id" else MONTHS_EN
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_period(year: int, month: int, *, lang: str = "id") -> str:
    """A contribution month: ``April 2025``."""
    months = MONTHS_ID if lang == "id" else MONTHS_EN
    return f"{months[month - 1]} {year}"


def parse_indonesian_date(text: str) -> dt.date | None:
    """Read ``12 Juni 1985`` (also abbreviated ``12 Jun 1985`` and the English month names)."""
    parts = text.strip().replace(",", " ").split()
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        return None
    word = parts[1].lower()
    for names in (MONTHS_ID, MONTHS_EN):
        for index, name in enumerate(names, start=1):
            if name.lower() == word or (len(word) >= 3 and name.lower().startswith(word)):
                try:
                    return dt.date(int(parts[2]), index, int(parts[0]))
                except ValueError:
                    return None
    return None
