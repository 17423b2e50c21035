"""Form helpers shared by the programme, import and verification forms of the vulnerable-worker screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def small_inputs(form: forms.Form) -> None:
    for field in form.fields.values():
        css = field.widget.attrs.get("class", "")
        if "form-check-input" not in css:
            field.widget.attrs["class"] = css + (" form-select-sm" if "form-select" in css else " form-control-sm")


def date_field(label, *, required_message):
    return forms.DateField(label=label, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Tulis tanggal sebagai HH/BB/TTTT, misalnya 01/01/2025."),
                                           "required": required_message})
