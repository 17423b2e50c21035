from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sinergi.formatting import (
    format_date,
    format_number,
    format_percent,
    format_rupiah,
    format_rupiah_short,
    parse_indonesian_date,
)


@pytest.mark.parametrize(("amount", "expected"), [
    (Decimal("2930000000"), "Rp 2.930.000.000"),
    (Decimal("16800"), "Rp 16.800"),
    (Decimal("0"), "Rp 0"),
    (Decimal("-5000"), "-Rp 5.000"),
    (Decimal("10547400.5"), "Rp 10.547.401"),
])
def test_rupiah_are_written_with_dots_for_thousands(amount, expected):
    assert format_rupiah(amount) == expected


@pytest.mark.parametrize(("amount", "expected"), [
    (Decimal("2930000000"), "Rp 2,93 miliar"),  # seed 001: potential contributions
    (Decimal("1510000000"), "Rp 1,51 miliar"),  # seed 001: realised
    (Decimal("325840000000"), "Rp 325,84 miliar"),  # seed 002: Balikpapan benefits
    (Decimal("1070000000000"), "Rp 1,07 triliun"),  # seed 002: Kaltim claims
    (Decimal("2000000000"), "Rp 2 miliar"),  # seed 000
    (Decimal("8000000"), "Rp 8 juta"),
    (Decimal("16800"), "Rp 16,8 ribu"),
    (Decimal("950"), "Rp 950"),
])
def test_the_short_form_matches_how_the_reports_speak(amount, expected):
    assert format_rupiah_short(amount) == expected


def test_english_uses_english_separators_and_words():
    assert format_rupiah(Decimal("2930000000"), lang="en") == "Rp 2,930,000,000"
    assert format_rupiah_short(Decimal("2930000000"), lang="en") == "Rp 2.93 billion"
    assert format_date(dt.date(2025, 6, 12), lang="en") == "12 June 2025"


def test_dates_counts_and_percentages_are_indonesian():
    assert format_date(dt.date(2025, 6, 12)) == "12 Juni 2025"
    assert format_number(1676573) == "1.676.573"
    assert format_percent(Decimal("51.65")) == "51,65%"
    assert format_date(None) == ""


def test_money_must_never_be_a_float():
    with pytest.raises(TypeError):
        format_rupiah(0.1)


@pytest.mark.parametrize(("text", "expected"), [
    ("12 Juni 1985", dt.date(1985, 6, 12)),
    ("1 Agt 2020", None),  # "Agt" is not a prefix of Agustus
    ("1 Agu 2020", dt.date(2020, 8, 1)),
    ("31 Februari 2020", None),
    ("3 March 1990", dt.date(1990, 3, 3)),
    ("kemarin", None),
])
def test_indonesian_dates_are_read_back(text, expected):
    assert parse_indonesian_date(text) == expected
