"""Self-employed (BPU) contributions and the PP 50/2025 discount windows."""

from decimal import Decimal

import pytest

from sinergi.rules import RulesError, bpu_contribution

D = Decimal
NORMAL = D("1000000") * D("0.01") + D("6800")  # Rp 16.800: JKK on the lowest bracket + flat JKM
HALF = NORMAL * D("0.5")  # Rp 8.400


def test_minimum_package_and_optional_jht():
    r = bpu_contribution(period="2025-06", income=D("1000000"))
    assert r.totals["total"] == NORMAL
    r = bpu_contribution(period="2025-06", income=D("1000000"), jht=True)
    assert r.totals["total"] == NORMAL + D("1000000") * D("0.02")


def test_jkk_is_one_percent_of_the_declared_income():
    r = bpu_contribution(period="2025-06", income=D("3500000"))
    assert r.lines[0].amount == D("3500000") * D("0.01")


def test_income_below_the_lowest_bracket_is_raised_to_it_with_a_warning():
    r = bpu_contribution(period="2025-06", income=D("600000"))
    assert r.base == D("1000000") and r.warnings


@pytest.mark.parametrize(("period", "sector", "expected"), [
    ("2025-12", "transport", NORMAL), ("2026-01", "transport", HALF), ("2027-03", "transport", HALF),
    ("2027-04", "transport", NORMAL),
    ("2026-03", "other", NORMAL), ("2026-04", "other", HALF), ("2026-12", "other", HALF), ("2027-01", "other", NORMAL),
])
def test_pp_50_2025_windows(period, sector, expected):
    assert bpu_contribution(period=period, income=D("1000000"), sector=sector).totals["total"] == expected


@pytest.mark.parametrize("funding", ["apbd", "apbn"])
def test_pp_50_2025_never_for_government_funded_participants(funding):
    r = bpu_contribution(period="2026-05", income=D("1000000"), sector="transport", funding=funding)
    assert r.totals["total"] == NORMAL and r.relief is None and r.warnings
    assert all(ln.payer == "government" for ln in r.lines)


def test_the_discount_does_not_touch_jht():
    r = bpu_contribution(period="2026-05", income=D("1000000"), sector="other", jht=True)
    assert r.totals["total"] == HALF + D("1000000") * D("0.02")


def test_bad_sector_or_negative_income():
    with pytest.raises(RulesError):
        bpu_contribution(period="2026-05", income=D("1000000"), sector="fishing")
    with pytest.raises(RulesError):
        bpu_contribution(period="2026-05", income=D("-1"))
