"""Forms of the SKK screens: the list filters, handing over an SKK, the prosecutors' steps and commitment,
and the upload of a legacy register.

They parse what officers type (``12.500.000``, ``17/06/2025``, a schedule pasted from a spreadsheet) and
leave the state machine's checks to ``enforcement.skk``, whose messages the views attach to the form."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.clock import today
from sinergi.enforcement.models import Skk
from sinergi.enforcement.skk.services import MAX_INSTALMENTS, SkkError, instalments_equal
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped
from sinergi.receivables.operations_forms import DATE_INPUTS
from sinergi.web.calculator_forms import BootstrapForm, RupiahField, parse_rupiah
from sinergi.web.uploads import EXTENSIONS, MAX_BYTES, upload_check

S = Skk.Status
# The documents a branch usually attaches to an SKK (the prosecutors asked for complete arrears data).
STANDARD_DOCUMENTS = (
    _("Rekapitulasi tunggakan iuran per bulan"),
    _("Surat Peringatan 1 dan 2"),
    _("Berita acara pemeriksaan"),
    _("Sertifikat kepesertaan dan data pemberi kerja"),
    _("Rekening koran pemberi kerja"),
)
EVENT_CHOICES = [(s, label) for s, label in S.choices if s not in (S.HANDED_OVER, S.COMMITMENT)]


def _date_field(label, *, required=True, initial=None, help_text=""):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS, initial=initial,
                           help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Tanggal tidak dikenali; tulis seperti 17/06/2025."),
                                           "required": _("Isi tanggal.")})


def _not_future(value):
    if value and value > today():
        raise ValidationError(_("Tanggal tidak boleh di masa depan."))
    return value


def kejaksaan_units():
    """Every active Kejari and Kejati, Kejati first then by name (SKKs may go to any of them)."""
    return OrgUnit.objects.filter(kind__in=(UnitKind.KEJARI, UnitKind.KEJATI), is_active=True).order_by("kind",
                                                                                                        "name")


class SkkFilterForm(BootstrapForm):
    q = forms.CharField(label=_("NPP, nama atau nomor SKK"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("Tahun SKK"), required=False, coerce=int, empty_value=None)
    kejari = forms.TypedChoiceField(label=_("Kejaksaan"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Angsuran terlambat"), required=False)

    def __init__(self, *args, years, kejaksaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua status")), ("open", _("Semua yang berjalan")), *S.choices]
        self.fields["year"].choices = [("", _("Semua tahun")), *((y, str(y)) for y in years)]
        self.fields["kejari"].choices = [("", _("Semua Kejaksaan")), *((u.pk, u.name) for u in kejaksaan)]
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            if "form-check" not in css:
                field.widget.attrs["class"] = css + (" form-select-sm" if "form-select" in css else " form-control-sm")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {"q": data.get("q") or "", "status": data.get("status") or "", "year": data.get("year"),
                "kejari": data.get("kejari"), "overdue": bool(data.get("overdue"))}


class SkkCreateForm(BootstrapForm):
    npp = forms.CharField(label=_("NPP pemberi kerja"), max_length=8, required=False)
    kejari = forms.TypedChoiceField(label=_("Kejaksaan penerima kuasa"), coerce=int, required=False,
                                    empty_value=None,
                                    help_text=_("Kosongkan untuk Kejaksaan Negeri yang wilayah kerjanya mencakup "
                                                "wilayah pemberi kerja."))
    dated = _date_field(_("Tanggal SKK"))
    documents = forms.MultipleChoiceField(label=_("Dokumen yang diserahkan"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    other_documents = forms.CharField(label=_("Dokumen lain"), required=False, max_length=1000,
                                      widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text=_("Satu dokumen per baris."))
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, with_npp: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kejari"].choices = [("", _("Otomatis menurut wilayah pemberi kerja")),
                                         *((u.pk, u.name) for u in kejaksaan_units())]
        self.fields["documents"].choices = [(str(d), d) for d in STANDARD_DOCUMENTS]
        self.fields["documents"].initial = [str(d) for d in STANDARD_DOCUMENTS[:2]]
        self.fields["dated"].initial = today()
        if with_npp:
            self.fields["npp"].required = True
            self.fields["npp"].error_messages["required"] = _("Isi NPP pemberi kerja.")
        else:
            del self.fields["npp"]

    def clean_dated(self):
        return _not_future(self.cleaned_data.get("dated"))

    def clean_npp(self):
        value = re.sub(r"\D", "", self.cleaned_data.get("npp") or "")
        if self.fields["npp"].required and len(value) != 8:
            raise ValidationError(_("NPP harus 8 digit angka."))
        return value

    def document_list(self) -> list[str]:
        data = self.cleaned_data
        extra = [line.strip() for line in (data.get("other_documents") or "").splitlines() if line.strip()]
        return [*data.get("documents", []), *extra]


class SkkEventForm(BootstrapForm):
    status = forms.ChoiceField(label=_("Tahap"), choices=EVENT_CHOICES,
                               error_messages={"required": _("Pilih tahap yang dicatat.")})
    dated = _date_field(_("Tanggal"))
    obstacle = forms.ChoiceField(label=_("Kendala (untuk tidak berhasil)"), required=False,
                                 choices=[("", "–"), *Skk.Obstacle.choices])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Misalnya nomor surat panggilan, siapa yang hadir, hasil pertemuan."))

    def __init__(self, *args, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["status"].choices = [(s, label) for s, label in EVENT_CHOICES if s in allowed]
        self.fields["dated"].initial = today()

    def clean_dated(self):
        return _not_future(self.cleaned_data.get("dated"))


class SkkCommitForm(BootstrapForm):
    MODES = [("lump", _("Sekaligus")), ("equal", _("Angsuran sama besar")), ("custom", _("Jadwal sendiri"))]

    dated = _date_field(_("Tanggal komitmen"))
    amount = RupiahField(label=_("Jumlah yang disanggupi (Rp)"))
    mode = forms.ChoiceField(label=_("Cara bayar"), choices=MODES, initial="lump", widget=forms.RadioSelect)
    due = _date_field(_("Jatuh tempo (sekaligus)"), required=False)
    count = forms.IntegerField(label=_("Jumlah angsuran"), required=False, min_value=2, max_value=MAX_INSTALMENTS)
    first_due = _date_field(_("Jatuh tempo angsuran pertama"), required=False,
                            help_text=_("Angsuran berikutnya jatuh tempo pada tanggal yang sama setiap bulan."))
    lines = forms.CharField(label=_("Jadwal angsuran"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 4, "placeholder": "31/05/2025; 5.000.000"}),
                            help_text=_("Satu angsuran per baris: tanggal jatuh tempo dan jumlah, dipisah titik koma."))
    note = forms.CharField(label=_("Catatan"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].widget.attrs["class"] = "form-check-input"
        self.fields["dated"].initial = today()

    def clean_dated(self):
        return _not_future(self.cleaned_data.get("dated"))

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and (amount <= 0 or amount != amount.to_integral_value()):
            raise ValidationError(_("Jumlah harus rupiah bulat lebih dari nol."))
        return amount

    def clean(self):
        data = super().clean()
        amount, dated, mode = data.get("amount"), data.get("dated"), data.get("mode")
        if amount is None or dated is None or not mode:
            return data
        try:
            if mode == "lump":
                data["schedule"] = [(data.get("due") or dated, amount)]
            elif mode == "equal":
                if not data.get("count"):
                    self.add_error("count", _("Isi jumlah angsuran (2 sampai %(max)s).") % {"max": MAX_INSTALMENTS})
                    return data
                if not data.get("first_due"):
                    self.add_error("first_due", _("Isi jatuh tempo angsuran pertama."))
                    return data
                data["schedule"] = instalments_equal(amount=amount, count=data["count"], first_due=data["first_due"])
            else:
                data["schedule"] = self._parse_lines(data.get("lines") or "")
        except SkkError as exc:
            self.add_error(None, exc)
        return data

    def _parse_lines(self, text: str):
        field = self.fields["dated"]
        schedule = []
        for number, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
            parts = [p.strip() for p in re.split(r"[;\t]", line) if p.strip()]
            if len(parts) != 2:
                raise SkkError(_("Baris %(n)s jadwal: tulis tanggal dan jumlah dipisah titik koma.") % {"n": number})
            try:
                due = field.clean(parts[0])
                amount = parse_rupiah(parts[1])
            except ValidationError:
                raise SkkError(_("Baris %(n)s jadwal: tanggal atau jumlah tidak dikenali (%(text)s).")
                               % {"n": number, "text": line.strip()}) from None
            schedule.append((due, amount))
        if not schedule:
            raise SkkError(_("Isi jadwal angsuran, satu angsuran per baris."))
        return schedule


class LegacyImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("Berkas register SKK"),
        help_text=_("CSV atau XLSX, paling besar %(mb)s MB; baris pertama berisi judul kolom.")
        % {"mb": MAX_BYTES // (1024 * 1024)},
        error_messages={"required": _("Pilih berkas yang akan diimpor."),
                        "empty": _("Berkas kosong (0 bita): tidak ada yang dapat diimpor.")},
    )
    branch = forms.ChoiceField(label=_("Kantor cabang pemberi kuasa"), required=False,
                               help_text=_("Kosongkan bila setiap SKK milik kantor cabang pemberi kerjanya."))
    accept_valid = forms.BooleanField(label=_("Terima baris yang valid saja"), required=False,
                                      help_text=_("Tanpa pilihan ini, satu baris yang tidak valid membatalkan "
                                                  "seluruh impor."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branches = scoped(OrgUnit.objects.filter(kind=UnitKind.BPJS_CABANG, is_active=True), user).order_by("name")
        self.fields["branch"].choices = [("", _("Kantor cabang pemberi kerja")),
                                         *((b.code, b.name) for b in branches)]
        self.fields["file"].widget.attrs["accept"] = ",".join(EXTENSIONS)

    def clean_file(self):
        file = self.cleaned_data["file"]
        upload_check(file)
        return file
