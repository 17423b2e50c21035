from __future__ import annotations

from django.core.paginator import Paginator

PAGE_SIZES = (25, 50, 100)


def paginate(request, queryset, *, default_size: int = 25):
    """A page of ``queryset`` from ``?page=`` and ``?size=``; malformed values fall back to the defaults."""
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    if size not in PAGE_SIZES:
        size = default_size
    return Paginator(queryset, size).get_page(request.GET.get("page"))
