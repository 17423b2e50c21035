"""Template filters for Indonesian formatting, following the active language."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from sinergi import formatting

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


@register.filter
def rupiah(value):
    return "" if value in (None, "") else formatting.format_rupiah(value, lang=_lang())


@register.filter
def rupiah_short(value):
    return "" if value in (None, "") else formatting.format_rupiah_short(value, lang=_lang())


@register.filter
def angka(value):
    if value in (None, ""):
        return ""
    try:
        return formatting.format_number(value, lang=_lang())
    except (TypeError, ArithmeticError, ValueError):
        # A job's counts mix numbers with text (a status, a message) and seconds: those are shown as they are.
        return value


@register.filter
def persen(value, decimals=2):
    return "" if value in (None, "") else formatting.format_percent(value, lang=_lang(), decimals=int(decimals))


@register.filter
def tanggal(value):
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formatting.format_date(value, lang=_lang())


@register.filter
def tanggal_jam(value):
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{formatting.format_date(local, lang=_lang())} {local:%H:%M}"


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with some parameters replaced (for paging and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"
