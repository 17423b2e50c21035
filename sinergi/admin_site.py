"""Django admin, open to system administrators only."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SinergiAdminSite(admin.AdminSite):
    site_header = _("Administrasi Sinergi")
    site_title = _("Administrasi Sinergi")
    index_title = _("Administrasi sistem")

    def has_permission(self, request) -> bool:
        # Imported here: this module is loaded with the app configs, before the models it needs.
        from sinergi.orgs.scoping import user_can

        return bool(request.user.is_active and user_can(request.user, "admin.site"))


class SinergiAdminConfig(AdminConfig):
    default_site = "sinergi.admin_site.SinergiAdminSite"
