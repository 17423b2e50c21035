"""The operator screens of the ledger: start a billing run, list and record payments, upload a bank file,
look at a payment's allocations and reverse it. Every write goes through the services (which check the
capability and the scope again, and audit); the bulk work runs as a job whose page shows its progress."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sinergi import formatting
from sinergi.jobs.services import job_enqueue
from sinergi.receivables.models import Allocation, Payment
from sinergi.receivables.operations_forms import (
    BankFileForm,
    BillingRunForm,
    ManualPaymentForm,
    PaymentFilterForm,
    PaymentReverseForm,
)
from sinergi.receivables.operations_selectors import billing_runs_visible, payment_get, payments_list
from sinergi.receivables.payments import PaymentError, payment_allocate, payment_record, payment_reverse
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.uploads import upload_store


def _rupiah(value) -> str:
    return formatting.format_rupiah(value, lang="en" if (get_language() or "id").startswith("en") else "id")


# --- billing ---------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("receivables.billing")
def billing_run_page(request):
    form = BillingRunForm(request.POST or None, user=request.user)
    if form.is_bound and form.is_valid():
        period, unit = form.cleaned_data["period"], form.cleaned_data["branch"]
        job = job_enqueue(kind="receivables.billing_run", params={"period": str(period), "branch": unit.code},
                          actor=request.user)
        messages.success(request, _("Penagihan periode %(period)s untuk %(unit)s berjalan sebagai pekerjaan latar "
                                    "belakang.") % {"period": period, "unit": unit.name})
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "receivables/billing_run.html", {
        "form": form, "page": paginate(request, billing_runs_visible(user=request.user)),
    }, status=400 if form.is_bound else 200)


# --- payments --------------------------------------------------------------------------------------------

def _payments_page(request, *, manual=None, bankfile=None, status=200):
    filters = PaymentFilterForm(request.GET or None)
    filters.is_valid()
    return render(request, "receivables/payments.html", {
        "filters": filters,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "size")),
        "page": paginate(request, payments_list(user=request.user, filters=filters.filters())),
        "manual": manual or ManualPaymentForm(user=request.user),
        "bankfile": bankfile or BankFileForm(),
    }, status=status)


@require_http_methods(["GET", "POST"])
@capability_required("receivables.payments")
def payments(request):
    if request.method == "GET":
        return _payments_page(request)
    if request.POST.get("form") == "bankfile":
        return _bankfile_upload(request)
    return _manual_record(request)


def _manual_record(request):
    form = ManualPaymentForm(request.POST, user=request.user)
    if not form.is_valid():
        return _payments_page(request, manual=form, status=400)
    data = form.cleaned_data
    try:
        payment = payment_record(employer=data["npp"], amount=data["amount"], paid_on=data["paid_on"],
                                 reference=data["reference"], channel=Payment.Channel.MANUAL, actor=request.user,
                                 payment_code=data["payment_code"])
    except ValidationError as error:
        form.add_error("reference" if isinstance(error, PaymentError) else None, error)
        form.mark_invalid()
        return _payments_page(request, manual=form, status=400)
    try:
        result = payment_allocate(payment=payment, actor=request.user)
    except ValidationError as error:
        # The same form sent twice (the payment exists and is allocated already), or reversed meanwhile.
        messages.warning(request, " ".join(error.messages))
        return redirect("receivables:payment_detail", pk=payment.pk)
    own = [a for a in result.allocations if a.payment_id == payment.pk]
    principal = sum((a.amount for a in own if a.component == Allocation.Component.PRINCIPAL), Decimal(0))
    penalty = sum((a.amount for a in own if a.component == Allocation.Component.PENALTY), Decimal(0))
    text = _("Pembayaran %(amount)s dicatat dan dialokasikan: iuran %(principal)s, denda %(penalty)s, sisa sebagai "
             "kredit %(credit)s.") % {"amount": _rupiah(payment.amount), "principal": _rupiah(principal),
                                      "penalty": _rupiah(penalty), "credit": _rupiah(result.unallocated)}
    if result.credit_used:
        text += " " + _("Kredit dari pembayaran sebelumnya ikut dialokasikan: %(credit)s.") % {
            "credit": _rupiah(result.credit_used)}
    messages.success(request, text)
    return redirect("receivables:payment_detail", pk=payment.pk)


def _bankfile_upload(request):
    form = BankFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            path = upload_store(file=form.cleaned_data["file"], actor=request.user)
        except ValidationError as error:
            form.add_error("file", error)
            form.mark_invalid()
        else:
            job = job_enqueue(kind="receivables.payments_import", actor=request.user, params={
                "path": str(path), "accept_valid": form.cleaned_data["accept_valid"],
            })
            messages.success(request, _("Berkas bank %(name)s diterima; pembayarannya dibukukan dan dialokasikan "
                                        "sebagai pekerjaan latar belakang.") % {"name": path.name})
            return redirect("jobs:detail", job_id=job.pk)
    return _payments_page(request, bankfile=form, status=400)


def _detail_page(request, payment, *, form=None, status=200):
    rows = payment.allocation_rows
    active = [a for a in rows if not a.reversed]
    allocated = sum((a.amount for a in active), Decimal(0))
    return render(request, "receivables/payment_detail.html", {
        "payment": payment, "allocations": rows, "allocated": allocated,
        "principal": sum((a.amount for a in active if a.component == Allocation.Component.PRINCIPAL), Decimal(0)),
        "penalty": sum((a.amount for a in active if a.component == Allocation.Component.PENALTY), Decimal(0)),
        "remaining": payment.amount - allocated if payment.status == Payment.Status.POSTED else None,
        "reverse_form": form or PaymentReverseForm(),
    }, status=status)


@require_http_methods(["GET"])
@capability_required("receivables.payments")
def payment_detail(request, pk: int):
    return _detail_page(request, payment_get(user=request.user, pk=pk))


@require_POST
@capability_required("receivables.payments")
def payment_reverse_view(request, pk: int):
    payment = payment_get(user=request.user, pk=pk)
    form = PaymentReverseForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, payment, form=form, status=400)
    try:
        payment_reverse(payment=payment, reason=form.cleaned_data["reason"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pembayaran %(ref)s dibatalkan beserta alokasinya; tagihan yang dibayarnya "
                                    "kembali terutang.") % {"ref": payment.reference})
    return redirect("receivables:payment_detail", pk=payment.pk)
