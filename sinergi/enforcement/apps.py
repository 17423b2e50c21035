from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "sinergi.enforcement"
    verbose_name = _("Penegakan kepatuhan")

    def ready(self) -> None:
        import importlib

        try:
            importlib.import_module("sinergi.enforcement.jobs")
        except ModuleNotFoundError as exc:
            if exc.name != "sinergi.enforcement.jobs":
                raise
