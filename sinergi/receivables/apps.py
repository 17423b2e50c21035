from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceivablesConfig(AppConfig):
    name = "sinergi.receivables"
    verbose_name = _("Iuran dan piutang")

    def ready(self) -> None:
        from sinergi.receivables import jobs  # noqa: F401  (registers the job kinds)
