"""JP (PP 45/2015): the pension age, the monthly pension formula within the year's bounds, the lump sum below
180 months."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.rules import RulesError
from sinergi.rules.jp import jp_benefit, jp_pension_age
from sinergi.rules.params import value_at

D = Decimal


@pytest.mark.parametrize(("born", "reached", "age"), [
    (date(1959, 7, 1), date(2015, 7, 1), 56),   # the first day of JP
    (date(1962, 12, 31), date(2018, 12, 31), 56),  # the day before 57 applies
    (date(1963, 1, 1), date(2020, 1, 1), 57),   # 56 on 1 January 2019 is too young: 57 from that day
    (date(1966, 6, 1), date(2024, 6, 1), 58),   # 58 from 2022
    (date(1968, 3, 1), date(2027, 3, 1), 59),   # 59 from 2025
    (date(1990, 1, 1), date(2055, 1, 1), 65),   # 65 from 2043 on
])
def test_the_pension_age_rises_one_year_every_three_years_up_to_65(born, reached, age):
    assert jp_pension_age(birth_date=born)[:2] == (reached, age)


def test_agus_with_185_months_gets_1_percent_per_year_of_his_average_indexed_wage():
    r = jp_benefit(birth_date=date(1975, 1, 1), contribution_months=185, average_indexed_wage="8000000")
    assert r.kind == "monthly" and r.eligible
    assert r.formula_amount == round(D("0.01") * D(185) / 12 * D("8000000"))
    assert r.monthly_benefit == r.formula_amount  # no bound known for the year: open assumption
    assert any("2038" in a for a in r.assumptions)
    assert r.lines[-1].code == "monthly" and r.lines[-1].in_total


@pytest.mark.parametrize(("months", "kind"), [(179, "lump_sum"), (180, "monthly")])
def test_179_months_is_a_lump_sum_180_a_monthly_pension(months, kind):
    r = jp_benefit(birth_date=date(1975, 1, 1), contribution_months=months, average_indexed_wage="5000000",
                   lump_sum_balance="60000000")
    assert r.kind == kind
    if kind == "lump_sum":
        assert r.lump_sum == D("60000000") and r.monthly_benefit is None
    else:
        assert r.monthly_benefit == round(D("0.01") * 15 * D("5000000"))


def test_the_lump_sum_from_contributions_plus_yield():
    r = jp_benefit(birth_date=date(1975, 1, 1), contribution_months=2,
                   contributions=[("2024-11", "300000"), ("2024-12", "300000")], yields={2024: "0.06", 2025: "0.06"})
    first_year = round(D("300000") * D("0.06") * 1 / 12)
    assert r.lump_sum == round((D("600000") + first_year) * D("1.06"))


def test_the_2024_minimum_lifts_a_small_pension():
    r = jp_benefit(birth_date=date(1966, 6, 1), on=date(2024, 6, 1), contribution_months=180,
                   average_indexed_wage="2000000")
    assert r.formula_amount == D("300000") and r.minimum == D("393500")
    assert r.monthly_benefit == D("393500")
    assert any(ln.code == "minimum" for ln in r.lines)


def test_the_2015_maximum_caps_a_large_pension():
    r = jp_benefit(birth_date=date(1959, 7, 1), contribution_months=360, average_indexed_wage="20000000")
    assert r.formula_amount == D("6000000") and r.monthly_benefit == D("3600000")
    assert any("Low confidence" in a or "Keyakinan rendah" in a for a in r.assumptions)


def test_before_pension_age_not_yet_eligible():
    r = jp_benefit(birth_date=date(1975, 1, 1), on=date(2037, 12, 31), contribution_months=200,
                   average_indexed_wage="5000000")
    assert not r.eligible and r.reason_codes == ("under_pension_age",)


def test_the_wage_history_is_capped_each_month_at_the_jp_cap():
    history = [("2025-02", "20000000"), ("2025-03", "20000000")]
    r = jp_benefit(birth_date=date(1959, 7, 1), on=date(2025, 4, 1), contribution_months=180,
                   wage_history=history, indexation={2025: "1"})
    assert r.average_indexed_wage == (D("10042300") + D("10547400")) / 2


def test_missing_wage_is_an_error():
    with pytest.raises(RulesError):
        jp_benefit(birth_date=date(1975, 1, 1), contribution_months=200)
    with pytest.raises(RulesError):
        jp_benefit(birth_date=date(1975, 1, 1))


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(1959, 7, 1), max_value=date(1975, 12, 31)),
       st.integers(min_value=180, max_value=600),
       st.integers(min_value=0, max_value=100_000_000).map(D))
def test_the_monthly_pension_is_always_within_the_years_bounds(born, months, wage):
    r = jp_benefit(birth_date=born, contribution_months=months, average_indexed_wage=wage)
    low = value_at("benefits/jp/min_benefit", r.on).value
    high = value_at("benefits/jp/max_benefit", r.on).value
    if low is not None:
        assert r.monthly_benefit >= low
    if high is not None:
        assert r.monthly_benefit <= high
    if (low is None or r.formula_amount >= low) and (high is None or r.formula_amount <= high):
        assert r.monthly_benefit == r.formula_amount


@pytest.mark.parametrize(("on", "minimum"), [(date(2023, 12, 31), None), (date(2024, 1, 1), D("393500")),
                                             (date(2024, 12, 31), D("393500")), (date(2025, 1, 1), None)])
def test_the_2024_minimum_applies_in_2024_only(on, minimum):
    r = jp_benefit(birth_date=date(1959, 7, 1), on=on, contribution_months=180, average_indexed_wage="1000000")
    assert r.minimum == minimum
    assert r.monthly_benefit == (minimum or D("150000"))
