"""Reading the audit trail, always through the scoping mechanism."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from sinergi.audit.models import AuditEvent
from sinergi.orgs.scoping import scoped


def audit_events_visible(*, user) -> QuerySet[AuditEvent]:
    return scoped(AuditEvent.objects.select_related("actor_org"), user)


def audit_history_for(*, user, obj) -> QuerySet[AuditEvent]:
    """The history of one record; the caller must already have fetched ``obj`` through the scope."""
    return audit_events_visible(user=user).filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def audit_search(
    *,
    user,
    text: str = "",
    action: str = "",
    actor: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = audit_events_visible(user=user)
    if text:
        qs = qs.filter(Q(object_repr__icontains=text) | Q(reason__icontains=text) | Q(object_id=text))
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_username__icontains=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
