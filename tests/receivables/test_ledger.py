"""Balances as of a date: outstanding per employer × month × programme, denda, credit, and the invariant
billed − paid principal + denda − paid denda = outstanding; all through the user's scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from sinergi.receivables.ledger import (
    credit_by_employer,
    employer_balance,
    employers_balances,
    outstanding_lines,
    payment_list,
    penalties_as_of,
)
from sinergi.receivables.payments import payment_allocate
from tests.receivables.factories import MONTH, adjust, bill, employer, pay, total

D = dt.date


def reconciles(b) -> bool:
    return b.billed - b.paid_principal + b.penalties - b.paid_penalty == b.outstanding


def test_dimas_sees_what_pt_teluk_owes_per_month_and_programme(world):
    dimas = world.person("dimas")
    emp = employer()
    bill(emp, "2025-03")
    bill(emp, "2025-04")
    payment_allocate(payment=pay(emp, 1_000_000, "2025-04-10", actor=dimas), actor=dimas)
    lines = outstanding_lines(as_of=D(2025, 5, 31), user=dimas, employers=emp)
    assert [(f"{x.period:%Y-%m}", x.programme, x.outstanding) for x in lines] == [
        ("2025-03", "JHT", 1_140_000 - (1_000_000 - 178_000 - 60_000)), ("2025-03", "JP", 600_000),
        ("2025-04", "JHT", 1_140_000), ("2025-04", "JKK", 178_000), ("2025-04", "JKM", 60_000),
        ("2025-04", "JP", 600_000),
    ]
    # On 31 March the April bill did not exist yet and nothing was paid.
    assert sum(x.outstanding for x in outstanding_lines(as_of=D(2025, 3, 31), employers=emp)) == total()


def test_the_balance_reconciles_and_follows_the_date(world):
    dimas = world.person("dimas")
    emp = employer()
    bill(emp, "2025-03")
    payment_allocate(payment=pay(emp, 1_500_000, "2025-05-05", actor=dimas), actor=dimas)
    before = employer_balance(emp, D(2025, 5, 4))
    assert (before.billed, before.paid, before.payments, before.credit) == (total(), 0, 0, 0)
    assert before.penalties == (178_000 + 60_000 + 1_140_000) * Decimal("0.02") + 600_000 * Decimal("0.005")
    after = employer_balance(emp, D(2025, 6, 30))
    assert after.paid_principal == 1_500_000 and after.payments == 1_500_000 and after.credit == 0
    assert reconciles(before) and reconciles(after)
    assert after.outstanding == after.outstanding_principal + after.outstanding_penalty
    assert after.outstanding_principal == total() - 1_500_000


def test_a_downward_correction_after_payment_leaves_an_overpaid_line_and_still_reconciles(world):
    dimas = world.person("dimas")
    emp = employer()
    b = bill(emp, "2025-03")
    payment_allocate(payment=pay(emp, total(), "2025-04-10", actor=dimas), actor=dimas)
    adjust(b, "JHT", -114_000)  # the wage report was corrected down after the bill was paid
    balance = employer_balance(emp, D(2025, 5, 31))
    assert balance.outstanding == -114_000 and reconciles(balance)
    assert [(x.programme, x.outstanding) for x in outstanding_lines(as_of=D(2025, 5, 31), employers=emp)] == [
        ("JHT", -114_000)]


def test_a_kupang_employers_payment_is_invisible_to_dimas(world):
    dimas, maria = world.person("dimas"), world.person("maria")
    admin = world.person("admin")
    balikpapan = employer()
    kupang = employer(branch="bpjs-cabang-kupang", name="CV Flobamora Kupang")
    for emp in (balikpapan, kupang):
        bill(emp, "2025-03")
        payment_allocate(payment=pay(emp, total() + 25_000, "2025-04-10", actor=admin), actor=admin)
    as_of = D(2025, 6, 30)
    assert {p.employer_id for p in payment_list(user=dimas)} == {balikpapan.pk}
    assert {p.employer_id for p in payment_list(user=maria)} == {kupang.pk}
    assert credit_by_employer(as_of=as_of, user=dimas) == {balikpapan.pk: 25_000}
    assert set(employers_balances(as_of=as_of, user=dimas)) == {balikpapan.pk}
    assert {x.employer_id for x in outstanding_lines(as_of=as_of, user=dimas, open_only=False)} == {balikpapan.pk}
    assert {p.employer_id for p in penalties_as_of(as_of=as_of, user=dimas).values()} == {balikpapan.pk}
    # Naming the Kupang employer does not help.
    assert outstanding_lines(as_of=as_of, user=dimas, employers=kupang, open_only=False) == []
    assert payment_list(user=dimas, employer=kupang).count() == 0
    with pytest.raises(Http404):
        employer_balance(kupang, as_of, user=dimas)
    assert employer_balance(kupang, as_of, user=maria).credit == 25_000
    assert payment_list(user=dimas).get().unallocated == 25_000


def test_balances_of_many_employers_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    dimas = world.person("dimas")
    employers = [employer() for _ in range(6)]
    for i, emp in enumerate(employers):
        for month in ("2025-01", "2025-02", "2025-03"):
            bill(emp, month, {**MONTH, "JKK": MONTH["JKK"] + i})
        payment_allocate(payment=pay(emp, 2_000_000 * i + 1, "2025-03-20", actor=dimas), actor=dimas)
    with django_assert_max_num_queries(12):
        balances = employers_balances(as_of=D(2025, 6, 30), user=dimas)
    mine = {e.pk for e in employers}
    assert mine <= set(balances)
    assert all(reconciles(balances[pk]) for pk in mine)
