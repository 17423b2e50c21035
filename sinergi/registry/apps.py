from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sinergi.registry"
    verbose_name = _("Kepesertaan")

    def ready(self) -> None:
        from sinergi.registry import jobs  # noqa: F401  (registers the registry-import job)
