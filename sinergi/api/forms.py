from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.web.calculator_forms import BootstrapForm


class TokenForm(BootstrapForm):
    name = forms.CharField(label=_("Nama token"), max_length=80,
                           help_text=_("Misalnya nama sistem yang memakainya: \"SIPD Kukar\"."),
                           error_messages={"required": _("Beri nama token.")})
    expires_on = forms.DateField(label=_("Berlaku sampai"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("Kosong = 90 hari; paling lama satu tahun."),
                                 error_messages={"invalid": _("Tulis tanggal sebagai HH/BB/TTTT.")})
