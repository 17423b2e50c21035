"""Forms of the operator screens: a billing run, the payment list's filters, a manual payment, a bank file
and a reversal. They parse what staff type (``12.500.000``, ``2025-04``, ``17/06/2025``) and leave the
ledger's own checks to the services, whose messages the views attach to the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sinergi.clock import today
from sinergi.receivables.models import Payment
from sinergi.receivables.operations_selectors import (
    PaymentFilters,
    billing_units,
    employer_by_npp,
    manual_reference_holder,
)
from sinergi.receivables.payments import money_parse, payment_code_for
from sinergi.rules import Period, RulesError, rate_table
from sinergi.web.calculator_forms import BootstrapForm, RupiahField
from sinergi.web.uploads import EXTENSIONS, MAX_BYTES, upload_check

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class BillingRunForm(BootstrapForm):
    period = forms.CharField(label=_("Periode iuran"), max_length=20, help_text=_("TTTT-BB, misalnya 2025-04."),
                             error_messages={"required": _("Tulis periode iuran, misalnya 2025-04.")})
    branch = forms.ChoiceField(label=_("Kantor"), error_messages={
        "required": _("Pilih kantor yang ditagih."),
        "invalid_choice": _("Kantor ini di luar wilayah kerja Anda atau tidak dikenal."),
    })

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in billing_units(user=user)}
        self.fields["branch"].choices = [("", _("Pilih kantor")), *((c, u.name) for c, u in self.units.items())]
        self.fields["period"].widget.attrs.update({"placeholder": "2025-04", "inputmode": "numeric"})

    def clean_period(self) -> Period:
        try:
            period = Period.parse(self.cleaned_data["period"])
            rate_table(period=period)  # the rules refuse a month before the programmes existed
        except RulesError as error:
            raise ValidationError(error.message("en" if (get_language() or "id").startswith("en") else "id")) from None
        if period.first_day > today():
            raise ValidationError(_("Periode %(period)s belum dimulai; penagihan hanya untuk bulan berjalan atau "
                                    "bulan sebelumnya.") % {"period": period})
        return period

    def clean_branch(self):
        return self.units[self.cleaned_data["branch"]]


class PaymentFilterForm(BootstrapForm):
    """The GET filters of the payment list. A malformed value is reported on its field and ignored."""

    q = forms.CharField(label=_("NPP, nama atau referensi"), required=False, max_length=100)
    date_from = forms.DateField(label=_("Dibayar sejak"), required=False, input_formats=DATE_INPUTS,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("Dibayar sampai"), required=False, input_formats=DATE_INPUTS,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua status")), *Payment.Status.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-select-sm" if "form-select" in field.widget.attrs["class"] \
                else " form-control-sm"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir sebelum tanggal awal."))
        return data

    def filters(self) -> PaymentFilters:
        """The valid filters (call after ``is_valid()``; fields with errors are left out)."""
        data = getattr(self, "cleaned_data", {})
        return PaymentFilters(text=data.get("q") or "", date_from=data.get("date_from"),
                              date_to=data.get("date_to"), status=data.get("status") or "")


class ManualPaymentForm(BootstrapForm):
    npp = forms.CharField(label=_("NPP pemberi kerja"), max_length=8, min_length=8,
                          error_messages={"required": _("Tulis NPP pemberi kerja (8 angka)."),
                                          "min_length": _("NPP terdiri atas 8 angka."),
                                          "max_length": _("NPP terdiri atas 8 angka.")})
    amount = RupiahField(label=_("Jumlah (Rp)"), error_messages={"required": _("Tulis jumlah pembayaran.")})
    paid_on = forms.DateField(label=_("Tanggal bayar"), input_formats=DATE_INPUTS,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              error_messages={"required": _("Tulis tanggal bayar."),
                                              "invalid": _("Tulis tanggal sebagai HH/BB/TTTT, misalnya 17/06/2025.")})
    reference = forms.CharField(label=_("Referensi"), max_length=64,
                                help_text=_("Nomor bukti setor atau referensi bank; satu referensi = satu pembayaran."),
                                error_messages={"required": _("Referensi pembayaran wajib diisi.")})
    payment_code = forms.CharField(label=_("Kode bayar (boleh kosong)"), required=False, max_length=12,
                                   help_text=_("12 angka: NPP dan bulan iuran (TTBB)."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["npp"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["amount"].widget.attrs["placeholder"] = _("misalnya 12.500.000")

    def clean_npp(self):
        npp = self.cleaned_data["npp"].strip()
        if not npp.isdigit():
            raise ValidationError(_("NPP terdiri atas 8 angka."))
        employer = employer_by_npp(user=self.user, npp=npp)
        if employer is None:
            raise ValidationError(_("Pemberi kerja dengan NPP %(npp)s tidak ada di wilayah kerja Anda.")
                                  % {"npp": npp})
        return employer

    def clean_amount(self):
        return money_parse(self.cleaned_data["amount"])

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > today():
            raise ValidationError(_("Tanggal bayar tidak boleh di masa depan."))
        return paid_on

    def clean(self):
        data = super().clean()
        employer, code = data.get("npp"), (data.get("payment_code") or "").strip()
        if code and employer is not None:
            period = None
            if len(code) == 12 and code.isdigit():
                try:
                    period = Period.parse(f"20{code[8:10]}-{code[10:12]}")
                except RulesError:
                    period = None
            if period is None or payment_code_for(npp=employer.npp, period=period) != code:
                self.add_error("payment_code", _("Kode bayar %(code)s bukan kode bayar NPP %(npp)s (NPP diikuti "
                                                 "TTBB, misalnya %(example)s).")
                               % {"code": code, "npp": employer.npp,
                                  "example": payment_code_for(npp=employer.npp, period=Period.of(today()))})
        reference = data.get("reference")
        if reference and employer is not None and data.get("amount") and data.get("paid_on"):
            holder = manual_reference_holder(reference=reference)
            if holder is not None and (holder.employer_id, holder.amount, holder.paid_on) != (
                    employer.pk, data["amount"], data["paid_on"]):
                # Say no more than "taken": the holder may be another unit's payment.
                self.add_error("reference", _("Referensi ini sudah dipakai untuk pembayaran lain."))
        return data


class BankFileForm(BootstrapForm):
    file = forms.FileField(
        label=_("Berkas bank"),
        help_text=_("CSV atau XLSX, paling besar %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
        error_messages={"required": _("Pilih berkas bank yang akan diimpor."),
                        "empty": _("Berkas kosong (0 bita): tidak ada yang dapat diimpor.")},
    )
    accept_valid = forms.BooleanField(label=_("Terima baris yang valid saja"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(EXTENSIONS)

    def clean_file(self):
        file = self.cleaned_data["file"]
        upload_check(file)
        return file


class PaymentReverseForm(BootstrapForm):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Alasan pembatalan wajib diisi.")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Alasan pembatalan wajib diisi."))
        return reason
