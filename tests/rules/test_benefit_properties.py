"""Invariants of the benefits over random inputs: totals are the sum of their lines, amounts grow with the wage,
the JKP ceilings of each regime, JHT shares."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.rules import jht_eligibility, jkk_benefit, jkm_benefit, jkp_benefit, jp_benefit
from sinergi.rules.benefits import lines_total
from sinergi.rules.jht import months_between
from sinergi.rules.money import round_rupiah

D = Decimal
wages = st.integers(min_value=0, max_value=200_000_000).map(D)
days_since_pp82 = st.integers(min_value=0, max_value=365 * 8).map(lambda n: date(2019, 12, 2) + timedelta(days=n))
outcomes = st.sampled_from(["injury", "partial_disability", "total_disability", "death"])
percents = st.integers(min_value=1, max_value=99).map(lambda n: D(n) / 100)


@settings(max_examples=200, deadline=None)
@given(days_since_pp82, wages, wages, outcomes, st.integers(0, 60), percents)
def test_jkk_total_is_its_lines_and_grows_with_the_wage(on, a, b, outcome, stmb, pct):
    low, high = sorted((a, b))
    kwargs = {"accident_date": on, "outcome": outcome, "stmb_months": stmb, "disability_percent": pct}
    r_low, r_high = jkk_benefit(wage=low, **kwargs), jkk_benefit(wage=high, **kwargs)
    assert r_low.total == lines_total(r_low.lines)
    assert r_low.total <= r_high.total
    assert all(line.reference for line in r_low.lines)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=365 * 6).map(lambda n: date(2021, 2, 2) + timedelta(days=n)), wages)
def test_jkp_never_pays_more_than_its_regimes_ceiling(phk, wage):
    r = jkp_benefit(wage=wage, phk_date=phk)
    ceiling = D("18000000") if phk >= date(2025, 2, 7) else D("10500000")
    assert r.total <= ceiling
    assert r.total == sum(m.amount for m in r.schedule) == lines_total(r.lines)


@settings(max_examples=100, deadline=None)
@given(days_since_pp82, st.none() | st.integers(0, 200), st.none() | st.integers(0, 5))
def test_jkm_total_is_always_42_juta_whatever_the_scholarship(death, membership, children):
    r = jkm_benefit(death_date=death, membership_months=membership, children=children)
    assert r.total == lines_total(r.lines) == D("42000000")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["partial_housing", "partial_other"]), wages,
       st.dates(min_value=date(2015, 7, 1), max_value=date(2026, 12, 31)),
       st.integers(min_value=0, max_value=365 * 12))
def test_a_partial_jht_withdrawal_never_exceeds_30_percent(event, balance, start, days):
    r = jht_eligibility(event=event, event_date=start + timedelta(days=days), membership_start=start,
                        balance=balance)
    assert r.amount <= round_rupiah(balance * D("0.3"))  # the one rounding rule, not a floor
    assert r.eligible is (months_between(start, start + timedelta(days=days)) >= 120)


@settings(max_examples=100, deadline=None)
@given(st.integers(180, 480), st.integers(180, 480), st.integers(1_000_000, 50_000_000).map(D))
def test_more_months_never_lower_the_jp_pension(a, b, wage):
    low, high = sorted((a, b))
    born = date(1980, 5, 5)
    r_low = jp_benefit(birth_date=born, contribution_months=low, average_indexed_wage=wage)
    r_high = jp_benefit(birth_date=born, contribution_months=high, average_indexed_wage=wage)
    assert r_low.monthly_benefit <= r_high.monthly_benefit
