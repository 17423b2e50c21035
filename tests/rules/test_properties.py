"""Properties over random inputs: sums, the JP ceiling, monotonicity, and rate table ≡ per-worker form."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.rules import bpu_contribution, contribution_compute, rate_table
from sinergi.rules.money import round_rupiah, split_amount
from sinergi.rules.periods import Period

FIRST = Period(2015, 7)
periods = st.integers(min_value=0, max_value=12 * 12 + 5).map(FIRST.shift)
wages = st.decimals(min_value=0, max_value=Decimal("500000000"), places=2, allow_nan=False, allow_infinity=False)
groups = st.integers(min_value=1, max_value=5)
reliefs = st.sampled_from([None, "padat-karya", "covid"])


def compute(period, wage, group, relief):
    return contribution_compute(period=period, wage=wage, risk_group=group, relief=relief, workers=100)


@settings(max_examples=200, deadline=None)
@given(periods, wages, groups, reliefs)
def test_totals_equal_the_sum_of_the_lines(period, wage, group, relief):
    r = compute(period, wage, group, relief)
    for payer, total in r.totals.items():
        assert total == sum((ln.amount for ln in r.lines if ln.payer == payer), Decimal(0))
    for source in {a.source for a in r.allocations}:
        source_line = next(ln for ln in r.lines if ln.programme == source)
        assert sum(a.amount for a in r.allocations if a.source == source) == source_line.amount


@settings(max_examples=200, deadline=None)
@given(periods, wages, groups)
def test_jp_never_exceeds_three_percent_of_the_cap(period, wage, group):
    r = compute(period, wage, group, None)
    jp = sum(ln.amount for ln in r.lines if ln.programme == "JP")
    table = rate_table(period=period).as_mapping()
    cap = table[("JP", None, "employer")].wage_cap
    assert jp <= cap * Decimal("0.03")


@settings(max_examples=200, deadline=None)
@given(periods, wages, wages, groups, reliefs)
def test_amounts_are_monotonic_in_wage(period, a, b, group, relief):
    low, high = sorted((a, b))
    r_low, r_high = compute(period, low, group, relief), compute(period, high, group, relief)
    for x, y in zip(r_low.lines, r_high.lines, strict=True):
        assert (x.programme, x.payer) == (y.programme, y.payer)
        assert x.amount <= y.amount
    for payer in r_low.totals:
        assert r_low.totals[payer] <= r_high.totals[payer]


@settings(max_examples=300, deadline=None)
@given(periods, wages, groups, reliefs)
def test_rate_table_form_agrees_with_the_per_worker_form(period, wage, group, relief):
    r = compute(period, wage, group, relief)
    table = rate_table(period=period, relief=r.relief)
    expected = {}
    for entry in table.entries:
        if entry.risk_group in (None, group):
            base = wage if entry.wage_cap is None else min(wage, entry.wage_cap)
            expected[(entry.programme, entry.payer)] = (entry.rate, round_rupiah(base * entry.rate))
    got = {(ln.programme, ln.payer): (ln.rate, ln.amount) for ln in r.lines}
    assert got == expected


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=22).map(Period(2025, 1).shift),
       st.decimals(min_value=0, max_value=Decimal("100000000"), places=0),
       st.sampled_from(["transport", "other"]), st.sampled_from(["self", "apbd", "apbn"]), st.booleans())
def test_bpu_total_is_the_sum_of_lines(period, income, sector, funding, jht):
    r = bpu_contribution(period=period, income=income, sector=sector, funding=funding, jht=jht)
    assert r.totals["total"] == sum(ln.amount for ln in r.lines)


@given(st.integers(min_value=0, max_value=10**12).map(Decimal),
       st.lists(st.integers(min_value=1, max_value=1000).map(Decimal), min_size=1, max_size=8))
def test_split_parts_always_add_up(total, weights):
    assert sum(split_amount(total, weights)) == total
