from __future__ import annotations

from django.db.models import Count, QuerySet

from sinergi.orgs.models import OrgUnit, User
from sinergi.orgs.scoping import scoped


def units_visible(*, user) -> QuerySet[OrgUnit]:
    return scoped(OrgUnit.objects.select_related("parent", "region"), user)


def unit_tree_for(*, user, unit: OrgUnit) -> QuerySet[OrgUnit]:
    return units_visible(user=user).filter(path__startswith=unit.path).annotate(user_count=Count("users"))


def users_visible(*, user) -> QuerySet[User]:
    return scoped(User.objects.select_related("org_unit").prefetch_related("roles"), user)
