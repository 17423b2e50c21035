from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "sinergi.enforcement"
    verbose_name = _("Penegakan kepatuhan")

    def ready(self) -> None:
        from sinergi.enforcement import jobs  # noqa: F401  (registers the letter, register and report job kinds)
