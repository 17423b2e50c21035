"""Forms of the programme screens: setup, import, the filters of the candidate lists, decisions, corrections.

They parse what staff type (``1.000.000``, ``12/06/1985``, ``6402072001``) and leave the workflow's own checks
(maker-checker, quota, state of a row) to :mod:`sinergi.rentan.workflow`, whose messages the views show.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.rentan.models import BudgetLine, Candidate, OccupationRoute, Programme
from sinergi.rentan.workflow import parse_date, parse_sex, parse_village
from sinergi.web.calculator_forms import BootstrapForm, RupiahField
from sinergi.web.uploads import EXTENSIONS, MAX_BYTES, upload_check

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
Category = OccupationRoute.Category
# Budget-line rows shown on the setup form beyond the existing ones.
EXTRA_BUDGET_LINES = 2


def _small(form: forms.Form) -> None:
    for field in form.fields.values():
        css = field.widget.attrs.get("class", "")
        if "form-check-input" not in css:
            field.widget.attrs["class"] = css + (" form-select-sm" if "form-select" in css else " form-control-sm")


def _date_field(label, *, required_message):
    return forms.DateField(label=label, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Tulis tanggal sebagai HH/BB/TTTT, misalnya 01/01/2025."),
                                           "required": required_message})


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
    period_start = _date_field(_("Mulai (bulan pertama)"), required_message=_("Tulis awal periode."))
    period_end = _date_field(_("Berakhir (bulan terakhir)"), required_message=_("Tulis akhir periode."))
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

class UploadForm(BootstrapForm):
    file = forms.FileField(
        label=_("Berkas DTKS"),
        help_text=_("CSV atau XLSX, paling besar %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
        error_messages={"required": _("Pilih berkas yang akan diimpor."),
                        "empty": _("Berkas kosong (0 bita): tidak ada yang dapat diimpor.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(EXTENSIONS)

    def clean_file(self):
        file = self.cleaned_data["file"]
        upload_check(file)
        return file


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
        _small(self)

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
