"""The stored employer position equals the live ledger computations, employer by employer."""

from __future__ import annotations

import datetime as dt

from sinergi.receivables.aging import aging_compute
from sinergi.receivables.billing import billing_run
from sinergi.receivables.models import EmployerSummary
from sinergi.receivables.summaries import summaries_refresh
from tests.receivables.test_aging import kalimantan  # noqa: F401  (fixture)
from tests.receivables.test_billing import employ, employer


def test_the_summary_agrees_with_the_aging_report(kalimantan):  # noqa: F811
    as_of = dt.date(2026, 1, 20)
    summaries_refresh(on=as_of)
    aging = {row[0]: row for row in aging_compute(as_of=as_of, keep_rows=True).rows}
    for name, emp in kalimantan.items():
        summary = EmployerSummary.objects.get(employer=emp)
        _id, _branch, months, amount, klass = aging[emp.pk]
        assert (summary.arrears, summary.months_overdue, summary.klass) == (amount, months, klass), name
        assert summary.outstanding == summary.billed - summary.paid
        assert summary.computed_on == as_of


def test_a_billing_run_updates_the_summaries_of_the_employers_it_bills(world):
    emp = employer(world)
    employ(emp, 5_000_000)
    billing_run(period="2025-04")
    summary = EmployerSummary.objects.get(employer=emp)
    assert summary.billed == summary.outstanding > 0 and summary.unpaid_bills == 1
    assert summary.workers == 1


def test_refreshing_twice_gives_the_same_rows(kalimantan):  # noqa: F811
    summaries_refresh(on=dt.date(2026, 1, 20))
    first = list(EmployerSummary.objects.order_by("pk").values())
    summaries_refresh(on=dt.date(2026, 1, 20))
    assert list(EmployerSummary.objects.order_by("pk").values()) == first
    summaries_refresh(employer_ids=[kalimantan["macet"].pk], on=dt.date(2026, 1, 20))
    assert list(EmployerSummary.objects.order_by("pk").values()) == first


def test_aging_reads_the_stored_positions_when_they_are_of_that_day(kalimantan, django_assert_max_num_queries):  # noqa: F811
    from sinergi.receivables.aging import aging_from_ledger

    as_of = dt.date(2026, 1, 20)
    summaries_refresh(on=as_of)
    stored = aging_compute(as_of=as_of, keep_rows=True)
    live = aging_from_ledger(as_of=as_of, keep_rows=True)
    assert sorted(stored.rows) == sorted(live.rows)
    assert stored.as_dict() == live.as_dict()
    with django_assert_max_num_queries(4):
        aging_compute(as_of=as_of)


def test_allocating_and_reversing_a_payment_moves_the_stored_position(world):
    import datetime as dt
    from decimal import Decimal

    from sinergi.receivables.models import Bill
    from sinergi.receivables.payments import payment_allocate, payment_record, payment_reverse

    emp = employer(world)
    employ(emp, 5_000_000)
    billing_run(period="2025-04")
    bill = Bill.objects.get(employer=emp)
    dimas = world.person("dimas")
    payment = payment_record(employer=emp, amount=bill.principal, paid_on=dt.date(2025, 5, 10),
                             reference="BNI-0001", channel="bank_file", actor=dimas)
    payment_allocate(payment=payment, actor=dimas)
    summary = EmployerSummary.objects.get(employer=emp)
    assert (summary.paid, summary.outstanding, summary.unpaid_bills) == (bill.principal, Decimal(0), 0)
    payment_reverse(payment=payment, reason="salah NPP", actor=dimas)
    summary.refresh_from_db()
    assert (summary.paid, summary.outstanding, summary.klass) == (Decimal(0), bill.principal, "macet")
