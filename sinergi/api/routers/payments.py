"""Payments posted by a bank or a partner's finance system: ``POST /api/v1/payments``. Idempotent twice over:
the bank's own reference (the same reference is the same transfer, as in the bank-file import) and the
request's ``Idempotency-Key``. The payment is allocated to the employer's bills at once, by the ledger's
policy (docs/receivables.md), as on the payments screen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from sinergi.api.routers.common import require
from sinergi.api.schemas import Money, PositiveMoneyIn, answers
from sinergi.receivables.models import Allocation, Payment
from sinergi.receivables.payments import payment_allocate, payment_record
from sinergi.registry.selectors import employers_visible

router = Router()


class PaymentIn(Schema):
    npp: str = Field(description="NPP pemberi kerja, 8 digit")
    amount: PositiveMoneyIn = Field(description="Rupiah, tanpa pemisah ribuan")
    paid_on: dt.date = Field(description="Tanggal dana diterima, tidak di masa depan")
    reference: str = Field(max_length=64, description="Referensi transfer dari bank: kunci idempotensi pembayaran")
    payment_code: str = Field("", max_length=32, description="Kode pembayaran / kode iuran, bila ada")


class PaymentOut(Schema):
    id: int
    npp: str
    amount: Money
    paid_on: dt.date
    reference: str
    channel: str
    status: str
    principal_allocated: Money = Field(description="Dialokasikan ke iuran pokok (Rp)")
    penalty_allocated: Money = Field(description="Dialokasikan ke denda (Rp)")
    unallocated: Money = Field(description="Sisa sebagai kredit pemberi kerja (Rp)")


def _answer(payment: Payment) -> dict:
    principal = penalty = Decimal(0)
    for component, amount in payment.allocations.values_list("component", "amount"):
        if component == Allocation.Component.PRINCIPAL:
            principal += amount
        else:
            penalty += amount
    return {"id": payment.pk, "npp": payment.employer.npp, "amount": payment.amount, "paid_on": payment.paid_on,
            "reference": payment.reference, "channel": payment.channel, "status": payment.status,
            "principal_allocated": principal, "penalty_allocated": penalty,
            "unallocated": payment.amount - principal - penalty}


@router.post("/", response=answers(PaymentOut, 201, 200),
             summary="Bank atau mitra membukukan pembayaran iuran")
def payment_create(request, payload: PaymentIn):
    """201 untuk pembayaran baru (sudah dialokasikan); 200 bila referensi yang sama sudah dibukukan dengan
    pemberi kerja, jumlah dan tanggal yang sama; 422 bila referensi itu dipakai untuk transfer lain."""
    require(request, "receivables.payments")
    employer = employers_visible(user=request.user).filter(npp=payload.npp.strip()).first()
    if employer is None:
        raise ValidationError({"npp": [f"NPP {payload.npp} tidak terdaftar di wilayah kerja Anda."]})
    before = Payment.objects.filter(channel=Payment.Channel.PARTNER, reference=payload.reference.strip()).exists()
    payment = payment_record(employer=employer, amount=payload.amount, paid_on=payload.paid_on,
                             reference=payload.reference, payment_code=payload.payment_code,
                             channel=Payment.Channel.PARTNER, actor=request.user)
    if not before:
        payment_allocate(payment=payment, actor=request.user)
    return Status(200 if before else 201, _answer(payment))
