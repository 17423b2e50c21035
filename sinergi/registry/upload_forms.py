"""The form of the registry import page: which kind of data, the file, and the all-or-nothing choice."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.registry.import_specs import COLUMNS, KIND_LABELS, KINDS
from sinergi.web.calculator_forms import BootstrapForm
from sinergi.web.uploads import EXTENSIONS, MAX_BYTES, upload_check


@dataclass(frozen=True)
class ExpectedColumn:
    header: str
    required: bool
    aliases: tuple[str, ...]


def expected_columns() -> list[tuple[str, str, list[ExpectedColumn]]]:
    """(kind, label, columns) for every import kind, read from the import's own specification so the help
    text can never drift from what the import accepts."""
    return [
        (kind, KIND_LABELS[kind],
         [ExpectedColumn(c.headers[0], c.required, c.headers[1:]) for c in COLUMNS[kind]])
        for kind in KINDS
    ]


class RegistryImportForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("Jenis data"), choices=[(k, KIND_LABELS[k].capitalize()) for k in KINDS],
        error_messages={"required": _("Pilih jenis data yang diimpor."),
                        "invalid_choice": _("Jenis data tidak dikenal.")},
    )
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("CSV atau XLSX, paling besar %(mb)s MB; baris pertama berisi judul kolom.")
        % {"mb": MAX_BYTES // (1024 * 1024)},
        error_messages={"required": _("Pilih berkas yang akan diimpor."),
                        "empty": _("Berkas kosong (0 bita): tidak ada yang dapat diimpor.")},
    )
    accept_valid = forms.BooleanField(
        label=_("Terima baris yang valid saja"), required=False,
        help_text=_("Tanpa pilihan ini, satu baris yang tidak valid membatalkan seluruh impor."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(EXTENSIONS)

    def clean_file(self):
        file = self.cleaned_data["file"]
        upload_check(file)
        return file
