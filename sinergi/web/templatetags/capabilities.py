"""``{% if user|can:"registry.import" %}``: show a link only to those who may open it (orgs.roles)."""

from __future__ import annotations

from django import template

from sinergi.orgs.scoping import user_can

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    return user_can(user, capability)
