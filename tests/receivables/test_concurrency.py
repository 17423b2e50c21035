"""Two workers allocating at the same moment, on separate connections: one wins, the other is refused, and
no bill is ever paid twice. Runs on PostgreSQL (row locks) and on SQLite (IMMEDIATE transactions)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from importlib import import_module

import pytest
from django.db import OperationalError, connection, transaction
from django.db.models import Sum

from sinergi.receivables.models import Allocation, Payment
from sinergi.receivables.payments import PaymentError, payment_allocate
from tests.receivables.factories import bill, employer, pay, total
from tests.world import build_world, person


def _audit_triggers(create: bool) -> None:
    if connection.vendor != "sqlite":
        return
    migration = import_module("sinergi.audit.migrations.0003_append_only_triggers")
    with connection.cursor() as cursor:
        for sql in migration.SQLITE if create else migration.SQLITE_DROP:
            cursor.execute(sql)


@pytest.fixture
def _world_after_flush(django_db_blocker):
    yield
    # Runs after the flush of transactional_db: put back the shared world for the tests that follow.
    with django_db_blocker.unblock():
        build_world()
        _audit_triggers(create=True)


@pytest.fixture
def committed(_world_after_flush, transactional_db):
    """Data committed for real, so the threads' own connections see it. The flush after the test empties
    the database; SQLite flushes row by row, which the audit triggers refuse, so they are lifted for it."""
    yield
    _audit_triggers(create=False)


def _waiting(call):
    """A file SQLite database makes a second writer wait (busy timeout) at BEGIN IMMEDIATE. The in-memory
    test database uses shared-cache locking, which answers "table is locked" at once instead of waiting, so
    here the wait is done by retrying the whole transaction, as the busy timeout would."""
    deadline = time.monotonic() + 20
    while True:
        try:
            return call()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def race(*calls):
    """Run the calls at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = _waiting(call)
        except Exception as exc:  # the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_workers_allocating_the_same_payment_cannot_both_succeed(committed):
    dimas = person("dimas")
    with transaction.atomic():
        emp = employer()
        bill(emp, "2025-03")
        bill(emp, "2025-04")
        payment = pay(emp, total(), dt.date(2025, 4, 10), actor=dimas)

    outcomes = race(lambda: payment_allocate(payment=payment, actor=dimas),
                    lambda: payment_allocate(payment=payment, actor=dimas))
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], PaymentError) and "teralokasi penuh" in errors[0].messages[0]
    allocated = Allocation.objects.filter(payment=payment).aggregate(t=Sum("amount"))["t"]
    assert allocated == payment.amount == total()


def test_two_payments_of_one_employer_allocated_at_once_never_pay_a_bill_twice(committed):
    dimas = person("dimas")
    with transaction.atomic():
        emp = employer()
        march = bill(emp, "2025-03")
        first = pay(emp, total(), dt.date(2025, 4, 10), actor=dimas)
        second = pay(emp, total(), dt.date(2025, 4, 11), actor=dimas)

    outcomes = race(lambda: payment_allocate(payment=first, actor=dimas),
                    lambda: payment_allocate(payment=second, actor=dimas))
    # Either order is right: 10 April's money pays March first. If the 11 April payment's allocation runs
    # first it applies the earlier payment's money before its own, and 10 April's is then fully allocated.
    for outcome in outcomes:
        assert not isinstance(outcome, Exception) or (
            isinstance(outcome, PaymentError) and "teralokasi penuh" in outcome.messages[0]), outcomes
    assert Allocation.objects.filter(bill=march).aggregate(t=Sum("amount"))["t"] == total()
    assert set(Allocation.objects.filter(bill=march).values_list("payment_id", flat=True)) == {first.pk}
    credit = sum(p.amount for p in Payment.objects.filter(employer=emp)) - total()
    assert credit == total()
