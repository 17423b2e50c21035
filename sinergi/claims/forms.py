"""Forms of the claims screens. They parse what the officer types; the workflow's checks (eligibility, the
duplicate, dates against the membership and the claim date) are the services', whose messages the views
attach to the field they name (:func:`attach_errors`)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.claims.assessment import SUPPORTED_EVENTS
from sinergi.claims.models import Claim
from sinergi.receivables.operations_forms import DATE_INPUTS
from sinergi.web.calculator_forms import BootstrapForm


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Tanggal tidak dikenali; tulis seperti 17/06/2025."),
                                           "required": _("Isi tanggal.")})


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names, or above the form when the form has no such
    field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ClaimFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Nomor klaim, nama, NIK atau KPJ"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    programme = forms.ChoiceField(label=_("Program"), required=False)
    month = forms.DateField(label=_("Bulan pengajuan"), required=False, input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            error_messages={"invalid": _("Tulis bulan seperti 2025-03.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua status")), ("open", _("Semua yang berjalan")),
                                         *Claim.Status.choices]
        self.fields["programme"].choices = [("", _("Semua program")), *Claim.Programme.choices]
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = css + (" form-select-sm" if "form-select" in css else " form-control-sm")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {"q": data.get("q") or "", "status": data.get("status") or "",
                "programme": data.get("programme") or "", "month": data.get("month")}


SUPPORTED_PROGRAMMES = [(value, label) for value, label in Claim.Programme.choices if value in SUPPORTED_EVENTS]
SUPPORTED_EVENT_CHOICES = [(value, label) for value, label in Claim.Event.choices
                           if any(value in events for events in SUPPORTED_EVENTS.values())]


class ClaimSubmitForm(BootstrapForm):
    identifier = forms.CharField(label=_("NIK atau nomor KPJ tenaga kerja"), max_length=30)
    programme = forms.ChoiceField(label=_("Program"), choices=SUPPORTED_PROGRAMMES)
    event = forms.ChoiceField(label=_("Kejadian"), choices=SUPPORTED_EVENT_CHOICES)
    event_date = _date_field(_("Tanggal kejadian"),
                             help_text=_("Tanggal PHK, kecelakaan kerja atau meninggal dunia."))
    phk_letter_date = _date_field(_("Tanggal surat PHK"), required=False, help_text=_("Khusus klaim JKP."))
    phk_reason = forms.ChoiceField(label=_("Alasan PHK"), required=False,
                                   choices=[("", _("— khusus klaim JKP —")), *Claim.PhkReason.choices])
    claimant_name = forms.CharField(label=_("Nama pemohon"), max_length=200)
    claimant_relationship = forms.ChoiceField(label=_("Hubungan dengan peserta"),
                                              choices=Claim.Relationship.choices)
    bank_name = forms.CharField(label=_("Nama bank"), max_length=100)
    bank_account = forms.CharField(label=_("Nomor rekening"), max_length=40)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentsForm(BootstrapForm):
    received = forms.MultipleChoiceField(label=_("Dokumen yang diterima dan sesuai"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        documents = list(claim.documents.all())
        self.fields["received"].choices = [(d.code, d.label) for d in documents]
        if not self.is_bound:
            self.initial["received"] = [d.code for d in documents if d.received]


class NoteForm(BootstrapForm):
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class ReturnForm(BootstrapForm):
    note = forms.CharField(label=_("Dokumen yang harus dilengkapi"), max_length=500)


class HoldForm(BootstrapForm):
    note = forms.CharField(label=_("Alasan penahanan"), max_length=500)


class RejectForm(BootstrapForm):
    reason = forms.ChoiceField(label=_("Alasan penolakan"), choices=[("", "—"), *Claim.Rejection.choices])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class PayForm(BootstrapForm):
    paid_on = _date_field(_("Tanggal transfer"))
    reference = forms.CharField(label=_("Referensi transfer bank"), max_length=64)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


def month_value(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value else None
