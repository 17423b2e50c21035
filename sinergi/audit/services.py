"""Writing audit events. Call inside the transaction of the change it records."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable

from django.db import models

from sinergi.audit.models import AuditEvent


def _jsonable(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The audited state of a record: concrete field values (foreign keys as ids), JSON-safe.

    Secrets are never copied: a ``password`` field is reduced to whether it changed.
    """
    names = list(fields) if fields is not None else [
        f.name for f in obj._meta.concrete_fields if f.name not in {"password", "last_login"}
    ]
    data = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted(str(pk) for pk in getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
        else:
            data[name] = _jsonable(getattr(obj, field.attname))
    return data


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    scope_unit=None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event. ``actor`` may be None for the system (a CLI run without a user, a migration)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
        if scope_unit is None:
            from sinergi.orgs.scoping import owning_unit_id

            scope_unit = owning_unit_id(obj)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_user,
        actor_username=actor_user.get_username() if actor_user else "sistem",
        actor_org_id=getattr(actor_user, "org_unit_id", None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        scope_unit_id=scope_unit.pk if isinstance(scope_unit, models.Model) else scope_unit,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
    )
