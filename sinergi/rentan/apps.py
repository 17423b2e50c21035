from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentanConfig(AppConfig):
    name = "sinergi.rentan"
    verbose_name = _("Pekerja rentan")

    def ready(self) -> None:
        import importlib

        # Job kinds register themselves on import; the module appears once the import pipeline lands.
        try:
            importlib.import_module("sinergi.rentan.jobs")
        except ModuleNotFoundError as exc:
            if exc.name != "sinergi.rentan.jobs":
                raise
        importlib.import_module("sinergi.rentan.payment_jobs")
