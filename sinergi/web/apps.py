from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "sinergi.web"
    verbose_name = _("Antarmuka web")

    def ready(self) -> None:
        from sinergi.web import jobs  # noqa: F401  (registers the housekeeping job kinds)
