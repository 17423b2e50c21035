from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "sinergi.coverage"
    label = "coverage"
    verbose_name = _("Cakupan kepesertaan (UCJ)")

    def ready(self) -> None:
        from sinergi.coverage import jobs  # noqa: F401  (registers the job kinds)
