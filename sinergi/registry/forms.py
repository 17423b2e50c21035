"""Forms of the registry screens: the employer list's filters and the reason for revealing a NIK."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.receivables.positions import COLLECTIBILITY_LABELS, EmployerFilters
from sinergi.registry.models import KBLI_SECTORS, Employer
from sinergi.registry.selectors import branches_visible
from sinergi.web.calculator_forms import BootstrapForm, RupiahField

# KBLI 2020 categories (Peraturan BPS 2/2020), the letter stored in Employer.sector.



class EmployerFilterForm(BootstrapForm):
    """The GET filters of the employer list. A malformed value is reported on its field and ignored."""

    q = forms.CharField(label=_("NPP atau nama"), required=False, max_length=100)
    branch = forms.TypedChoiceField(label=_("Kantor cabang"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(label=_("Sektor"), required=False,
                               choices=[("", _("Semua sektor"))] + [(k, f"{k} · {v}") for k, v in KBLI_SECTORS.items()])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua status")), *Employer.Status.choices])
    klass = forms.ChoiceField(label=_("Kolektibilitas"), required=False,
                              choices=[("", _("Semua kelas")), *COLLECTIBILITY_LABELS.items()])
    arrears_min = RupiahField(label=_("Tunggakan paling sedikit (Rp)"), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        branches = list(branches_visible(user=user).values_list("pk", "name"))
        self.fields["branch"].choices = [("", _("Semua kantor cabang")), *branches]
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-select-sm" if "form-select" in field.widget.attrs["class"] \
                else " form-control-sm"
        self.fields["q"].widget.attrs["placeholder"] = _("NPP atau nama")
        self.fields["arrears_min"].widget.attrs["placeholder"] = _("misalnya 8.000.000")

    def clean_arrears_min(self):
        value = self.cleaned_data.get("arrears_min")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Jumlah tunggakan tidak boleh negatif."))
        return value

    def filters(self) -> EmployerFilters:
        """The valid filters (call after ``is_valid()``; fields with errors are left out)."""
        data = getattr(self, "cleaned_data", {})
        return EmployerFilters(
            branch=data.get("branch"), sector=data.get("sector") or "", status=data.get("status") or "",
            klass=data.get("klass") or "", arrears_min=data.get("arrears_min"), text=data.get("q") or "",
        )


class NikUnmaskForm(BootstrapForm):
    reason = forms.CharField(label=_("Alasan membuka NIK"), max_length=200,
                             error_messages={"required": _("Tuliskan alasan membuka NIK lengkap.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs.update({"class": "form-control form-control-sm",
                                                   "placeholder": _("misalnya verifikasi klaim JHT")})
