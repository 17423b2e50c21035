"""Admin screens for units and users; every save goes through the services, so it is audited."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.orgs import services
from sinergi.orgs.models import OrgUnit, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "opd_type", "parent", "region", "is_active")
    list_filter = ("kind", "opd_type", "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    raw_id_fields = ("region", "jurisdiction")
    readonly_fields = ("path",)

    def save_model(self, request, obj, form, change):
        jurisdiction = [r.code for r in form.cleaned_data.get("jurisdiction", [])]
        fields = {f: form.cleaned_data[f] for f in ("name", "kind", "opd_type", "parent", "region", "is_active")}
        if change:
            saved = services.org_unit_update(unit=obj, actor=request.user, jurisdiction=jurisdiction,
                                             code=form.cleaned_data["code"], **fields)
        else:
            fields.pop("is_active")
            saved = services.org_unit_create(code=form.cleaned_data["code"], actor=request.user,
                                             jurisdiction=jurisdiction, **fields)
        obj.pk, obj.path = saved.pk, saved.path

    def save_related(self, request, form, formsets, change):
        # Jurisdiction was set by the service; saving the form's m2m again would bypass the audit event.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        raise ValidationError(_("Unit organisasi tidak dihapus; nonaktifkan saja."))

    def has_delete_permission(self, request, obj=None):
        return False


class UserAdminForm(forms.ModelForm):
    new_password = forms.CharField(
        label=_("Kata sandi baru"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Kosongkan bila tidak diubah."),
    )

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "position", "phone", "org_unit", "roles",
                  "is_active")

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if password:
            validate_password(password, self.instance)
        return password


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ("username", "get_full_name", "org_unit", "is_active", "locked_until", "last_login")
    list_filter = ("is_active", "roles", "org_unit__kind")
    search_fields = ("username", "first_name", "last_name", "email", "org_unit__name")
    autocomplete_fields = ("org_unit",)
    filter_horizontal = ("roles",)
    actions = ["unlock"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        roles = [r.code for r in data["roles"]]
        profile = {k: data[k] for k in ("first_name", "last_name", "email", "position", "phone")}
        try:
            if change:
                saved = services.user_update(user=obj, actor=request.user, roles=roles, username=data["username"],
                                             org_unit=data["org_unit"], is_active=data["is_active"], **profile)
                if data.get("new_password"):
                    services.user_set_password(user=saved, password=data["new_password"], actor=request.user,
                                               validate=False)
            else:
                saved = services.user_create(username=data["username"], org_unit=data["org_unit"], roles=roles,
                                             password=data.get("new_password") or None, actor=request.user,
                                             validate=False, **profile)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            raise
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        return False  # people leave; their accounts are deactivated so the audit trail keeps its actors

    @admin.action(description=_("Buka kunci akun terpilih"))
    def unlock(self, request, queryset):
        for user in queryset:
            services.user_unlock(user=user, actor=request.user, reason="admin")
        messages.success(request, _("Akun dibuka kuncinya."))
