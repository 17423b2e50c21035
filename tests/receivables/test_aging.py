"""Aging and collectibility: months overdue from the oldest unpaid bill, classes by the rules' thresholds."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from sinergi.receivables.aging import aging_compute, collectibility_snapshot
from sinergi.receivables.billing import billing_run
from sinergi.receivables.models import Allocation, Bill, CollectibilitySnapshot, Payment
from sinergi.rules import collectibility_classify
from tests.receivables.test_billing import employ, employer

_ref = itertools.count(1)


def pay_bills_until(emp, last_period: dt.date) -> None:
    """The employer pays every bill of a month up to ``last_period`` in full, on its due date."""
    for bill in Bill.objects.filter(employer=emp, period__lte=last_period).prefetch_related("lines"):
        payment = Payment.objects.create(employer=emp, amount=bill.principal, paid_on=bill.due_date,
                                         channel="bank_file", reference=f"UJI-{next(_ref)}")
        per_programme: dict[str, Decimal] = {}
        for line in bill.lines.all():
            per_programme[line.programme] = per_programme.get(line.programme, Decimal(0)) + line.amount
        Allocation.objects.bulk_create([
            Allocation(payment=payment, bill=bill, component="principal", programme=programme, amount=amount)
            for programme, amount in per_programme.items() if amount > 0
        ])


@pytest.fixture
def kalimantan(world):
    """Four employers of Balikpapan billed Jan 2024 – Dec 2025, paying up to different months."""
    employers = {}
    for name, paid_until in (("tertib", "2025-11"), ("telat", "2025-09"), ("macet", "2024-10"),
                             ("ragu", "2025-03")):
        emp = employer(world)
        employ(emp, 5_000_000)
        employers[name] = (emp, dt.date.fromisoformat(paid_until + "-01"))
    for year, month in itertools.product((2024, 2025), range(1, 13)):
        billing_run(period=f"{year}-{month:02d}")
    for emp, paid_until in employers.values():
        pay_bills_until(emp, paid_until)
    return {name: emp for name, (emp, _) in employers.items()}


def test_each_employer_lands_in_the_class_of_its_oldest_unpaid_month(kalimantan, world):
    as_of = dt.date(2026, 1, 20)
    result = aging_compute(as_of=as_of, keep_rows=True)
    by_employer = {row[0]: row for row in result.rows}
    # Dec 2025 is due 15 Jan 2026: five days late is 0 full months, lancar.
    assert by_employer[kalimantan["tertib"].pk][2] == 0
    expected = {"tertib": "lancar", "telat": "lancar", "ragu": "diragukan", "macet": "macet"}
    for name, klass in expected.items():
        employer_id, _branch, months, amount, got = by_employer[kalimantan[name].pk]
        assert got == klass == collectibility_classify(months_overdue=months, scheme="months", on=as_of).klass
    assert by_employer[kalimantan["macet"].pk][2] == 13  # Nov 2024 due 16 Dec 2024: 13 full months to 20 Jan 2026
    assert by_employer[kalimantan["telat"].pk][2] == 2


def test_outstanding_is_billed_minus_principal_paid_on_due_bills_only(kalimantan):
    as_of = dt.date(2026, 1, 20)
    result = aging_compute(as_of=as_of, keep_rows=True)
    emp = kalimantan["ragu"]
    row = next(r for r in result.rows if r[0] == emp.pk)
    unpaid = Bill.objects.filter(employer=emp, period__gt=dt.date(2025, 3, 1), due_date__lt=as_of)
    assert row[3] == sum(b.principal for b in unpaid)


def test_a_branch_sees_only_its_own_employers(kalimantan, world):
    kupang = aging_compute(as_of=dt.date(2026, 1, 20),
                           branch_ids=[world.unit("bpjs-cabang-kupang").pk])
    assert kupang.total.employers == 0
    balikpapan = aging_compute(as_of=dt.date(2026, 1, 20),
                               branch_ids=[world.unit("bpjs-cabang-balikpapan").pk])
    assert balikpapan.total.employers == 4


def test_a_reversed_payment_makes_the_month_outstanding_again(kalimantan):
    emp = kalimantan["tertib"]
    payment = Payment.objects.filter(employer=emp).order_by("paid_on").first()
    Payment.objects.filter(pk=payment.pk).update(status="reversed")
    result = aging_compute(as_of=dt.date(2026, 1, 20), keep_rows=True)
    assert next(r for r in result.rows if r[0] == emp.pk)[4] == "macet"


def test_the_monthly_snapshot_records_transitions_and_is_idempotent(kalimantan):
    first = collectibility_snapshot(month=dt.date(2025, 6, 1))
    again = collectibility_snapshot(month=dt.date(2025, 6, 1))
    assert first == again
    december = collectibility_snapshot(month=dt.date(2025, 12, 1))
    macet = kalimantan["macet"]
    june_class = CollectibilitySnapshot.objects.get(employer=macet, month=dt.date(2025, 6, 1)).klass
    december_class = CollectibilitySnapshot.objects.get(employer=macet, month=dt.date(2025, 12, 1)).klass
    assert (june_class, december_class) == ("kurang_lancar", "macet")  # 6 full months since 16 Dec 2024, then 12
    assert december["employers"] == 4
    assert CollectibilitySnapshot.objects.get(employer=kalimantan["tertib"], month=dt.date(2025, 12, 1)).outstanding \
        == Decimal(0)


@pytest.mark.parametrize("as_of", [dt.date(2024, 2, 29), dt.date(2024, 12, 31), dt.date(2025, 1, 1),
                                   dt.date(2025, 3, 31), dt.date(2025, 12, 31), dt.date(2026, 1, 1)])
def test_months_overdue_across_year_ends_and_the_leap_day_agree_with_the_rules(kalimantan, as_of):
    """The set-wise SQL counts the same whole months as the rules do from the oldest unpaid bill's due date,
    on either database, also on 31 December, 1 January and 29 February."""
    from sinergi.rules import months_late

    result = aging_compute(as_of=as_of, keep_rows=True)
    by_employer = {row[0]: row for row in result.rows}
    for name, emp in kalimantan.items():
        unpaid = (Bill.objects.filter(employer=emp, due_date__lt=as_of).exclude(allocations__isnull=False)
                  .order_by("period").first())
        if unpaid is None:
            assert emp.pk not in by_employer or by_employer[emp.pk][3] == 0, name
            continue
        expected = months_late(due=unpaid.due_date, paid=as_of, rule="completed")
        assert by_employer[emp.pk][2] == expected, (name, unpaid.period, unpaid.due_date)
        assert by_employer[emp.pk][4] == collectibility_classify(months_overdue=expected, scheme="months",
                                                                 on=as_of).klass
