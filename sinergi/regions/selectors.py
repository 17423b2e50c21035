from __future__ import annotations

from django.db.models import QuerySet

from sinergi.orgs.scoping import scoped
from sinergi.regions.models import Region, normalise_region_code


def regions_search(*, user, query: str, level: int | None = None, within: str = "", limit: int = 20) -> QuerySet:
    """Regions whose code starts with the digits typed, or whose name contains the words typed."""
    qs = scoped(Region.objects.select_related("parent__parent"), user).filter(is_current=True)
    if level:
        qs = qs.filter(level=level)
    if within:
        qs = qs.filter(code__startswith=within)
    text = query.strip()
    if not text:
        return qs.none()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(".", "").replace(" ", "")):
        code = normalise_region_code(digits) or _partial_code(digits)
        qs = qs.filter(code__startswith=code)
    else:
        for word in text.lower().split():
            qs = qs.filter(name_search__contains=word)
    return qs.order_by("level", "code")[:limit]


def _partial_code(digits: str) -> str:
    """``640`` → ``64.0``: dots where a complete code would have them, for prefix search while typing."""
    out, cuts = [], (2, 4, 6)
    for i, ch in enumerate(digits):
        if i in cuts:
            out.append(".")
        out.append(ch)
    return "".join(out)


def region_path(region: Region) -> str:
    """``Tenggarong, Kutai Kartanegara, Kalimantan Timur`` for a picker line."""
    names, node = [], region
    while node is not None:
        names.append(node.name)
        node = node.parent
    return ", ".join(names)
