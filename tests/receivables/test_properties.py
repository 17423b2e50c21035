"""Properties over random employers, bills, payments, allocation orders and reversals: allocations never
exceed payments (nor the principal billed), and every employer's balance reconciles on every date."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi.receivables.ledger import employers_balances
from sinergi.receivables.models import Allocation, BillLine, Payment
from sinergi.receivables.payments import (
    PaymentError,
    payment_allocate,
    payment_reverse,
    payments_allocate_batch,
)
from sinergi.rules import Period
from tests.receivables.factories import bill, employer, pay

START = Period(2023, 1)
amounts = st.integers(min_value=1, max_value=3_000_000)
lines = st.fixed_dictionaries({}, optional={p: amounts for p in ("JKK", "JKM", "JHT", "JP")}).filter(bool)
employers_ = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=30),  # first month, after January 2023
        st.lists(lines, min_size=1, max_size=5),  # consecutive months billed
        st.lists(st.tuples(st.integers(min_value=1, max_value=6_000_000),  # payments: amount,
                           st.integers(min_value=0, max_value=900)),  # days after the first month
                 max_size=6),
    ),
    min_size=1, max_size=3,
)


def build(spec):
    created = []
    for first, months, payments in spec:
        emp = employer()
        start = START.shift(first)
        for i, month_lines in enumerate(months):
            bill(emp, str(start.shift(i)), month_lines)
        made = [pay(emp, amount, min(start.first_day + dt.timedelta(days=days), dt.date(2026, 6, 30)))
                for amount, days in payments]
        created.append((emp, made))
    return created


def check(employers) -> None:
    for payment in Payment.objects.filter(employer__in=employers):
        used = Allocation.objects.filter(payment=payment, reversed=False).aggregate(t=Sum("amount"))["t"] or 0
        assert 0 <= used <= payment.amount
        if payment.status == Payment.Status.REVERSED:
            assert used == 0
    billed_by_line = {}
    for a in Allocation.objects.filter(bill__employer__in=employers, reversed=False, component="principal"):
        billed_by_line.setdefault((a.bill_id, a.programme), 0)
        billed_by_line[(a.bill_id, a.programme)] += a.amount
    for (bill_id, programme), paid in billed_by_line.items():
        billed = BillLine.objects.filter(bill_id=bill_id, programme=programme).aggregate(t=Sum("amount"))["t"]
        assert paid <= billed
    for as_of in (dt.date(2023, 1, 1), dt.date(2024, 2, 29), dt.date(2025, 7, 16), dt.date(2027, 12, 31)):
        balances = employers_balances(as_of=as_of, employers=employers)
        for emp in employers:
            b = balances[emp.pk]
            assert b.billed - b.paid_principal + b.penalties - b.paid_penalty == b.outstanding
            assert b.outstanding == b.outstanding_principal + b.outstanding_penalty
            assert b.payments == b.paid + b.credit and b.credit >= 0
            assert b.outstanding_principal >= 0  # no downward corrections in these scenarios
            # Denda is never over-collected (a rupiah of rounding per bill and programme at most).
            assert b.outstanding_penalty >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=employers_, order=st.randoms(use_true_random=False), reverse=st.sets(st.integers(0, 5), max_size=2))
def test_payment_by_payment_in_any_order_with_reversals(world, spec, order, reverse):
    with transaction.atomic():
        created = build(spec)
        every = [p for _, made in created for p in made]
        order.shuffle(every)
        for payment in every:
            try:
                payment_allocate(payment=payment, actor=None)
            except PaymentError:
                pass  # fully allocated already, by an earlier payment's allocation applying its money first
        for _emp, made in created:
            for index in reverse:
                if index < len(made):
                    payment_reverse(payment=made[index], reason="uji", actor=None)
        employers = [emp for emp, _ in created]
        check(employers)
        # After reversals, whatever money is left is applied again.
        payments_allocate_batch(payments=[p for p in every if p.status == Payment.Status.POSTED], actor=None)
        check(employers)
        transaction.set_rollback(True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=employers_)
def test_the_batch_allocation_reconciles_like_the_single_one(world, spec):
    with transaction.atomic():
        created = build(spec)
        result = payments_allocate_batch(payments=[p for _, made in created for p in made], actor=None)
        employers = [emp for emp, _ in created]
        check(employers)
        allocated = Allocation.objects.filter(payment__employer__in=employers).aggregate(t=Sum("amount"))["t"] or 0
        assert allocated == result.principal + result.penalty
        transaction.set_rollback(True)
