from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentanConfig(AppConfig):
    name = "sinergi.rentan"
    verbose_name = _("Pekerja rentan")

    def ready(self) -> None:
        # Each capability registers its job kinds on import: the DTKS import, the payment batch documents.
        from sinergi.rentan.imports import jobs as import_jobs  # noqa: F401
        from sinergi.rentan.payments import jobs as payment_jobs  # noqa: F401
