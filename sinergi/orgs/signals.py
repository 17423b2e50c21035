"""Login bookkeeping: audit events and the lockout counter."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sinergi.audit.services import audit_record
from sinergi.orgs import services


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    services.user_login_succeeded(user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username")
    if username:
        services.user_login_failed(
            username=username,
            max_failures=settings.LOGIN_MAX_FAILURES,
            lockout_minutes=settings.LOGIN_LOCKOUT_MINUTES,
        )
