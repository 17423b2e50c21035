"""Small template helpers of the case screens."""

from __future__ import annotations

from django import template

register = template.Library()

STAGE_BADGES = {
    "open": "text-bg-secondary", "warning_1": "text-bg-warning", "warning_2": "text-bg-warning",
    "inspection": "text-bg-info", "fine": "text-bg-danger", "tmp2t": "text-bg-danger", "skk": "text-bg-dark",
    "pupn": "text-bg-dark", "settled": "text-bg-success", "closed": "text-bg-light border",
}


@register.filter
def get_item(mapping, key):
    """``{{ counts|get_item:code }}``: a dict value by a variable key (empty when missing)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def stage_badge(stage) -> str:
    return STAGE_BADGES.get(stage or "", "text-bg-secondary")
