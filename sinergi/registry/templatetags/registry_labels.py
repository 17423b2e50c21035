"""Labels of the registry's codes (KBLI category, collectibility class), periods and rates for templates."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from sinergi import formatting
from sinergi.receivables.positions import COLLECTIBILITY_LABELS
from sinergi.registry.models import KBLI_SECTORS

register = template.Library()
BRANCH_PREFIX = "BPJS Ketenagakerjaan Kantor Cabang "


@register.filter
def sector_label(code) -> str:
    return str(KBLI_SECTORS.get(code or "", ""))


@register.filter
def branch_short(name) -> str:
    """"BPJS Ketenagakerjaan Kantor Cabang Balikpapan" -> "Balikpapan" in crowded tables."""
    return str(name or "").removeprefix(BRANCH_PREFIX) or str(name or "")


@register.filter
def klass_label(code) -> str:
    return str(COLLECTIBILITY_LABELS.get(code or "", code or ""))


KLASS_BADGES = {"lancar": "text-bg-success", "kurang_lancar": "text-bg-warning", "diragukan": "text-bg-danger",
                "macet": "text-bg-dark"}


@register.filter
def klass_badge(code) -> str:
    """Bootstrap badge colours from lancar (green) to macet (black)."""
    return KLASS_BADGES.get(code or "", "text-bg-secondary")


@register.filter
def periode(value) -> str:
    """A contribution month as ``April 2025`` in the active language."""
    if not value:
        return ""
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    return formatting.format_period(value.year, value.month, lang=lang)


@register.filter
def tarif(value) -> str:
    """A rate (0.0024) as a percentage with the decimals it needs (0,24%)."""
    if value in (None, ""):
        return ""
    percent = (Decimal(value) * 100).normalize()
    decimals = min(max(0, -percent.as_tuple().exponent), 6)
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    return formatting.format_percent(percent, lang=lang, decimals=decimals)
