"""Undoing a wrong reconciliation of a payment batch: the ledger payments reversed, the month's charge
cancelled, the batch paid again — and a later reconciliation leaves the ledger as a single one would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.urls import reverse

from sinergi.audit.models import AuditEvent
from sinergi.clock import today
from sinergi.orgs.roles import R
from sinergi.orgs.services import user_create
from sinergi.receivables.ledger import employer_balance
from sinergi.receivables.models import Allocation, Bill, BillLine, Payment
from sinergi.rentan.models import PaymentBatch
from sinergi.rentan.payments.services import (
    BatchError,
    batch_prepare,
    batch_reconcile,
    batch_reconciliation_reverse,
    batch_record_sp2d,
    batch_submit,
    programme_wadah_ensure,
)
from tests.rentan.test_payments import JKK, JKM, MARCH, enrolled_make, programme_2026, small_budget
from tests.world import person, unit

REASON = "SP2D dicatat pada batch yang salah"


@pytest.fixture
def wahyu(world):
    return user_create(username="wahyu", org_unit=unit("bpjs-cabang-tenggarong"), roles=[R.BPJS_RECEIVABLES],
                       password="uji-coba-2025", first_name="Wahyu", actor=None, validate=False)


@pytest.fixture
def programme(world):
    programme = programme_2026(budget_lines=small_budget(jkk_apbd=50_000, jkk_perubahan=100_000, jkm=200_000))
    programme_wadah_ensure(programme=programme, actor=None)
    return programme


def paid_batch(programme, people: int = 7, sp2d: str = "SP2D/0107/BPKD/2026") -> PaymentBatch:
    enrolled_make(programme, people)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    return batch_record_sp2d(batch=batch, sp2d_number=sp2d, sp2d_date=today(), actor=person("dewi"))


def ledger_state(employer) -> tuple:
    balance = employer_balance(employer)
    bill = Bill.objects.get(employer=employer, period=MARCH)
    live = Allocation.objects.filter(payment__employer=employer, reversed=False).aggregate(t=Sum("amount"))["t"]
    return (balance.billed, balance.paid_principal, balance.outstanding, balance.penalties, bill.principal,
            Payment.objects.filter(employer=employer, status=Payment.Status.POSTED).count(), live)


def test_wahyu_undoes_a_wrong_reconciliation_and_reconciling_again_bills_the_month_once(programme, wahyu):
    employer = programme.employer
    batch = batch_reconcile(batch=paid_batch(programme), actor=wahyu)
    once = ledger_state(employer)
    total = 7 * (JKK + JKM)
    assert once == (total, total, 0, 0, total, 3, total)
    first_payments = set(Payment.objects.filter(employer=employer).values_list("pk", flat=True))

    batch = batch_reconciliation_reverse(batch=batch, reason=REASON, actor=wahyu)
    assert batch.status == PaymentBatch.Status.PAID and batch.reconciled_at is None
    assert batch.sp2d_number == "SP2D/0107/BPKD/2026"
    assert not batch.codes.filter(payment__isnull=False).exists()
    reversed_ = Payment.objects.filter(pk__in=first_payments)
    assert {(p.status, p.reversal_reason) for p in reversed_} == {(Payment.Status.REVERSED, REASON)}
    assert not Allocation.objects.filter(payment__in=reversed_, reversed=False).exists()
    # The charge is cancelled too: nothing billed, nothing owed, nothing paid for March.
    balance = employer_balance(employer)
    assert (balance.billed, balance.paid_principal, balance.outstanding) == (0, 0, 0)
    bill = Bill.objects.get(employer=employer, period=MARCH)
    assert bill.principal == 0 == bill.lines.aggregate(t=Sum("amount"))["t"]
    cancelling = bill.lines.filter(amount__lt=0)
    assert {(line.kind, line.payer, line.programme, line.amount) for line in cancelling} == {
        (BillLine.Kind.ADJUSTMENT, "pemda", "JKK", -7 * JKK), (BillLine.Kind.ADJUSTMENT, "pemda", "JKM", -7 * JKM)}
    event = AuditEvent.objects.get(action="rentan.batch.reconcile_reverse", object_id=str(batch.pk))
    assert event.reason == REASON and Decimal(str(event.after["cancelled"])) == total
    assert sorted(p["payment"] for p in event.after["payments"]) == sorted(first_payments)

    # Reconciling again leaves the ledger exactly as a single reconciliation did.
    batch = batch_reconcile(batch=batch, actor=wahyu)
    assert batch.status == PaymentBatch.Status.RECONCILED
    assert ledger_state(employer) == once
    for code in batch.codes.select_related("payment"):
        assert code.payment.status == Payment.Status.POSTED and code.payment.pk not in first_payments
        assert code.payment.payment_code == code.code and code.payment.amount == code.amount

    # And a second mistake can be undone and redone the same way.
    batch_reconciliation_reverse(batch=batch, reason=REASON, actor=wahyu)
    assert employer_balance(employer).billed == 0
    batch_reconcile(batch=batch, actor=wahyu)
    assert ledger_state(employer) == once


def test_only_a_reconciled_batch_can_be_undone_and_the_reason_is_required(programme, wahyu):
    batch = paid_batch(programme)
    with pytest.raises(BatchError, match="berstatus"):
        batch_reconciliation_reverse(batch=batch, reason=REASON, actor=wahyu)
    batch = batch_reconcile(batch=batch, actor=wahyu)
    with pytest.raises(BatchError, match="Alasan pembatalan rekonsiliasi wajib diisi"):
        batch_reconciliation_reverse(batch=batch, reason="  ", actor=wahyu)
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.RECONCILED
    assert Payment.objects.filter(employer=programme.employer, status=Payment.Status.POSTED).count() == 3


def test_people_without_the_capability_or_outside_the_region_cannot_undo(programme, wahyu):
    batch = batch_reconcile(batch=paid_batch(programme), actor=wahyu)
    for name in ("andi", "dewi", "sari"):  # Disnaker, BPKD, BPJS of Balikpapan
        with pytest.raises(PermissionDenied):
            batch_reconciliation_reverse(batch=batch, reason=REASON, actor=person(name))
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.RECONCILED


def test_wahyu_undoes_it_from_the_batch_page(programme, wahyu, login):
    batch = batch_reconcile(batch=paid_batch(programme), actor=wahyu)
    client = login("wahyu")
    url = reverse("rentan:payment_batch_reconcile_reverse", args=[batch.pk])
    page = client.get(reverse("rentan:payment_batch", args=[batch.pk])).content.decode()
    assert "reconcile-reverse-form" in page and url in page and "csrfmiddlewaretoken" in page
    # Without a reason, or without the confirmation, nothing happens and the form says why.
    response = client.post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 400 and "Alasan pembatalan rekonsiliasi wajib diisi" in response.content.decode()
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 400 and "Centang konfirmasi" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.RECONCILED
    response = client.post(url, {"reason": REASON, "confirm": "on"}, follow=True)
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.PAID
    page = response.content.decode()
    assert "Rekonsiliasi batch 2026-03 dibatalkan" in page and "reconcile-form" in page
    # Again on a batch no longer reconciled: refused with a message, not an error page.
    response = client.post(url, {"reason": REASON, "confirm": "on"}, follow=True)
    assert "hanya untuk batch berstatus" in response.content.decode()


def test_the_form_is_hidden_and_the_endpoint_closed_to_others(programme, wahyu, login):
    batch = batch_reconcile(batch=paid_batch(programme), actor=wahyu)
    url = reverse("rentan:payment_batch_reconcile_reverse", args=[batch.pk])
    page = login("andi").get(reverse("rentan:payment_batch", args=[batch.pk])).content.decode()
    assert "reconcile-reverse-form" not in page
    assert login("andi").post(url, {"reason": REASON, "confirm": "on"}).status_code == 403
    assert login("sari").post(url, {"reason": REASON, "confirm": "on"}).status_code == 404
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.RECONCILED
