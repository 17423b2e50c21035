"""NIK (Nomor Induk Kependudukan) structure and plausibility.

``PP KK CC DDMMYY SSSS``: province, regency/city and district where the NIK was first issued (it does
not change when the person moves), birth date with 40 added to the day for women, and a sequence number
from 0001. This is an offline plausibility check; only Dukcapil can say that a NIK exists.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sinergi.clock import today as local_today
from sinergi.rules.params import latest
from sinergi.rules.texts import text

REGIONS_DIR = Path(__file__).resolve().parent.parent / "regions" / "data"
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_FLOAT_SUFFIX = re.compile(r"^(\d+)[.,]0+$")
_SEPARATORS = re.compile(r"[\s.\-/]")


@dataclass(frozen=True)
class Issue:
    code: str
    message: str


@dataclass(frozen=True)
class NikResult:
    value: str  # the input as given
    normalized: str | None  # the 16 digits, when they could be extracted
    valid: bool
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    birth_date: date | None
    sex: str | None  # "F" or "M"
    province_code: str | None
    regency_code: str | None
    district_code: str | None
    region_name: str | None


@lru_cache(maxsize=1)
def _regions() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Province, regency and district names by undotted code (``64``, ``6402``, ``640207``)."""

    def read(name: str) -> dict[str, str]:
        path = REGIONS_DIR / f"{name}.csv.gz"
        if not path.exists():
            return {}
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            return {row["code"].replace(".", ""): row["name"] for row in csv.DictReader(handle)}

    return read("provinces"), read("regencies"), read("districts")


def _birth_date(day: int, month: int, yy: int, today: date) -> tuple[date | None, str | None]:
    """Try 20YY then 19YY and keep the latest that is a real date not after today."""
    candidates = []
    for century in (1900, 2000):
        try:
            candidates.append(date(century + yy, month, day))
        except ValueError:
            continue
    if not candidates:
        return None, "invalid_date"
    past = [c for c in candidates if c <= today]
    if not past:
        return None, "future_date"
    return max(past), None


def nik_check(value: str, *, today: date | None = None, lang: str = "id") -> NikResult:
    """Check a NIK's structure; derive birth date, sex and region. Errors make it invalid; warnings
    (unknown or pre-split region codes, signs of spreadsheet damage) do not."""
    today = today or local_today()
    errors: list[Issue] = []
    warnings: list[Issue] = []

    def err(issue: str, **kw) -> None:
        errors.append(Issue(issue, text(f"nik_{issue}", lang, **kw)))

    def warn(issue: str, **kw) -> None:
        warnings.append(Issue(issue, text(f"nik_{issue}", lang, **kw)))

    raw = "" if value is None else str(value)
    cleaned = raw.strip().lstrip("'")
    empty = NikResult(raw, None, False, (), (), None, None, None, None, None, None)
    if _SCIENTIFIC.match(cleaned.replace(" ", "")):
        err("excel_scientific")
        return _done(empty, errors, warnings)
    float_match = _FLOAT_SUFFIX.match(cleaned)
    if float_match:
        warn("float_suffix")
        cleaned = float_match.group(1)
    digits = _SEPARATORS.sub("", cleaned)
    if not digits.isascii() or not digits.isdigit():
        err("not_digits")
        return _done(empty, errors, warnings)
    if len(digits) != 16:
        err("length", length=len(digits))
        if len(digits) == 15:
            warn("excel_lost_digit")
        return _done(NikResult(raw, None, False, (), (), None, None, None, None, None, None), errors, warnings)

    province, regency, district = digits[:2], digits[2:4], digits[4:6]
    dd, mm, yy, seq = int(digits[6:8]), int(digits[8:10]), int(digits[10:12]), digits[12:]
    offset = latest("identifiers/nik/female_day_offset").value
    known_provinces = latest("identifiers/nik/province_codes").value
    sex = "F" if offset < dd <= offset + 31 else "M" if 1 <= dd <= 31 else None
    day = dd - offset if dd > offset else dd
    birth = None
    if not 1 <= mm <= 12:
        err("month", month=digits[8:10])
    if not 1 <= day <= 31:
        err("day", day=digits[6:8])
    if not errors:
        birth, problem = _birth_date(day, mm, yy, today)
        if problem:
            err(problem, date=f"{day:02d}-{mm:02d}-{yy:02d}")
    if seq == "0000":
        err("sequence_zero")
        if float_match or digits.endswith("00"):
            warn("excel_rounded")
    elif digits.endswith("00"):
        warn("trailing_zeros")
    if regency == "00":
        err("regency_zero")
    if district == "00":
        err("district_zero")

    provinces, regencies, districts = _regions()
    if province not in known_provinces:
        warn("unknown_province", code=province)
    if regency != "00":
        if province + regency not in regencies:
            warn("unknown_regency", code=f"{province}.{regency}")
        elif district != "00" and province + regency + district not in districts:
            warn("unknown_district", code=f"{province}.{regency}.{district}")
    names = [districts.get(province + regency + district), regencies.get(province + regency),
             provinces.get(province)]
    region_name = ", ".join(n for n in names if n) or None
    result = NikResult(raw, digits, False, (), (), birth, sex, province,
                       f"{province}.{regency}", f"{province}.{regency}.{district}", region_name)
    return _done(result, errors, warnings)


def _done(result: NikResult, errors: list[Issue], warnings: list[Issue]) -> NikResult:
    return NikResult(result.value, result.normalized, not errors, tuple(errors), tuple(warnings),
                     result.birth_date, result.sex, result.province_code, result.regency_code,
                     result.district_code, result.region_name)
