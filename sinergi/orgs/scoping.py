"""The one place that decides which records a user may see.

Every model that reaches a user is registered here with the path(s) from the record to the organisation
unit(s) it belongs to. A user sees a record when one of those units is their own unit or lies below it in
the hierarchy (a Kanwil sees its branches, a Kejati the SKKs of its Kejari, a Pemda its OPDs); a system
administrator sees everything. Cross-agency visibility is expressed by relations, not exceptions: an SKK
has a ``kejari`` path, so the Kejari it is addressed to — and that Kejari's Kejati — see it.

``scoped()`` refuses a model that is not registered, so a new list cannot forget its scope silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from sinergi.orgs.models import OrgUnit, User
from sinergi.orgs.roles import CAPABILITIES, R


@dataclass(frozen=True)
class ScopeRule:
    unit_paths: tuple[str, ...]  # lookups that end at an OrgUnit; "self" for OrgUnit itself
    user_paths: tuple[str, ...] = ()  # lookups that end at a User who always sees the record (its creator)
    distinct: bool = False  # set when a path crosses a to-many relation
    public: bool = False  # reference data every signed-in user may read (regions)


_RULES: dict[type[models.Model], ScopeRule] = {}


def register(model: type[models.Model], *unit_paths: str, user_paths: tuple[str, ...] = (), distinct=False):
    _RULES[model] = ScopeRule(tuple(unit_paths), tuple(user_paths), distinct)
    return model


def register_public(model: type[models.Model]):
    """Reference data (administrative regions): readable by every active, signed-in user."""
    _RULES[model] = ScopeRule((), (), False, True)
    return model


def rule_for(model: type[models.Model]) -> ScopeRule:
    for klass in model.__mro__:
        if klass in _RULES:
            return _RULES[klass]
    raise ImproperlyConfigured(f"{model.__name__} has no scope rule; register it in sinergi.orgs.scoping")


def is_unrestricted(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_role(R.SYSADMIN))


def visible_unit_ids(user) -> frozenset[int] | None:
    """Ids of the units whose records the user sees; None means every unit (system administrator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_sinergi_visible_units", False)
    if cached is not False:
        return cached
    if is_unrestricted(user):
        result = None
    elif user.org_unit_id is None:
        result = frozenset()
    else:
        unit = user.org_unit
        result = frozenset(
            OrgUnit.objects.filter(path__startswith=unit.path, is_active=True).values_list("pk", flat=True)
        )
    user._sinergi_visible_units = result
    return result


def scope_q(model: type[models.Model], user) -> Q | None:
    """The filter for ``model`` and ``user``; None when nothing needs filtering."""
    rule = rule_for(model)
    units = visible_unit_ids(user)
    if rule.public:
        return None if getattr(user, "is_authenticated", False) and user.is_active else Q(pk__in=[])
    if units is None:
        return None
    condition = Q(pk__in=[])
    for path in rule.unit_paths:
        lookup = "pk__in" if path == "self" else f"{path}__in"
        condition |= Q(**{lookup: list(units)})
    if getattr(user, "is_authenticated", False):
        for path in rule.user_paths:
            condition |= Q(**{path: user.pk})
    return condition


def scoped(qs_or_model, user) -> QuerySet:
    """Restrict a queryset (or a model's default manager) to what ``user`` may see."""
    qs = qs_or_model if isinstance(qs_or_model, QuerySet) else qs_or_model._default_manager.all()
    condition = scope_q(qs.model, user)
    if condition is None:
        return qs
    qs = qs.filter(condition)
    return qs.distinct() if rule_for(qs.model).distinct else qs


def scoped_get(qs_or_model, user, **lookup):
    """Fetch one record through the scope: 404 when it does not exist *or* the user may not see it.

    The two cases are deliberately indistinguishable, so an outsider cannot probe for existence.
    """
    try:
        return scoped(qs_or_model, user).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError):
        raise Http404 from None


def owning_unit_id(obj: models.Model) -> int | None:
    """The unit that owns ``obj`` (its first unit path), for stamping audit events."""
    try:
        rule = rule_for(type(obj))
    except ImproperlyConfigured:
        return None
    path = rule.unit_paths[0] if rule.unit_paths else None
    if path is None:
        return None
    if path == "self":
        return obj.pk
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def user_can(user, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise ImproperlyConfigured(f"unknown capability {capability!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.role_codes & {str(r) for r in CAPABILITIES[capability]})


# The units and users themselves. Every other model registers its rule at the bottom of its own models.py;
# these two live here because scoping is built on them (models → roles, scoping → models: one way).
register(OrgUnit, "self")
register(User, "org_unit")
