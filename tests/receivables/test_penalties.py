"""Denda of a bill as of a date: per programme, per started month after the due date, on what is unpaid,
and fixed on what was paid late."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.receivables.payments import payment_allocate, payment_reverse
from sinergi.receivables.penalties import bill_penalty, bills_penalties, penalty_accrued
from sinergi.rules import Period, due_date, penalty_compute
from tests.receivables.factories import bill, employer, pay

D = dt.date


def by_programme(p):
    return {x.programme: x.accrued for x in p.programmes}


def test_an_unpaid_march_bill_owes_three_started_months_by_20_june(world):
    # March 2025 is due on 15 April 2025; 20 June is in the third month of delay.
    emp = employer()
    b = bill(emp, "2025-03")
    assert b.due_date == D(2025, 4, 15)
    denda = bill_penalty(bill=b, as_of=D(2025, 6, 20))
    assert by_programme(denda) == {
        "JKK": Decimal(178_000) * Decimal("0.02") * 3,
        "JKM": Decimal(60_000) * Decimal("0.02") * 3,
        "JHT": Decimal(1_140_000) * Decimal("0.02") * 3,
        "JP": Decimal(600_000) * Decimal("0.005") * 3,
    }
    assert denda.outstanding == denda.accrued == 10_680 + 3_600 + 68_400 + 9_000


def test_one_day_late_is_a_whole_month_unless_the_part_month_rule_says_completed(world):
    b = bill(employer(), "2025-03")
    assert bill_penalty(bill=b, as_of=D(2025, 4, 15)).accrued == 0
    started = bill_penalty(bill=b, as_of=D(2025, 4, 16))
    assert started.accrued == (178_000 + 60_000 + 1_140_000) * Decimal("0.02") + 600_000 * Decimal("0.005")
    assert bill_penalty(bill=b, as_of=D(2025, 4, 16), part_month="completed").accrued == 0
    assert bill_penalty(bill=b, as_of=D(2025, 5, 15), part_month="completed").accrued == started.accrued


def test_denda_on_principal_paid_late_stays_once_the_principal_is_paid(world):
    dimas = world.person("dimas")
    emp = employer()
    b = bill(emp, "2025-03")
    payment = pay(emp, 1_978_000, "2025-05-02", actor=dimas)  # the principal only, 17 days late
    result = payment_allocate(payment=payment, actor=dimas)
    assert result.principal == 1_978_000 and result.penalty == 0
    one_month = (178_000 + 60_000 + 1_140_000) * Decimal("0.02") + 600_000 * Decimal("0.005")
    for as_of in (D(2025, 5, 2), D(2025, 9, 30), D(2026, 12, 31)):
        denda = bill_penalty(bill=b, as_of=as_of)
        assert denda.accrued == one_month, as_of
        assert all(p.outstanding_principal == 0 for p in denda.programmes)


def test_a_part_paid_on_time_leaves_denda_only_on_what_stayed_unpaid(world):
    dimas = world.person("dimas")
    emp = employer()
    b = bill(emp, "2025-03")
    # 989.000 on 10 April, before the due date: JKK and JKM in full, then 751.000 of JHT; JP untouched.
    payment_allocate(payment=pay(emp, 989_000, "2025-04-10", actor=dimas), actor=dimas)
    denda = bill_penalty(bill=b, as_of=D(2025, 6, 20))
    assert by_programme(denda) == {"JKK": 0, "JKM": 0, "JHT": (1_140_000 - 751_000) * Decimal("0.02") * 3,
                                   "JP": 600_000 * Decimal("0.005") * 3}


def test_a_reversed_payment_counts_as_never_paid(world):
    dimas = world.person("dimas")
    emp = employer()
    b = bill(emp, "2025-03")
    payment = pay(emp, 1_978_000, "2025-04-10", actor=dimas)
    payment_allocate(payment=payment, actor=dimas)
    assert bill_penalty(bill=b, as_of=D(2025, 6, 20)).accrued == 0
    payment_reverse(payment=payment, reason="Salah NPP: dana milik PT lain", actor=dimas)
    assert bill_penalty(bill=b, as_of=D(2025, 6, 20)).accrued == 10_680 + 3_600 + 68_400 + 9_000


def test_the_covid_window_months_use_half_a_percent(world):
    # September 2020 (PP 49/2020): due on the 30th of October, moved past the weekend; denda 0.5 %/month.
    b = bill(employer(), "2020-09", {"JKK": 100_000})
    denda = bill_penalty(bill=b, as_of=b.due_date + dt.timedelta(days=1))
    assert denda.accrued == 100_000 * Decimal("0.005")


def test_same_months_are_rounded_once_and_agree_with_the_rules(world):
    # Two slices of JP paid in the same month of delay are one base for penalty_compute.
    accrued = penalty_accrued(programme="JP", period=D(2025, 3, 1), due=D(2025, 4, 15), billed=Decimal(301),
                              paid_slices={D(2025, 4, 20): Decimal(101), D(2025, 5, 1): Decimal(100)},
                              as_of=D(2025, 5, 10))
    expected = penalty_compute(programme="JP", amount=Decimal(301), due=D(2025, 4, 15), paid=D(2025, 5, 10),
                               period="2025-03").amount
    assert accrued == expected == round(Decimal(301) * Decimal("0.005"))


def test_the_set_wise_form_reads_a_year_of_bills_in_three_queries(world, django_assert_num_queries):
    emp = employer()
    bills = [bill(emp, f"2024-{m:02d}") for m in range(1, 13)]
    with django_assert_num_queries(3):
        denda = bills_penalties(employers=emp, as_of=D(2025, 6, 20))
    assert set(denda) == {b.pk for b in bills}
    for b in bills:
        assert denda[b.pk].accrued == bill_penalty(bill=b, as_of=D(2025, 6, 20)).accrued
    # January 2024 (due 15 Feb 2024) is in its 17th started month on 20 June 2025.
    assert by_programme(denda[bills[0].pk])["JKK"] == 178_000 * Decimal("0.02") * 17


def test_a_bill_of_a_later_month_owes_nothing_yet(world):
    b = bill(employer(), "2025-06")
    assert bill_penalty(bill=b, as_of=D(2025, 5, 31)).accrued == 0
    assert bills_penalties(bills=[b.pk], as_of=D(2025, 5, 31)) == {}


@settings(max_examples=300, deadline=None)
@given(programme=st.sampled_from(["JKK", "JKM", "JHT", "JP"]),
       month=st.integers(min_value=0, max_value=12 * 10), base=st.integers(min_value=0, max_value=10**11),
       late=st.integers(min_value=-40, max_value=900), part_month=st.sampled_from([None, "started", "completed"]))
def test_the_denda_of_unpaid_principal_is_exactly_penalty_compute(programme, month, base, late, part_month):
    period = Period(2015, 7).shift(month)
    due = due_date(period=period).due_date
    as_of = due + dt.timedelta(days=late)
    ours = penalty_accrued(programme=programme, period=period, due=due, billed=Decimal(base), paid_slices={},
                           as_of=as_of, part_month=part_month)
    rules = penalty_compute(programme=programme, amount=Decimal(base), due=due, paid=as_of, period=period,
                            part_month=part_month).amount
    assert ours == rules
