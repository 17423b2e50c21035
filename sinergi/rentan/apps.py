from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentanConfig(AppConfig):
    name = "sinergi.rentan"
    verbose_name = _("Pekerja rentan")

    def ready(self) -> None:
        from sinergi.rentan import jobs  # noqa: F401  (registers the DTKS import and export job kinds)
