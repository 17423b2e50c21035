from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceivablesConfig(AppConfig):
    name = "sinergi.receivables"
    verbose_name = _("Iuran dan piutang")
