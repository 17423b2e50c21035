"""The DTKS upload form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.web.calculator_forms import BootstrapForm
from sinergi.web.uploads import EXTENSIONS, MAX_BYTES, upload_check


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
