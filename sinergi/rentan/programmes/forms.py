"""Forms of the programme setup: the programme, its budget lines and its occupation routes.

They parse what staff type (``1.000.000``, ``12/06/1985``, ``6402072001``) and leave the workflow's own checks
(maker-checker, quota, state of a row) to :mod:`sinergi.rentan.verification.services`, whose messages the views show.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.rentan.forms import date_field
from sinergi.rentan.models import BudgetLine, OccupationRoute, Programme
from sinergi.web.calculator_forms import BootstrapForm, RupiahField

Category = OccupationRoute.Category
# Budget-line rows shown on the setup form beyond the existing ones.
EXTRA_BUDGET_LINES = 2


# --- programme setup -------------------------------------------------------------------------------------

class ProgrammeForm(BootstrapForm):
    code = forms.SlugField(label=_("Kode program"), max_length=32, help_text=_("Huruf, angka dan tanda hubung, "
                                                                              "misalnya KUKAR-2025."),
                           error_messages={"required": _("Tulis kode program."),
                                           "invalid": _("Kode program hanya boleh huruf, angka dan tanda hubung.")})
    name = forms.CharField(label=_("Nama program"), max_length=200,
                           error_messages={"required": _("Tulis nama program.")})
    pemda = forms.ChoiceField(label=_("Pemerintah daerah (wilayah program)"),
                              error_messages={"required": _("Pilih pemerintah daerah.")})
    branch = forms.ChoiceField(label=_("Kantor cabang BPJS Ketenagakerjaan"),
                               error_messages={"required": _("Pilih kantor cabang yang melayani program.")})
    legal_basis_type = forms.ChoiceField(label=_("Jenis dasar hukum"), choices=Programme.LegalBasis.choices)
    legal_basis_number = forms.CharField(label=_("Nomor"), max_length=40,
                                         error_messages={"required": _("Tulis nomor dasar hukum.")})
    legal_basis_year = forms.IntegerField(label=_("Tahun"), min_value=1990, max_value=2100,
                                          error_messages={"required": _("Tulis tahun dasar hukum."),
                                                          "min_value": _("Tahun tidak masuk akal."),
                                                          "max_value": _("Tahun tidak masuk akal.")})
    period_start = date_field(_("Mulai (bulan pertama)"), required_message=_("Tulis awal periode."))
    period_end = date_field(_("Berakhir (bulan terakhir)"), required_message=_("Tulis akhir periode."))
    jht = forms.BooleanField(label=_("Termasuk JHT"), required=False)
    declared_income = RupiahField(label=_("Penghasilan yang dilaporkan (Rp)"), required=False,
                                  help_text=_("Kosongkan untuk memakai dasar penghasilan menurut aturan."))
    quota = forms.IntegerField(label=_("Kuota peserta"), error_messages={"required": _("Tulis kuota peserta.")})
    age_min = forms.IntegerField(label=_("Usia minimal"), required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label=_("Usia maksimal"), required=False, min_value=0, max_value=120)
    eligible_categories = forms.MultipleChoiceField(
        label=_("Kategori pekerjaan yang layak (kosong = semua)"), choices=Category.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    status = forms.ChoiceField(label=_("Status"), choices=Programme.Status.choices, initial=Programme.Status.ACTIVE)

    def __init__(self, *args, pemdas, branches, programme: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.pemdas = {str(u.pk): u for u in pemdas}
        self.branches = {str(u.pk): u for u in branches}
        self.fields["pemda"].choices = [(pk, u.name) for pk, u in self.pemdas.items()]
        self.fields["branch"].choices = [("", _("Pilih kantor cabang")),
                                         *((pk, u.name) for pk, u in self.branches.items())]
        if programme is not None:
            del self.fields["code"]
            del self.fields["pemda"]
        self.fields["declared_income"].widget.attrs["placeholder"] = "1.000.000"

    def clean_pemda(self):
        pemda = self.pemdas[self.cleaned_data["pemda"]]
        if pemda.region_id is None:
            raise ValidationError(_("Pemerintah daerah ini belum memiliki kode wilayah."))
        return pemda

    def clean_branch(self):
        return self.branches[self.cleaned_data["branch"]]

    def clean_declared_income(self):
        amount = self.cleaned_data.get("declared_income")
        if amount is None:
            return None
        if amount <= 0:
            raise ValidationError(_("Penghasilan yang dilaporkan harus lebih dari nol."))
        return amount

    def clean_quota(self):
        quota = self.cleaned_data["quota"]
        if quota <= 0:
            raise ValidationError(_("Kuota harus lebih dari nol."))
        return quota

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start.replace(day=1) > end.replace(day=1):
            self.add_error("period_end", _("Akhir periode tidak boleh sebelum awal periode."))
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("Usia maksimal tidak boleh di bawah usia minimal."))
        if (low is None) != (high is None):
            self.add_error("age_max" if high is None else "age_min",
                           _("Isi kedua batas usia, atau kosongkan keduanya untuk batas menurut aturan."))
        return data


class BudgetLineForm(BootstrapForm):
    # The initial choices let an empty extra row count as unchanged, so the formset skips it.
    source = forms.ChoiceField(label=_("Sumber"), choices=BudgetLine.Source.choices, initial=BudgetLine.Source.APBD)
    account = forms.ChoiceField(label=_("Akun"), choices=BudgetLine.Account.choices, initial=BudgetLine.Account.JKK)
    code = forms.CharField(label=_("Kode rekening"), max_length=64)
    name = forms.CharField(label=_("Uraian"), max_length=200)
    amount = RupiahField(label=_("Pagu (Rp)"))

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount < 0:
            raise ValidationError(_("Pagu tidak boleh negatif."))
        return amount


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        codes = [f.cleaned_data["code"] for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if len(codes) != len(set(codes)):
            raise ValidationError(_("Kode rekening mata anggaran tidak boleh sama."))
        if not codes:
            raise ValidationError(_("Program memerlukan sedikitnya satu mata anggaran."))

    def specs(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, formset=BaseBudgetLineFormSet, extra=EXTRA_BUDGET_LINES,
                                          can_delete=True)


class RoutesForm(BootstrapForm):
    """One OPD per occupation category."""

    def __init__(self, *args, opds, initial_routes: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.opds = {str(u.pk): u for u in opds}
        choices = [(pk, u.name) for pk, u in self.opds.items()]
        for category, label in Category.choices:
            initial = (initial_routes or {}).get(category)
            self.fields[category] = forms.ChoiceField(label=label, choices=[("", _("Bawaan (menurut jenis OPD)")),
                                                                           *choices],
                                                      required=initial_routes is None,
                                                      initial=str(initial.pk) if initial else "")
            self.fields[category].widget.attrs["class"] = "form-select form-select-sm"

    def routes(self) -> dict:
        return {c: self.opds[v] for c, v in self.cleaned_data.items() if v}


# --- import ----------------------------------------------------------------------------------------------
