"""Forms of the case screens: list filters, opening from a finding, ladder steps, closing, mass letters.

They parse what officers type (``12.500.000``, ``17/06/2025``) and leave the ladder's own checks to the
services, whose messages the views attach to the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.clock import today
from sinergi.enforcement.models import Case
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped
from sinergi.receivables.operations_forms import DATE_INPUTS
from sinergi.registry.models import Employer
from sinergi.web.calculator_forms import BootstrapForm, RupiahField

FINDING_KINDS = [(value, label) for value, label in Case.Origin.choices if value != Case.Origin.ARREARS]
STAGE_FILTERS = [("", _("Semua tahap")), ("active", _("Semua kasus terbuka")), *Case.Stage.choices]


def _date_field(label, *, required=True, initial=None):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS, initial=initial,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Tanggal tidak dikenali; tulis seperti 17/06/2025."),
                                           "required": _("Isi tanggal.")})


def _not_future(value):
    if value and value > today():
        raise ValidationError(_("Tanggal tidak boleh di masa depan."))
    return value


def branches_visible(*, user):
    return scoped(OrgUnit.objects.filter(kind=UnitKind.BPJS_CABANG, is_active=True), user).order_by("name")


class _SmallFilters(BootstrapForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            if "form-check" not in css:
                field.widget.attrs["class"] = css + (" form-select-sm" if "form-select" in css else " form-control-sm")


class CaseFilterForm(_SmallFilters):
    q = forms.CharField(label=_("NPP, nama atau nomor kasus"), required=False, max_length=100)
    stage = forms.ChoiceField(label=_("Tahap"), required=False, choices=STAGE_FILTERS)
    origin = forms.ChoiceField(label=_("Asal kasus"), required=False,
                               choices=[("", _("Semua asal")), *Case.Origin.choices])
    branch = forms.TypedChoiceField(label=_("Kantor cabang"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Hanya yang lewat batas waktu"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", _("Semua kantor cabang Anda")),
                                         *((b.pk, b.name) for b in branches_visible(user=user))]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {"q": data.get("q") or "", "stage": data.get("stage") or "", "origin": data.get("origin") or "",
                "branch": data.get("branch"), "overdue": bool(data.get("overdue"))}


class ArrearsFilterForm(_SmallFilters):
    q = forms.CharField(label=_("NPP atau nama"), required=False, max_length=100)
    branch = forms.TypedChoiceField(label=_("Kantor cabang"), required=False, coerce=int, empty_value=None)
    klass = forms.ChoiceField(label=_("Kolektibilitas"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from sinergi.receivables.positions import COLLECTIBILITY_LABELS

        self.fields["branch"].choices = [("", _("Semua kantor cabang Anda")),
                                         *((b.pk, b.name) for b in branches_visible(user=user))]
        self.fields["klass"].choices = [("", _("Semua kelas")), *COLLECTIBILITY_LABELS.items()]

    def filters(self) -> dict:
        data = getattr(self, "cleaned_data", {}) or {}
        return {"q": data.get("q") or "", "branch": data.get("branch"), "klass": data.get("klass") or ""}


class FindingForm(BootstrapForm):
    """A finding of an inspection: on a new case (with the NPP) or added to an open one."""

    npp = forms.CharField(label=_("NPP"), max_length=8, error_messages={"required": _("Isi NPP pemberi kerja.")})
    kind = forms.ChoiceField(label=_("Jenis temuan"), choices=FINDING_KINDS,
                             error_messages={"required": _("Pilih jenis temuan.")})
    description = forms.CharField(label=_("Uraian temuan"), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=2000, error_messages={"required": _("Tuliskan uraian temuan.")})
    workers = forms.IntegerField(label=_("Tenaga kerja terkait"), min_value=0, initial=0, required=False)
    amount = RupiahField(label=_("Potensi iuran (Rp)"), required=False,
                         help_text=_("Iuran yang seharusnya dibayar menurut temuan; kosongkan bila tidak ada."))
    found_on = _date_field(_("Tanggal temuan"), initial=today)

    def __init__(self, *args, user, with_npp: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not with_npp:
            del self.fields["npp"]

    def clean_npp(self) -> Employer:
        npp = self.cleaned_data["npp"].strip()
        employer = scoped(Employer, self.user).filter(npp=npp).select_related("branch").first()
        if employer is None:
            raise ValidationError(_("NPP %(npp)s tidak ditemukan di wilayah kerja Anda.") % {"npp": npp})
        return employer

    def clean_amount(self):
        value = self.cleaned_data.get("amount")
        if value is not None and value < 0:
            raise ValidationError(_("Potensi iuran tidak boleh negatif."))
        return value or 0

    def clean_found_on(self):
        return _not_future(self.cleaned_data["found_on"])


class StepForm(BootstrapForm):
    ACTIONS = [("warning_1", _("Surat Peringatan 1")), ("warning_2", _("Surat Peringatan 2")),
               ("inspection", _("Pemeriksaan")), ("fine", _("Denda administratif")),
               ("tmp2t", _("Rekomendasi TMP2T")), ("note", _("Catatan"))]

    action = forms.ChoiceField(choices=ACTIONS, error_messages={"invalid_choice": _("Langkah tidak dikenal.")})
    on = _date_field(_("Tanggal"), initial=today)
    text = forms.CharField(label=_("Hasil / catatan"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_on(self):
        return _not_future(self.cleaned_data["on"])

    def clean(self):
        data = super().clean()
        if data.get("action") == "note" and not (data.get("text") or "").strip():
            self.add_error("text", _("Tuliskan catatannya."))
        return data


class CloseForm(BootstrapForm):
    reason = forms.CharField(label=_("Alasan penutupan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Tuliskan alasan penutupan kasus.")})
    settled = forms.BooleanField(label=_("Pemberi kerja sudah patuh (selesai)"), required=False)
    on = _date_field(_("Tanggal penutupan"), initial=today)

    def clean_on(self):
        return _not_future(self.cleaned_data["on"])


class MassLettersForm(forms.Form):
    level = forms.TypedChoiceField(coerce=int, choices=[(1, _("Surat Peringatan 1")), (2, _("Surat Peringatan 2"))],
                                   error_messages={"required": _("Pilih jenis surat."),
                                                   "invalid_choice": _("Pilih jenis surat.")})
    cases = forms.TypedMultipleChoiceField(coerce=int, error_messages={
        "required": _("Pilih minimal satu kasus."),
        "invalid_choice": _("Ada kasus yang tidak dapat Anda lihat atau tidak dikenal.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = [v for v in (self.data.getlist("cases") if hasattr(self.data, "getlist") else []) if str(v).isdigit()]
        visible = scoped(Case, user).filter(pk__in=wanted, closed_on__isnull=True).values_list("pk", flat=True)
        self.fields["cases"].choices = [(pk, pk) for pk in visible]
