"""Forms of the PUPN screens and of the reports' filters. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.clock import today
from sinergi.enforcement.models import PupnCase, PupnHandover
from sinergi.enforcement.pupn.documents import DOCUMENTS
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class HandoverCreateForm(forms.Form):
    """One KPKNL's batch: the chosen employers (ids posted by the candidate table) and the checklist."""

    kpknl = forms.ModelChoiceField(label=_("KPKNL"), queryset=OrgUnit.objects.none(),
                                   widget=forms.HiddenInput)
    employers = forms.TypedMultipleChoiceField(label=_("Pemberi kerja"), coerce=int, choices=(),
                                               error_messages={"required": _("Pilih sedikitnya satu pemberi kerja.")})

    def __init__(self, *args, employer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpknl"].queryset = OrgUnit.objects.filter(kind=UnitKind.KPKNL.value, is_active=True)
        self.fields["employers"].choices = [(pk, str(pk)) for pk in employer_choices]
        for key, label in DOCUMENTS:
            self.fields[f"doc_{key}"] = forms.BooleanField(label=label, required=False, initial=True)

    def documents(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(f"doc_{key}")) for key, _label in DOCUMENTS}


class HandoverSubmitForm(forms.Form):
    number = forms.CharField(label=_("Nomor berita acara"), max_length=64,
                             widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))
    dated = forms.DateField(label=_("Tanggal penyerahan"), widget=DATE, initial=today)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap"), choices=(),
                              widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    dated = forms.DateField(label=_("Tanggal"), initial=today, widget=forms.DateInput(
        attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"))
    reference = forms.CharField(label=_("Nomor dokumen"), max_length=64, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    amount = forms.IntegerField(label=_("Jumlah diterima (Rp)"), min_value=0, required=False,
                                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                                help_text=_("Hanya uang yang diterima melalui PUPN; pembayaran ke BPJS dihitung "
                                            "otomatis dari buku piutang."))
    note = forms.CharField(label=_("Catatan"), required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def __init__(self, *args, pupn_case: PupnCase | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from sinergi.enforcement.pupn.services import next_stages

        labels = dict(PupnCase.Stage.choices)
        codes = list(next_stages(pupn_case.stage)) if pupn_case is not None else list(labels)
        if pupn_case is not None and pupn_case.stage not in ("paid", "rejected", "submitted"):
            codes = [pupn_case.stage, *codes]  # an instalment at the current stage
        # Every stage stays a valid choice, so the service (not the form) explains a wrong order.
        self.fields["stage"].choices = [(c, labels[c]) for c in codes] + [
            (c, labels[c]) for c in labels if c not in codes]
        self.suggested = codes


class HandoverFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua"))] + list(PupnHandover.Status.choices),
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    kpknl = forms.ModelChoiceField(label=_("KPKNL"), required=False, empty_label=_("Semua"),
                                   queryset=OrgUnit.objects.filter(kind=UnitKind.KPKNL.value).order_by("name"),
                                   widget=forms.Select(attrs={"class": "form-select form-select-sm"}))


class PeriodForm(forms.Form):
    """A year, or a date range (the range wins when both dates are given)."""

    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100,
                               widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    dari = forms.DateField(label=_("Dari tanggal"), required=False,
                           widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"},
                                                    format="%Y-%m-%d"))
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False,
                             widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"},
                                                    format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if bool(data.get("dari")) != bool(data.get("sampai")):
            raise forms.ValidationError(_("Isi kedua tanggal rentang, atau pilih tahun saja."))
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError(_("Tanggal awal sesudah tanggal akhir."))
        return data

    def period(self, default_year: int):
        from sinergi.enforcement.reports.selectors import Period

        data = self.cleaned_data if self.is_valid() else {}
        if data.get("dari") and data.get("sampai"):
            return Period(data["dari"], data["sampai"])
        return Period.year(data.get("tahun") or default_year)


class MonevForm(PeriodForm):
    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False,
                                 widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    field_order = ["provinsi", "tahun", "dari", "sampai"]

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinsi"].choices = list(provinces)


class PupnReportForm(PeriodForm):
    kanwil = forms.ChoiceField(label=_("Kanwil DJKN"), required=False,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    field_order = ["kanwil", "tahun", "dari", "sampai"]

    def __init__(self, *args, kanwils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kanwil"].choices = [(u.code, u.name) for u in kanwils]


class ExchangeForm(forms.Form):
    kejari = forms.ChoiceField(label=_("Kejaksaan"), required=False,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kejari"].choices = [("", _("Semua wilayah"))] + [(u.code, u.name) for u in units]


def default_report_year() -> int:
    return today().year


def years_back(n: int = 5) -> list[int]:
    return [today().year - i for i in range(n)]

