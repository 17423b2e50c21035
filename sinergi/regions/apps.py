from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "sinergi.regions"
    verbose_name = _("Wilayah administrasi")

    def ready(self) -> None:
        from sinergi.regions import jobs  # noqa: F401  (registers the region-load job)
