from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "sinergi.orgs"
    verbose_name = _("Organisasi dan pengguna")

    def ready(self) -> None:
        from sinergi.orgs import signals  # noqa: F401  (login audit and lockout)
        from sinergi.orgs.services import roles_sync

        post_migrate.connect(roles_sync, sender=self)
