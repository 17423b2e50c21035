"""Forms of the verification screens: the filters of the candidate lists, decisions, corrections and the
corrections upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.rentan.forms import small_inputs
from sinergi.rentan.imports.forms import UploadForm
from sinergi.rentan.models import Candidate, OccupationRoute
from sinergi.rentan.verification.services import parse_date, parse_sex, parse_village
from sinergi.web.calculator_forms import BootstrapForm

Category = OccupationRoute.Category



class CorrectionsUploadForm(UploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Berkas perbaikan")
        self.fields["file"].error_messages["required"] = _("Pilih berkas perbaikan yang akan diunggah.")


# --- lists -----------------------------------------------------------------------------------------------


class CandidateFilterForm(BootstrapForm):
    """GET filters of the candidate lists; a malformed value is reported on its field and ignored."""

    q = forms.CharField(label=_("Nama atau NIK"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status impor"), required=False,
                               choices=[("", _("Semua status")), *Candidate.Status.choices])
    verification = forms.ChoiceField(label=_("Verifikasi"), required=False,
                                     choices=[("", _("Semua")), *Candidate.Verification.choices])
    opd = forms.ChoiceField(label=_("OPD"), required=False)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    category = forms.ChoiceField(label=_("Kategori pekerjaan"), required=False,
                                 choices=[("", _("Semua kategori")), *Category.choices])
    programme = forms.ChoiceField(label=_("Program"), required=False)

    def __init__(self, *args, opds=(), districts=(), programmes=None, keep=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [("", _("Semua OPD")), *((str(u.pk), u.name) for u in opds)]
        self.fields["district"].choices = [("", _("Semua kecamatan")), *((r.code, r.name) for r in districts)]
        if programmes is not None:
            self.fields["programme"].choices = [("", _("Semua program")), *((str(p.pk), p.code) for p in programmes)]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        small_inputs(self)

    def filters(self) -> dict:
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class DecisionForm(BootstrapForm):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[
        (Candidate.Verification.VERIFIED, _("Terverifikasi")),
        (Candidate.Verification.NEEDS_CORRECTION, _("Perlu perbaikan")),
        (Candidate.Verification.NOT_ELIGIBLE, _("Tidak layak")),
    ], error_messages={"required": _("Pilih keputusan."), "invalid_choice": _("Pilih keputusan.")})
    reason = forms.CharField(label=_("Alasan (wajib untuk perlu perbaikan dan tidak layak)"), required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") in (Candidate.Verification.NEEDS_CORRECTION, Candidate.Verification.NOT_ELIGIBLE) \
                and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tuliskan alasannya: baris yang perlu perbaikan atau tidak layak harus "
                                       "disertai alasan untuk Dinsos."))
        return data


class CorrectionForm(BootstrapForm):
    name = forms.CharField(label=_("Nama"), max_length=200, error_messages={"required": _("Tulis nama.")})
    nik = forms.CharField(label=_("NIK"), max_length=32, error_messages={"required": _("Tulis NIK.")})
    birth_date = forms.CharField(label=_("Tanggal lahir"), max_length=30, help_text=_("HH/BB/TTTT"),
                                 error_messages={"required": _("Tulis tanggal lahir.")})
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "–"), ("M", _("Laki-laki")),
                                                                ("F", _("Perempuan"))],
                            error_messages={"required": _("Pilih jenis kelamin.")})
    village_code = forms.CharField(label=_("Kode desa/kelurahan"), max_length=20,
                                   help_text=_("10 angka, misalnya 6402072001 atau 64.02.07.2001."),
                                   error_messages={"required": _("Tulis kode desa.")})
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    address = forms.CharField(label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_candidate(cls, candidate: Candidate, data=None):
        initial = {"name": candidate.name, "nik": candidate.nik, "sex": candidate.sex,
                   "birth_date": candidate.birth_date.strftime("%d/%m/%Y") if candidate.birth_date else "",
                   "village_code": candidate.village_code, "occupation": candidate.occupation,
                   "address": candidate.address}
        return cls(data, initial=initial)

    def clean_nik(self):
        nik = "".join(self.cleaned_data["nik"].split())
        if not nik.isdigit() or len(nik) != 16:
            raise ValidationError(_("NIK terdiri atas 16 angka."))
        return nik

    def clean_birth_date(self):
        try:
            return parse_date(self.cleaned_data["birth_date"])
        except ValueError:
            raise ValidationError(_("Tulis tanggal lahir sebagai HH/BB/TTTT, misalnya 12/06/1985.")) from None

    def clean_sex(self):
        return parse_sex(self.cleaned_data["sex"])

    def clean_village_code(self):
        try:
            return parse_village(self.cleaned_data["village_code"])
        except ValueError:
            raise ValidationError(_("Kode desa terdiri atas 10 angka, misalnya 6402072001.")) from None

    def values(self) -> dict:
        return dict(self.cleaned_data)
