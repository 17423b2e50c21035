"""Recording, allocating and reversing payments: oldest month first, principal then denda, credit carried."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sinergi.audit.models import AuditEvent
from sinergi.receivables.ledger import employer_balance, outstanding_lines
from sinergi.receivables.models import Allocation, Payment
from sinergi.receivables.payments import (
    PaymentError,
    allocation_plan,
    payment_allocate,
    payment_record,
    payment_reverse,
    payments_allocate_batch,
)
from sinergi.receivables.penalties import bill_penalty
from tests.receivables.factories import bill, employer, pay, total

D = dt.date


def allocations(payment) -> list[tuple[str, str, str, Decimal]]:
    return [(f"{a.bill.period:%Y-%m}", a.component, a.programme, a.amount)
            for a in Allocation.objects.filter(payment=payment).select_related("bill").order_by("id")]


@pytest.fixture
def dimas(world):
    return world.person("dimas")


def test_dimas_records_a_bank_payment_once_however_often_the_reference_comes(dimas):
    emp = employer()
    first = pay(emp, 1_978_000, "2025-04-10", actor=dimas, reference="BRI-0001")
    again = pay(emp, 1_978_000, "2025-04-10", actor=dimas, reference="BRI-0001")
    assert first.pk == again.pk
    assert Payment.objects.filter(reference="BRI-0001").count() == 1
    assert AuditEvent.objects.filter(action="receivables.payment_record", object_id=str(first.pk)).count() == 1
    # The same reference for another amount is another transfer: refused, not silently merged.
    with pytest.raises(PaymentError, match="sudah dipakai"):
        pay(emp, 2_000_000, "2025-04-10", actor=dimas, reference="BRI-0001")
    # The same reference through another channel is another payment.
    manual = pay(emp, 1_978_000, "2025-04-10", actor=dimas, reference="BRI-0001", channel=Payment.Channel.MANUAL)
    assert manual.pk != first.pk


def test_amounts_are_whole_rupiah_and_dates_not_in_the_future(dimas):
    emp = employer()
    with pytest.raises(Exception, match="rupiah bulat"):
        payment_record(employer=emp, amount=Decimal("100.50"), paid_on=D(2025, 4, 1), reference="X1",
                       channel="manual", actor=dimas)
    with pytest.raises(TypeError):
        payment_record(employer=emp, amount=100.0, paid_on=D(2025, 4, 1), reference="X2", channel="manual",
                       actor=dimas)
    with pytest.raises(Exception, match="masa depan"):
        payment_record(employer=emp, amount=100, paid_on=D(2099, 1, 1), reference="X3", channel="manual",
                       actor=dimas)


def test_only_receivables_officers_of_the_employers_branch_may_record_payments(world):
    balikpapan = employer()
    kupang = employer(branch="bpjs-cabang-kupang", name="CV Flobamora")
    with pytest.raises(PermissionDenied):  # Sari enrols members; she does not book money
        pay(balikpapan, 1_000, "2025-04-10", actor=world.person("sari"))
    with pytest.raises(PermissionDenied):  # Dimas works in Balikpapan, not Kupang
        pay(kupang, 1_000, "2025-04-10", actor=world.person("dimas"))
    assert pay(kupang, 1_000, "2025-04-10", actor=world.person("admin")).pk


def test_a_payment_goes_to_the_oldest_month_first_principal_in_programme_order_then_its_denda(dimas):
    emp = employer()
    bill(emp, "2025-03")  # due 15 April
    bill(emp, "2025-04")  # due 15 May
    # Paid on 20 May: March is in its 2nd month of delay, April in its 1st.
    march_denda = (178_000 + 60_000 + 1_140_000) * Decimal("0.02") * 2 + 600_000 * Decimal("0.005") * 2
    payment = pay(emp, 1_978_000 + march_denda + 300_000, "2025-05-20", actor=dimas)
    result = payment_allocate(payment=payment, actor=dimas)
    assert allocations(payment)[:4] == [
        ("2025-03", "principal", "JKK", 178_000), ("2025-03", "principal", "JKM", 60_000),
        ("2025-03", "principal", "JHT", 1_140_000), ("2025-03", "principal", "JP", 600_000),
    ]
    assert {a[1:] for a in allocations(payment)[4:8]} == {
        ("penalty", "JKK", 178_000 * Decimal("0.02") * 2), ("penalty", "JKM", 60_000 * Decimal("0.02") * 2),
        ("penalty", "JHT", 1_140_000 * Decimal("0.02") * 2), ("penalty", "JP", 600_000 * Decimal("0.005") * 2)}
    # What is left starts April: JKK 178.000, JKM 60.000, then 62.000 of JHT.
    assert allocations(payment)[8:] == [("2025-04", "principal", "JKK", 178_000),
                                        ("2025-04", "principal", "JKM", 60_000),
                                        ("2025-04", "principal", "JHT", 62_000)]
    assert result.principal == 1_978_000 + 300_000 and result.penalty == march_denda
    assert result.unallocated == 0 and result.credit_used == 0
    event = AuditEvent.objects.get(action="receivables.payment_allocate", object_id=str(payment.pk))
    assert event.actor.username == "dimas" and len(event.after["allocations"]) == 11


def test_a_partial_payment_stops_inside_a_programme_and_the_rest_stays_outstanding(dimas):
    emp = employer()
    b = bill(emp, "2025-03")
    payment_allocate(payment=pay(emp, 200_000, "2025-04-10", actor=dimas), actor=dimas)
    open_ = {line.programme: line.outstanding for line in outstanding_lines(employers=emp, as_of=D(2025, 4, 30))}
    assert open_ == {"JKM": 38_000, "JHT": 1_140_000, "JP": 600_000}
    assert bill_penalty(bill=b, as_of=D(2025, 4, 30)).accrued == (38_000 + 1_140_000) * Decimal("0.02") + \
        600_000 * Decimal("0.005")


def test_a_partly_covered_denda_is_shared_between_programmes_in_proportion(dimas):
    emp = employer()
    b = bill(emp, "2025-03")
    pay_date = D(2025, 4, 20)  # one started month late
    denda = bill_penalty(bill=b, as_of=pay_date)
    owed = {p.programme: p.accrued for p in denda.programmes}  # JKK 3.560, JKM 1.200, JHT 22.800, JP 3.000
    payment = pay(emp, 1_978_000 + 10_000, pay_date, actor=dimas)
    payment_allocate(payment=payment, actor=dimas)
    shares = {a[2]: a[3] for a in allocations(payment) if a[1] == "penalty"}
    assert sum(shares.values()) == 10_000
    assert shares == {"JKK": round(10_000 * owed["JKK"] / denda.accrued),
                      "JKM": round(10_000 * owed["JKM"] / denda.accrued),
                      "JP": round(10_000 * owed["JP"] / denda.accrued),
                      "JHT": 10_000 - sum(round(10_000 * owed[p] / denda.accrued) for p in ("JKK", "JKM", "JP"))}


def test_an_overpayment_is_credit_that_pays_the_next_bill_on_time(dimas):
    emp = employer()
    bill(emp, "2025-03")
    first = pay(emp, total() + 500_000, "2025-04-10", actor=dimas)
    result = payment_allocate(payment=first, actor=dimas)
    assert result.unallocated == 500_000
    assert employer_balance(emp, D(2025, 4, 30)).credit == 500_000
    april = bill(emp, "2025-04")  # billed later; due 15 May
    second = pay(emp, total(), "2025-06-02", actor=dimas)  # late for April, on its own
    result = payment_allocate(payment=second, actor=dimas)
    assert result.credit_used == 500_000
    # The credit was there since 10 April, before April's due date: that part owes no denda.
    jkk_jkm_jht = Allocation.objects.filter(payment=first, bill=april).values_list("programme", "amount")
    assert list(jkk_jkm_jht) == [("JKK", 178_000), ("JKM", 60_000), ("JHT", 262_000)]
    denda = bill_penalty(bill=april, as_of=D(2025, 6, 2))
    # 2 June is in the first started month after 15 May; the rest of JHT and all of JP were paid then.
    assert {p.programme: p.accrued for p in denda.programmes} == {
        "JKK": 0, "JKM": 0, "JHT": (1_140_000 - 262_000) * Decimal("0.02"), "JP": 600_000 * Decimal("0.005")}
    # The second payment then paid that denda too; what is left of it is the new credit.
    assert result.penalty == denda.accrued == 17_560 + 3_000
    balance = employer_balance(emp, D(2025, 6, 2))
    assert balance.outstanding == 0 and balance.credit == result.unallocated == 500_000 - 20_560


def test_reversing_a_payment_makes_its_bills_outstanding_again(dimas):
    emp = employer()
    bill(emp, "2025-03")
    payment = pay(emp, total(), "2025-04-10", actor=dimas)
    payment_allocate(payment=payment, actor=dimas)
    assert employer_balance(emp, D(2025, 4, 30)).outstanding == 0
    payment_reverse(payment=payment, reason="Dana salah transfer, dikembalikan bank", actor=dimas)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REVERSED
    assert Allocation.objects.filter(payment=payment).count() == 4  # kept, marked
    assert not Allocation.objects.filter(payment=payment, reversed=False).exists()
    after = employer_balance(emp, D(2025, 4, 30))
    assert after.outstanding_principal == total() and after.payments == 0 and after.credit == 0
    event = AuditEvent.objects.get(action="receivables.payment_reverse", object_id=str(payment.pk))
    assert event.reason.startswith("Dana salah") and event.after["allocations_reversed"] == 4
    with pytest.raises(PaymentError, match="sudah dibatalkan"):
        payment_reverse(payment=payment, reason="lagi", actor=dimas)
    with pytest.raises(PaymentError, match="sudah dibatalkan"):
        payment_allocate(payment=payment, actor=dimas)


def test_a_fully_allocated_payment_is_refused_a_second_time(dimas):
    emp = employer()
    bill(emp, "2025-03")
    payment = pay(emp, 1_000_000, "2025-04-10", actor=dimas)
    payment_allocate(payment=payment, actor=dimas)
    with pytest.raises(PaymentError, match="teralokasi penuh"):
        payment_allocate(payment=payment, actor=dimas)
    assert sum(Allocation.objects.filter(payment=payment).values_list("amount", flat=True)) == 1_000_000


def test_a_payment_with_nothing_to_pay_stays_credit_and_is_applied_once_a_bill_exists(dimas):
    emp = employer()
    payment = pay(emp, 700_000, "2025-04-10", actor=dimas)
    assert payment_allocate(payment=payment, actor=dimas).unallocated == 700_000
    bill(emp, "2025-04")
    result = payment_allocate(payment=payment, actor=dimas)
    assert result.principal == 700_000 and result.unallocated == 0


def test_the_batch_allocator_gives_what_payment_by_payment_allocation_gives(dimas):
    def scenario():
        emp = employer()
        for month in ("2024-11", "2024-12", "2025-01", "2025-02"):
            bill(emp, month)
        return emp, [pay(emp, amount, day, actor=dimas) for amount, day in
                     ((1_000_000, "2024-12-20"), (3_500_000, "2025-02-01"), (2_100_000, "2025-03-30"),
                      (2_500_000, "2025-05-05"))]

    one, payments = scenario()
    for p in payments:
        payment_allocate(payment=p, actor=dimas)
    two, batch = scenario()
    result = payments_allocate_batch(payments=batch, actor=dimas)
    assert result.payments == 4 and result.skipped == 0

    def shape(emp):
        return [(a.payment.paid_on, f"{a.bill.period:%Y-%m}", a.component, a.programme, a.amount)
                for a in Allocation.objects.filter(payment__employer=emp).select_related("payment", "bill")
                .order_by("payment__paid_on", "id")]

    assert shape(one) == shape(two)
    assert employer_balance(one, D(2025, 6, 1)) == employer_balance(two, D(2025, 6, 1)).__class__(
        **{**employer_balance(two, D(2025, 6, 1)).__dict__, "employer_id": one.pk})
    again = payments_allocate_batch(payments=batch, actor=dimas)
    # Only the last payment still has money (its credit); nothing is left to pay, so nothing is written.
    assert again.payments == 1 and again.skipped == 3 and again.allocations == 0


def test_the_plan_is_a_pure_function_of_the_facts():
    from sinergi.receivables.payments import Source
    from sinergi.receivables.penalties import BillFacts

    fact = BillFacts(bill_id=1, employer_id=1, period=D(2025, 3, 1), due=D(2025, 4, 15),
                     billed={"JP": Decimal(600), "JKK": Decimal(100)})
    plan = allocation_plan(facts=[fact], sources=[Source(9, D(2025, 4, 1), Decimal(650))])
    assert [(a.programme, a.amount) for a in plan] == [("JKK", 100), ("JP", 550)]
    assert fact.principal_outstanding("JP") == 50
