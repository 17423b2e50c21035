from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentanConfig(AppConfig):
    name = "sinergi.rentan"
    verbose_name = _("Pekerja rentan")

    def ready(self) -> None:
        # Job kinds register themselves on import.
        from sinergi.rentan import jobs, payment_jobs  # noqa: F401  (DTKS import; payment batch documents)
