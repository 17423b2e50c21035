"""Forms of the contribution calculator and the NIK check: they parse what staff type (``12.000.000``,
``Rp 12,000,000``, ``2025-04``) and leave the legal checks (negative wage, a period before the law) to
:mod:`sinergi.rules`, whose messages the views attach to the fields."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from sinergi.rules.contributions import PROGRAMMES, RISK_GROUPS

PERIOD_VALIDATOR = RegexValidator(r"^\d{4}-\d{2}$", _("Tulis periode sebagai TTTT-BB, misalnya 2025-04."))

RELIEF_CHOICES = [
    ("", _("Tanpa keringanan")),
    ("padat-karya", _("Padat karya (PP 7/2025 jo. PP 36/2025): diskon JKK 50%")),
    ("covid", _("Relaksasi COVID-19 (PP 49/2020)")),
]

INDUSTRY_CHOICES = [
    ("", _("Tidak disebutkan")),
    ("food_beverage_tobacco", _("Makanan, minuman dan tembakau")),
    ("textile_apparel", _("Tekstil dan pakaian jadi")),
    ("leather", _("Kulit dan barang dari kulit")),
    ("footwear", _("Alas kaki")),
    ("toys", _("Mainan anak")),
    ("furniture", _("Furnitur")),
]

SECTOR_CHOICES = [("other", _("Lainnya")), ("transport", _("Transportasi"))]
FUNDING_CHOICES = [
    ("self", _("Dibayar sendiri oleh peserta")),
    ("apbd", _("Dibayar APBD (pemerintah daerah)")),
    ("apbn", _("Dibayar APBN (pemerintah pusat)")),
]

_AMOUNT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_rupiah(value: str) -> Decimal:
    """``12.000.000``, ``12,000,000``, ``Rp 12.000.000,50`` or ``12000000`` → Decimal. The sign is kept so
    that the rules can explain a negative amount in their own words."""
    text = (value or "").strip().replace("Rp", "").replace("rp", "").replace(" ", "").replace("\u00a0", "")
    negative = text.startswith("-")
    text = text.lstrip("-")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:  # the last separator is the decimal one
        thousands = "." if text.rfind(".") < text.rfind(",") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif dots > 1 or (dots == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    elif commas > 1 or (commas == 1 and len(text.split(",")[1]) == 3):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not _AMOUNT.match(text):
        raise ValidationError(_("Tulis jumlah rupiah dengan angka, misalnya 12.000.000."), code="invalid")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Tulis jumlah rupiah dengan angka, misalnya 12.000.000."), code="invalid") from None
    return -amount if negative else amount


class BootstrapForm(forms.Form):
    """Bootstrap 5 classes on every widget; ``is-invalid`` on the fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class RupiahField(forms.CharField):
    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "40"})

    def to_python(self, value):
        value = super().to_python(value)
        return None if value in self.empty_values else parse_rupiah(value)


class ContributionForm(BootstrapForm):
    """A wage earner (penerima upah): one worker's monthly contribution."""

    period = forms.CharField(label=_("Periode iuran"), max_length=7, validators=[PERIOD_VALIDATOR],
                             help_text=_("TTTT-BB, misalnya 2025-04."))
    wage = RupiahField(label=_("Upah sebulan (Rp)"),
                       help_text=_("Upah pokok dan tunjangan tetap yang dilaporkan."))
    risk_group = forms.TypedChoiceField(label=_("Kelompok risiko JKK"), coerce=int, initial=1,
                                        choices=[(g, str(g)) for g in RISK_GROUPS])
    programmes = forms.MultipleChoiceField(label=_("Program"), choices=[(p, p) for p in PROGRAMMES],
                                           initial=list(PROGRAMMES), widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("Pilih minimal satu program.")})
    relief = forms.ChoiceField(label=_("Keringanan"), choices=RELIEF_CHOICES, required=False)
    workers = forms.IntegerField(label=_("Jumlah pekerja perusahaan"), required=False, min_value=0,
                                 help_text=_("Untuk keringanan padat karya."))
    industry = forms.ChoiceField(label=_("Industri"), choices=INDUSTRY_CHOICES, required=False,
                                 help_text=_("Untuk keringanan padat karya."))

    def clean(self):
        data = super().clean()
        if data.get("relief") == "padat-karya" and data.get("workers") is None:
            self.add_error("workers", _("Isi jumlah pekerja untuk keringanan padat karya."))
        return data

    def rules_arguments(self) -> dict:
        """Keyword arguments for :func:`sinergi.rules.contribution_compute` (all programmes ticked → every
        programme in force in the period, as the CLI does by default)."""
        data = self.cleaned_data
        chosen = data["programmes"]
        relief = data.get("relief") or None
        return {
            "period": data["period"], "wage": data["wage"], "risk_group": data["risk_group"],
            "programmes": None if set(chosen) == set(PROGRAMMES) else chosen, "relief": relief,
            "workers": data.get("workers") if relief == "padat-karya" else None,
            "industry": (data.get("industry") or None) if relief == "padat-karya" else None,
        }


class BpuForm(BootstrapForm):
    """A self-employed participant (bukan penerima upah)."""

    prefix = "bpu"

    period = forms.CharField(label=_("Periode iuran"), max_length=7, validators=[PERIOD_VALIDATOR],
                             help_text=_("TTTT-BB, misalnya 2025-04."))
    income = RupiahField(label=_("Penghasilan sebulan yang dilaporkan (Rp)"))
    sector = forms.ChoiceField(label=_("Sektor"), choices=SECTOR_CHOICES, initial="other")
    funding = forms.ChoiceField(label=_("Sumber pembayaran"), choices=FUNDING_CHOICES, initial="self")
    jht = forms.BooleanField(label=_("Ikut program JHT"), required=False)

    def rules_arguments(self) -> dict:
        data = self.cleaned_data
        return {"period": data["period"], "income": data["income"], "sector": data["sector"],
                "funding": data["funding"], "jht": data["jht"]}


class NikForm(BootstrapForm):
    nik = forms.CharField(label=_("NIK"), max_length=64, strip=True,
                          help_text=_("16 digit, seperti tertulis di KTP atau di berkas."),
                          error_messages={"required": _("Isi NIK yang akan diperiksa.")})
