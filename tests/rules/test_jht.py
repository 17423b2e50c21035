"""JHT: the balance from contributions and declared yields, and when it may be paid (PP 46/2015 Pasal 22,
Permenaker 4/2022)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.rules import RulesError
from sinergi.rules.jht import fund_balance, jht_balance, jht_eligibility, months_between
from sinergi.rules.periods import Period

D = Decimal
MONTHLY = D("5000000") * D("0.057")  # 3.7 % + 2 % of a Rp5 juta wage = Rp285.000


def test_dewi_pays_a_year_then_one_month_her_balance_with_the_declared_yields():
    contributions = [(f"2023-{m:02d}", MONTHLY) for m in range(1, 13)] + [("2024-01", MONTHLY)]
    r = jht_balance(contributions=contributions, yields={2023: "0.06", 2024: "0.055"})
    y2023 = sum(MONTHLY * D("0.06") * (12 - m) / 12 for m in range(1, 13))
    assert r.years[0].yield_amount == round(y2023) == D("94050")
    opening_2024 = 12 * MONTHLY + D("94050")
    y2024 = opening_2024 * D("0.055") + MONTHLY * D("0.055") * 11 / 12
    assert r.years[1].yield_amount == D(round(y2024))
    assert r.balance == 13 * MONTHLY + r.yields == r.contributions + r.yields


def test_a_year_without_a_declared_yield_earns_nothing_and_says_so():
    r = jht_balance(contributions=[("2022-06", MONTHLY), ("2023-06", MONTHLY)], yields={2023: "0.05"}, lang="en")
    assert r.years[0].rate is None and r.years[0].yield_amount == 0
    assert any("2022" in a for a in r.assumptions)


def test_yields_declared_after_the_last_contribution_still_count():
    r = jht_balance(contributions=[("2022-12", D("1000000"))], yields={2022: "0.05", 2023: "0.05", 2024: "0.05"})
    assert [y.year for y in r.years] == [2022, 2023, 2024]
    assert r.balance == round(D("1000000") * D("1.05") * D("1.05"))


def test_no_contributions_no_balance():
    assert jht_balance(contributions=[], yields={}).balance == 0


@pytest.mark.parametrize("bad", ["1.5", "abc", "-1"])
def test_a_yield_outside_minus_one_and_one_is_an_error(bad):
    with pytest.raises(RulesError):
        jht_balance(contributions=[("2023-01", MONTHLY)], yields={2023: bad})


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 119).map(Period(2015, 7).shift),
                          st.integers(0, 10_000_000).map(D)), max_size=40),
       st.dictionaries(st.integers(2015, 2026), st.decimals("0", "0.10", places=4), max_size=12))
def test_the_balance_is_contributions_plus_yields_and_never_below_contributions(contributions, yields):
    r = fund_balance(contributions=contributions, yields=yields)
    assert r.balance == r.contributions + r.yields
    assert r.contributions == sum((a for _, a in contributions), D(0))
    assert r.balance >= r.contributions
    assert r.balance == (r.years[-1].closing if r.years else 0)


# ------------------------------------------------------------------------------------------ eligibility
def test_retirement_at_56_payable_on_the_birthday_not_the_day_before():
    born = date(1969, 3, 2)
    assert jht_eligibility(event="retirement", event_date=date(2025, 3, 2), birth_date=born).eligible
    r = jht_eligibility(event="retirement", event_date=date(2025, 3, 1), birth_date=born)
    assert not r.eligible and r.reason_codes == ("under_retirement_age",)
    assert r.earliest_payable_date == date(2025, 3, 2)


def test_rina_resigns_her_jht_is_payable_after_the_one_month_waiting_period():
    r = jht_eligibility(event="resignation", event_date=date(2025, 3, 10), balance="10000000")
    assert r.eligible and r.earliest_payable_date == date(2025, 4, 10)
    assert r.amount == D("10000000") and "Permenaker 4/2022" in r.lines[0].reference
    early = jht_eligibility(event="resignation", event_date=date(2025, 3, 10), claim_date=date(2025, 4, 9))
    assert not early.eligible and early.reason_codes == ("claim_too_early",)
    on_time = jht_eligibility(event="resignation", event_date=date(2025, 3, 10), claim_date=date(2025, 4, 10))
    assert on_time.eligible and on_time.payment_deadline == date(2025, 4, 17)  # 5 working days


def test_dismissal_waits_one_month_from_the_phk_date():
    r = jht_eligibility(event="dismissal", event_date=date(2025, 1, 31))
    assert r.earliest_payable_date == date(2025, 2, 28)


@pytest.mark.parametrize("event", ["death", "total_permanent_disability", "leaving_indonesia", "pkwt_end"])
def test_these_events_are_payable_at_once(event):
    r = jht_eligibility(event=event, event_date=date(2025, 5, 5))
    assert r.eligible and r.earliest_payable_date == date(2025, 5, 5) and r.share == 1


def test_before_permenaker_4_2022_no_payment_deadline_is_parameterised():
    r = jht_eligibility(event="death", event_date=date(2022, 4, 25), claim_date=date(2022, 4, 25))
    assert r.eligible and r.payment_deadline is None
    r = jht_eligibility(event="death", event_date=date(2022, 4, 26), claim_date=date(2022, 4, 26))
    assert r.payment_deadline is not None


@pytest.mark.parametrize(("applied", "eligible"), [(date(2025, 6, 30), False), (date(2025, 7, 1), True)])
def test_partial_withdrawal_after_exactly_10_years_of_membership(applied, eligible):
    r = jht_eligibility(event="partial_housing", event_date=applied, membership_start=date(2015, 7, 1),
                        balance="10000000")
    assert r.eligible is eligible and r.kind == "partial"
    assert r.earliest_payable_date == date(2025, 7, 1)
    assert r.amount == (D("10000000") * D("0.3") if eligible else 0)


def test_partial_withdrawal_for_other_needs_is_10_percent_and_once_only():
    r = jht_eligibility(event="partial_other", event_date=date(2026, 1, 5), membership_start=date(2012, 1, 1),
                        balance="20000000")
    assert r.eligible and r.share == D("0.1") and r.amount == D("2000000")
    again = jht_eligibility(event="partial_other", event_date=date(2026, 1, 5), membership_start=date(2012, 1, 1),
                            partial_taken=True)
    assert not again.eligible and again.reason_codes == ("partial_already_taken",)
    assert again.earliest_payable_date is None


def test_missing_inputs_are_errors():
    with pytest.raises(RulesError):
        jht_eligibility(event="retirement", event_date=date(2025, 1, 1))
    with pytest.raises(RulesError):
        jht_eligibility(event="partial_other", event_date=date(2025, 1, 1))
    with pytest.raises(RulesError):
        jht_eligibility(event="holiday", event_date=date(2025, 1, 1))
    with pytest.raises(RulesError):
        jht_eligibility(event="death", event_date=date(2025, 1, 2), claim_date=date(2025, 1, 1))


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2015, 7, 1), date(2025, 7, 1), 120), (date(2015, 7, 1), date(2025, 6, 30), 119),
    (date(2025, 1, 31), date(2025, 2, 28), 1), (date(2025, 1, 31), date(2025, 2, 27), 0),
    (date(2025, 5, 1), date(2025, 4, 1), 0),
])
def test_months_between(start, end, months):
    assert months_between(start, end) == months
