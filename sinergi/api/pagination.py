"""Cursor pagination for the API lists: ``?limit=…&cursor=…`` and ``next`` in the answer. The cursor is the
last row's id in the list's id order, so a page is one indexed range scan however deep it is, and rows
added meanwhile never shift a page (unlike offsets)."""

from __future__ import annotations

from django.db.models import QuerySet

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def cursor_page(queryset: QuerySet, *, limit: int, cursor: int | None) -> tuple[list, int | None]:
    """The rows after ``cursor`` (ascending id) and the next cursor, or None on the last page."""
    limit = max(1, min(limit, MAX_LIMIT))
    if cursor:
        queryset = queryset.filter(pk__gt=cursor)
    rows = list(queryset.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)
