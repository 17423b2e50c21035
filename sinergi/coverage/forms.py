"""Forms of the coverage pages: the report filters and the workforce upload."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.coverage.imports import PERIODS
from sinergi.coverage.models import Programme, Segment
from sinergi.web.calculator_forms import BootstrapForm
from sinergi.web.uploads import EXTENSIONS, upload_check

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(value: str) -> str:
    if value and not MONTH.match(value):
        raise forms.ValidationError(_("Tulis bulan sebagai TTTT-BB, misalnya 2025-05."))
    return value


class CoverageFilterForm(BootstrapForm):
    bulan = forms.CharField(label=_("Bulan"), required=False, max_length=20)
    banding = forms.CharField(label=_("Bandingkan dengan"), required=False, max_length=20)
    provinsi = forms.CharField(label=_("Kode provinsi"), required=False, max_length=2)
    kabupaten = forms.CharField(label=_("Kode kabupaten/kota"), required=False, max_length=5)
    segmen = forms.ChoiceField(label=_("Segmen"), required=False, choices=[("", _("Semua"))] + list(Segment.choices))
    program = forms.ChoiceField(label=_("Program"), required=False, choices=Programme.choices)
    definisi = forms.ChoiceField(label=_("Peserta aktif"), required=False,
                                 choices=[("", _("Bawaan")), ("billed", _("Tertagih")),
                                          ("paid", _("Tertagih dan lunas"))])
    sumber = forms.CharField(label=_("Sumber potensi"), required=False, max_length=120)

    def clean_bulan(self):
        return _month(self.cleaned_data["bulan"])

    def clean_banding(self):
        return _month(self.cleaned_data["banding"])


class WorkforceUploadForm(BootstrapForm):
    file = forms.FileField(label=_("Berkas"), help_text=_("CSV atau XLSX dengan kolom Kode Wilayah atau "
                                                          "Kabupaten/Kota, Tahun, Penduduk Bekerja."),
                           error_messages={"required": _("Pilih berkas yang akan diimpor.")})
    source = forms.CharField(label=_("Sumber"), max_length=120, initial="BPS Sakernas Agustus",
                             error_messages={"required": _("Sebutkan sumber data.")})
    publication = forms.CharField(label=_("Publikasi"), max_length=200, required=False)
    period = forms.ChoiceField(label=_("Periode rilis"), choices=[(p, p.capitalize()) for p in PERIODS])
    confidence = forms.ChoiceField(label=_("Keyakinan"), choices=[(c, c) for c in ("C1", "C2", "C3", "R")],
                                   initial="C2")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(EXTENSIONS)

    def clean_file(self):
        file = self.cleaned_data["file"]
        upload_check(file)
        return file
