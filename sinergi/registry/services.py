"""Writes of the registry screens: revealing a full NIK, which UU 27/2022 makes an audited act."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sinergi.audit.services import audit_record
from sinergi.orgs.roles import ROLES
from sinergi.registry.models import Worker


def user_sees_full_nik(user) -> bool:
    """Whether one of the user's roles needs full NIKs (membership, claims, Pemda data officers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(ROLES[code].sees_full_nik for code in user.role_codes if code in ROLES)


def worker_nik_unmask(*, worker: Worker, actor, reason: str) -> str:
    """Return the worker's full NIK and record who saw it and why.

    The caller must have fetched ``worker`` through the scope. The event is stamped with the actor's unit,
    so the office (and its Kanwil) can review who of its staff opened which NIK.
    """
    if not user_sees_full_nik(actor):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, action="registry.nik.unmask", obj=worker, reason=reason.strip(),
                     scope_unit=actor.org_unit_id)
    return worker.nik
