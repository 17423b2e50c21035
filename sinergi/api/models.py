"""Personal API tokens and the per-token, per-day request counts (the aggregate audit of API reads)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi import clock


class ApiToken(models.Model):
    """A bearer token of one user, with that user's roles and scope. Only a SHA-256 hash of the secret is
    stored; ``prefix`` (its first characters) lets the user recognise it in the list."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name=_("pengguna"))
    name = models.CharField(_("nama"), max_length=80)
    prefix = models.CharField(_("awalan"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), default=clock.now)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, on) -> bool:
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= on) \
            and self.user.is_active


class ServiceAccount(models.Model):
    """A partner system (a Kejaksaan case system, a Pemda's SIPD, a bank) as a user of one organisation unit:
    the roles and scope of that unit, tokens made for it by an administrator, and no password (it cannot sign
    in to the screens). Its requests are its own in the audit trail, not an officer's."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account",
                                verbose_name=_("pengguna"))
    system = models.CharField(_("nama sistem"), max_length=120)
    contact = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=clock.now)

    class Meta:
        verbose_name = _("akun layanan")
        verbose_name_plural = _("akun layanan")
        ordering = ["system", "pk"]

    def __str__(self) -> str:
        return f"{self.system} ({self.user.username})"


class ApiUsage(models.Model):
    """Requests of one token on one day (WIB): reads are audited in aggregate, writes one by one."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="usage")
    day = models.DateField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "day"], name="api_usage_token_day")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.day}: {self.requests}"


class IdempotencyKey(models.Model):
    """A write sent with an ``Idempotency-Key`` header, and the answer it got: the same key again from the same
    token replays that answer instead of writing twice (``sinergi.api.middleware``). ``status`` is null while
    the first request is still running."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="idempotency_keys")
    key = models.CharField(max_length=128)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body")
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_token_key")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.key}"


def _register_scopes() -> None:
    from sinergi.orgs.scoping import register

    register(ApiToken, "user__org_unit", user_paths=("user",))
    register(IdempotencyKey, "token__user__org_unit", user_paths=("token__user",))
    register(ServiceAccount, "user__org_unit")


_register_scopes()
