"""Writes of the API: creating and revoking personal tokens, resolving a presented token, counting use.

A token is ``sng_`` plus 40 random URL-safe characters, shown once when it is created; the database keeps
its SHA-256 hash, so a leaked table does not give access. Creating and revoking are audited; every request
adds one to the token's count of the day (``ApiUsage``), the aggregate audit of reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.api.models import ApiToken, ApiUsage, ServiceAccount
from sinergi.audit.services import audit_record
from sinergi.orgs.roles import R
from sinergi.orgs.scoping import user_can
from sinergi.orgs.services import user_create

PREFIX = "sng_"
# How long a token lives when its owner gives no date, and the longest they may choose.
DEFAULT_DAYS = 90
MAX_DAYS = 366


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _may_make_token(actor, user) -> bool:
    """A person makes their own tokens; an administrator (or the command line, ``actor=None``) makes those of a
    service account."""
    if ServiceAccount.objects.filter(user=user).exists():
        return actor is None or user_can(actor, "admin.site")
    return actor is not None and actor.pk == user.pk


@transaction.atomic
def service_account_create(*, username: str, system: str, org_unit, roles, actor, contact: str = ""):
    """A partner system as a user of ``org_unit`` with ``roles`` and no password (it cannot sign in to the
    screens); its tokens are made with :func:`token_create` by an administrator."""
    if actor is not None and not user_can(actor, "admin.site"):
        raise PermissionDenied(_("Hanya administrator yang dapat membuat akun layanan."))
    if any(str(role) == R.SYSADMIN for role in roles):
        raise ValidationError({"roles": _("Akun layanan tidak dapat menjadi administrator sistem.")})
    system = (system or "").strip()
    if not system:
        raise ValidationError({"system": _("Sebutkan nama sistem mitra, misalnya \"SIPD Kutai Kartanegara\".")})
    user = user_create(username=username, org_unit=org_unit, roles=roles, actor=actor, password=None,
                       first_name=system[:150], position=_("Akun layanan"),
                       reason=_("Akun layanan untuk %(system)s") % {"system": system})
    account = ServiceAccount.objects.create(user=user, system=system[:120], contact=(contact or "").strip()[:200])
    audit_record(actor=actor, action="api.service_account.create", obj=account,
                 after={"system": account.system, "user": user.username, "unit": org_unit.code,
                        "roles": sorted(str(r) for r in roles)})
    return account


@transaction.atomic
def token_create(*, user, name: str, expires_on: dt.date | None = None, actor) -> tuple[ApiToken, str]:
    """A new token of ``user`` (``actor`` is the user themself, or an administrator for a service account);
    returns the token and its secret, which is never shown again."""
    if not _may_make_token(actor, user) or not user_can(user, "api.use"):
        raise PermissionDenied(_("Anda tidak dapat membuat token API."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Beri nama token, misalnya nama sistem yang memakainya.")})
    today = clock.today()
    expires_on = expires_on or today + dt.timedelta(days=DEFAULT_DAYS)
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Tanggal berlaku harus sesudah hari ini.")})
    if expires_on > today + dt.timedelta(days=MAX_DAYS):
        raise ValidationError({"expires_on": _("Token berlaku paling lama %(days)s hari.") % {"days": MAX_DAYS}})
    raw = PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(user=user, name=name[:80], prefix=raw[:10], key_hash=_hash(raw),
                                    expires_on=expires_on)
    audit_record(actor=actor, action="api.token.create", obj=token,
                 after={"name": token.name, "prefix": token.prefix, "expires_on": expires_on})
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if actor is None or (token.user_id != actor.pk and not user_can(actor, "admin.site")):
        raise PermissionDenied(_("Anda tidak dapat mencabut token ini."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api.token.revoke", obj=token, after={"revoked_at": token.revoked_at})
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The usable token behind ``raw`` (not revoked, not expired, its user active), counted for today."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user", "user__org_unit").filter(key_hash=_hash(raw)).first()
    today = clock.today()
    if token is None or not token.is_usable(today):
        return None
    now = clock.now()
    with transaction.atomic():
        usage, created = ApiUsage.objects.get_or_create(token=token, day=today, defaults={"requests": 1})
        if not created:
            ApiUsage.objects.filter(pk=usage.pk).update(requests=F("requests") + 1)
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
