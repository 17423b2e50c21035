"""Screens of the payment batches (list, prepare, detail, submit, SP2D, reconcile, exports) and the programme
dashboard. Records come through ``scoped``/``scoped_get``; writes through :mod:`sinergi.rentan.payments.services`,
which checks the capability and the scope again and audits."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.clock import today
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.rentan.models import PaymentBatch, Programme
from sinergi.rentan.payments import exports
from sinergi.rentan.payments.services import (
    batch_lines,
    batch_prepare,
    batch_reconcile,
    batch_reconciliation_reverse,
    batch_record_sp2d,
    batch_submit,
    month_of,
)
from sinergi.web.calculator_forms import BootstrapForm
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
PROGRAMMES_SHOWN = 20  # programmes listed above the batches (a Pemda runs one or two a year)
SORTS = {"period": ("period", "programme__code"), "-period": ("-period", "programme__code"),
         "total": ("total", "period"), "-total": ("-total", "period"), "status": ("status", "-period")}


class PrepareForm(BootstrapForm):
    period = forms.CharField(label=_lazy("Bulan iuran"), max_length=7, help_text=_lazy("TTTT-BB, misalnya 2026-03."),
                             error_messages={"required": _lazy("Tulis bulan iuran, misalnya 2026-03.")})

    def clean_period(self):
        try:
            return month_of(self.cleaned_data["period"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class Sp2dForm(BootstrapForm):
    sp2d_number = forms.CharField(label=_lazy("Nomor SP2D"), max_length=64,
                                  error_messages={"required": _lazy("Nomor SP2D wajib diisi.")})
    sp2d_date = forms.DateField(label=_lazy("Tanggal SP2D"), input_formats=DATE_INPUTS,
                                help_text=_lazy("TTTT-BB-HH atau HH/BB/TTTT."),
                                error_messages={"required": _lazy("Tanggal SP2D wajib diisi."),
                                                "invalid": _lazy("Tanggal tidak dikenali; tulis misalnya 10/03/2026.")})


class ReconcileReverseForm(BootstrapForm):
    reason = forms.CharField(label=_lazy("Alasan pembatalan"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _lazy("Alasan pembatalan rekonsiliasi wajib diisi.")})
    confirm = forms.BooleanField(
        label=_lazy("Saya mengerti: pembayaran batch ini di buku piutang dibatalkan dan tagihannya dikoreksi."),
        error_messages={"required": _lazy("Centang konfirmasi untuk membatalkan rekonsiliasi.")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Alasan pembatalan rekonsiliasi wajib diisi."))
        return reason


class BatchFilterForm(BootstrapForm):
    status = forms.ChoiceField(label=_lazy("Status"), required=False,
                               choices=[("", _lazy("Semua status")), *PaymentBatch.Status.choices])


def _programme(request, programme_id: int) -> Programme:
    return scoped_get(Programme, request.user, pk=programme_id)


def _batch(request, pk: int) -> PaymentBatch:
    return scoped_get(PaymentBatch.objects.select_related("programme", "submitted_by",
                                                          "paid_recorded_by", "created_by"), request.user, pk=pk)


def _sorted(request, qs):
    key = request.GET.get("sort", "-period")
    return qs.order_by(*SORTS.get(key, SORTS["-period"])), key if key in SORTS else "-period"


# --- lists -----------------------------------------------------------------------------------------------

@require_GET
@capability_required("rentan.view")
def batch_list(request):
    """Every batch the person sees, across programmes (BPKD finds what waits for an SP2D here)."""
    filters = BatchFilterForm(request.GET or None)
    qs = scoped(PaymentBatch, request.user).select_related("programme")
    if filters.is_valid() and filters.cleaned_data["status"]:
        qs = qs.filter(status=filters.cleaned_data["status"])
    qs, sort = _sorted(request, qs)
    programmes = scoped(Programme, request.user).order_by("-period_start", "code")[:PROGRAMMES_SHOWN]
    return render(request, "rentan/batch_list.html", {
        "filters": filters, "page": paginate(request, qs), "sort": sort, "programme": None,
        "filtered": bool(request.GET.get("status")), "programmes": programmes,
    })


@require_http_methods(["GET", "POST"])
@capability_required("rentan.view")
def programme_batches(request, programme_id: int):
    programme = _programme(request, programme_id)
    form = PrepareForm(request.POST or None, initial={"period": f"{today():%Y-%m}"})
    status = 200
    if request.method == "POST":
        if not user_can(request.user, "rentan.batch"):
            raise PermissionDenied
        if form.is_valid():
            try:
                batch = batch_prepare(programme=programme, period=form.cleaned_data["period"], actor=request.user)
            except ValidationError as error:
                form.add_error("period", error)
                form.mark_invalid()
            else:
                messages.success(request, _("Draf batch %(period)s disusun: %(n)s peserta.") % {
                    "period": f"{batch.period:%Y-%m}", "n": batch.participants})
                return redirect("rentan:payment_batch", pk=batch.pk)
        status = 400
    qs, sort = _sorted(request, scoped(PaymentBatch, request.user).filter(programme=programme)
                       .select_related("programme"))
    return render(request, "rentan/batch_list.html", {
        "programme": programme, "form": form, "page": paginate(request, qs), "sort": sort, "filtered": False,
    }, status=status)


# --- detail and transitions ------------------------------------------------------------------------------

def _detail(request, batch, *, sp2d_form=None, reverse_form=None, status=200):
    lines = batch_lines(batch=batch, user=request.user)
    codes = list(batch.codes.select_related("budget_line", "payment").order_by("budget_line__account", "budget_line__source",
                                                                    "budget_line__number"))
    return render(request, "rentan/batch_detail.html", {
        "batch": batch, "programme": batch.programme, "codes": codes, "page": paginate(request, lines),
        "sp2d_form": sp2d_form or Sp2dForm(initial={"sp2d_date": today()}),
        "reverse_form": reverse_form or ReconcileReverseForm(),
        "slow_pdf": exports.export_is_slow(batch, "lampiran", "pdf"),
        "slow_xlsx": exports.export_is_slow(batch, "lampiran", "xlsx"), "today": today(),
    }, status=status)


@require_GET
@capability_required("rentan.view")
def batch_detail(request, pk: int):
    return _detail(request, _batch(request, pk))


def _transition(request, pk: int, action, success: str):
    batch = _batch(request, pk)
    try:
        batch = action(batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"period": f"{batch.period:%Y-%m}"})
    return redirect("rentan:payment_batch", pk=pk)


@require_POST
@capability_required("rentan.batch")
def batch_submit_view(request, pk: int):
    return _transition(request, pk, lambda b: batch_submit(batch=b, actor=request.user),
                       _("Batch %(period)s diajukan ke BPKD."))


@require_POST
@capability_required("rentan.reconcile")
def batch_reconcile_view(request, pk: int):
    return _transition(request, pk, lambda b: batch_reconcile(batch=b, actor=request.user),
                       _("Batch %(period)s direkonsiliasi: pembayaran dibukukan pada NPP wadah program."))


@require_http_methods(["GET", "POST"])
@capability_required("rentan.reconcile")
def batch_reconcile_reverse_view(request, pk: int):
    """Undo a wrong reconciliation (reason and confirmation required). GET shows the batch page with the form."""
    batch = _batch(request, pk)
    if request.method == "GET":
        return _detail(request, batch)
    form = ReconcileReverseForm(request.POST)
    if not form.is_valid():
        return _detail(request, batch, reverse_form=form, status=400)
    try:
        batch = batch_reconciliation_reverse(batch=batch, reason=form.cleaned_data["reason"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rekonsiliasi batch %(period)s dibatalkan: pembayarannya di buku piutang "
                                    "dibatalkan dan tagihannya dikoreksi. Batch kembali berstatus dibayar.")
                         % {"period": f"{batch.period:%Y-%m}"})
    return redirect("rentan:payment_batch", pk=pk)


@require_POST
@capability_required("rentan.pay")
def batch_pay_view(request, pk: int):
    batch = _batch(request, pk)
    form = Sp2dForm(request.POST)
    if form.is_valid():
        try:
            batch_record_sp2d(batch=batch, sp2d_number=form.cleaned_data["sp2d_number"],
                              sp2d_date=form.cleaned_data["sp2d_date"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("SP2D %(number)s dicatat untuk batch %(period)s.") % {
                "number": form.cleaned_data["sp2d_number"], "period": f"{batch.period:%Y-%m}"})
            return redirect("rentan:payment_batch", pk=pk)
    return _detail(request, batch, sp2d_form=form, status=400)


@require_GET
@capability_required("rentan.view")
def batch_export_view(request, pk: int, kind: str, fmt: str):
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404
    batch = _batch(request, pk)
    if exports.export_is_slow(batch, kind, fmt):
        from sinergi.jobs.services import job_enqueue

        job = job_enqueue(kind="rentan.batch_export", params={"batch": batch.pk, "kind": kind, "format": fmt},
                          actor=request.user)
        messages.info(request, _("Lampiran %(n)s peserta disusun sebagai pekerjaan latar belakang; unduh berkasnya "
                                 "dari halaman pekerjaan setelah selesai.") % {"n": batch.participants})
        return redirect("jobs:detail", job_id=job.pk)
    content = exports.batch_export(batch, kind, fmt)
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE if fmt == "xlsx"
                            else exports.PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(batch, kind, fmt)}"'
    return response
