"""The one rounding rule and the remainder-taking split."""

from decimal import Decimal

import pytest

from sinergi.rules.money import format_rate, format_rupiah, round_rupiah, split_amount


@pytest.mark.parametrize(("amount", "expected"), [
    ("210948.0", "210948"), ("0.5", "1"), ("1.49", "1"), ("2.5", "3"), ("-2.5", "-3"), ("12345.50", "12346"),
])
def test_round_rupiah_is_whole_rupiah_half_up(amount, expected):
    assert round_rupiah(Decimal(amount)) == Decimal(expected)


def test_round_rupiah_refuses_floats():
    with pytest.raises(TypeError):
        round_rupiah(0.5)


def test_split_gives_the_remainder_to_the_last_part():
    parts = split_amount(Decimal("100"), [Decimal(1), Decimal(1), Decimal(1)])
    assert parts == (Decimal("33"), Decimal("33"), Decimal("34"))
    assert sum(parts) == Decimal("100")


def test_formatting_is_indonesian_by_default():
    assert format_rupiah(Decimal("2930000000")) == "Rp 2.930.000.000"
    assert format_rupiah(Decimal("2930000000"), "en") == "Rp 2,930,000,000"
    assert format_rate(Decimal("0.0089")) == "0,89%"
    assert format_rate(Decimal("0.0089"), "en") == "0.89%"
