from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "sinergi.enforcement"
    verbose_name = _("Penegakan kepatuhan")

    def ready(self) -> None:
        # Each capability registers its job kinds: letters and settled cases, the SKK register, the exchange.
        from sinergi.enforcement.cases import jobs as case_jobs  # noqa: F401

        # The default content of the case letters, registered with the letters engine.
        from sinergi.enforcement.cases import letters as case_letters  # noqa: F401
        from sinergi.enforcement.reports import jobs as report_jobs  # noqa: F401
        from sinergi.enforcement.skk import jobs as skk_jobs  # noqa: F401
