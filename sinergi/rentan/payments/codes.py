"""Kode iuran: the 12-digit code that names one payment obligation of a vulnerable-worker programme
(programme × contribution month × budget line). It is printed on the rekapitulasi sent to BPKD, quoted on
the SP2D, and used to match the payment in the receivables ledger.

Layout (positions 1–12)::

    R R R R  Y Y M M  L  S S  C
    └region┘ └period┘ │  └seq┘ └ check digit (Damm)
                      └ budget line number (1–9)

- ``RRRR``: the programme's region, the province and regency digits of the Kepmendagri code
  (``64.02`` Kutai Kartanegara → ``6402``; a province-wide programme, ``64`` → ``6400``: no regency is 00);
- ``YYMM``: the contribution month;
- ``L``: the budget line's number inside its programme (``BudgetLine.number``, 1–9);
- ``SS``: the programme's sequence among the programmes of the same region (01–99, by creation order), so
  two programmes of one regency never share a code;
- ``C``: a check digit by the **Damm algorithm** (a totally anti-symmetric quasigroup of order 10).

Why Damm: it detects *every* single-digit error and *every* transposition of two adjacent digits, with a
decimal check digit. Luhn misses the transposition 09 ↔ 90; ISO 7064 MOD 11-2 needs an eleventh symbol
("X") for one check value in eleven, which a 12-digit numeric code cannot carry. Verhoeff would also do,
but Damm is one table lookup per digit.

Uniqueness: by construction (the four parts identify programme, month and line) and by the database
(``ContributionCode.code`` is unique), which also catches the one case construction cannot — more than 99
programmes in one region.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LENGTH = 12

# Damm's quasigroup (H. M. Damm, 2004): row = interim digit, column = next digit.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_digit(digits: str) -> str:
    """The Damm check digit of a string of decimal digits."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return str(interim)


def code_is_valid(code: str) -> bool:
    """Whether ``code`` is 12 decimal digits whose last one is the Damm check digit of the first eleven
    (equivalently: the Damm check of all twelve is 0)."""
    if not isinstance(code, str) or len(code) != LENGTH or not code.isascii() or not code.isdigit():
        return False
    return damm_digit(code) == "0"


def region_digits(region_code: str) -> str:
    """``64.02`` → ``6402``; ``64`` → ``6400``; deeper codes keep their province and regency."""
    parts = (region_code or "").split(".")
    province = parts[0]
    regency = parts[1] if len(parts) > 1 else "00"
    if not (len(province) == 2 and province.isdigit() and len(regency) == 2 and regency.isdigit()):
        raise ValidationError(_("Kode wilayah %(code)s tidak dapat dipakai untuk kode iuran.") % {"code": region_code})
    return province + regency


@dataclass(frozen=True)
class CodeParts:
    region: str  # 4 digits
    period: date  # first day of the month
    line: int
    sequence: int


def code_build(*, region_code: str, period: date, line_number: int, sequence: int) -> str:
    """The kode iuran of one programme (its region and sequence), month and budget line."""
    if not 1 <= line_number <= 9:
        raise ValidationError(_("Nomor mata anggaran harus 1 sampai 9 untuk kode iuran, bukan %(n)s.")
                              % {"n": line_number})
    if not 1 <= sequence <= 99:
        raise ValidationError(_("Wilayah ini sudah memiliki lebih dari 99 program; kode iuran tidak dapat "
                                "dibentuk."))
    body = f"{region_digits(region_code)}{period.year % 100:02d}{period.month:02d}{line_number}{sequence:02d}"
    return body + damm_digit(body)


def code_parse(code: str) -> CodeParts | None:
    """The parts of a valid kode iuran, or None when it is not one (wrong length, digits or check digit)."""
    code = (code or "").strip()
    if not code_is_valid(code):
        return None
    month = int(code[6:8])
    if not 1 <= month <= 12 or code[8] == "0" or code[9:11] == "00":
        return None
    return CodeParts(region=code[:4], period=date(2000 + int(code[4:6]), month, 1), line=int(code[8]),
                     sequence=int(code[9:11]))


def programme_sequence(programme) -> int:
    """The programme's place (1-based, by id) among the programmes of its region."""
    from sinergi.rentan.models import Programme

    return Programme.objects.filter(region_id=programme.region_id, pk__lte=programme.pk).count()


def contribution_code(*, programme, period: date, budget_line) -> str:
    """The kode iuran of ``programme`` × ``period`` × ``budget_line``."""
    return code_build(region_code=programme.region.code, period=period, line_number=budget_line.number,
                      sequence=programme_sequence(programme))
