"""Reads of claims, always through the user's scope: a branch sees the claims it registered, a Kanwil those of
its branches, partner agencies none (they lack ``claims.view``, and no claim belongs to their units)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from sinergi.claims.models import Claim
from sinergi.orgs.scoping import scoped, scoped_get

# key -> ordering; the list's sortable columns.
SORTS: dict[str, tuple[str, ...]] = {
    "number": ("number",),
    "submitted": ("submitted_on", "id"),
    "event": ("event_date", "id"),
    "worker": ("worker__name", "id"),
    "amount": ("amount", "id"),
}
DEFAULT_SORT = "-submitted"


def claims_visible(*, user, status: str = "", programme: str = "", month: dt.date | None = None, q: str = "",
                   sort: str = DEFAULT_SORT) -> QuerySet:
    """The claims ``user`` sees, filtered and sorted, with what the list shows joined in (one query per page).

    ``status`` ``open`` means every status still in progress; ``month`` (its first day) filters on the
    submission month; ``q`` matches the claim number, the worker's KPJ or NIK exactly, or a name part."""
    qs = scoped(Claim, user).select_related("worker", "employer", "branch")
    if status == "open":
        qs = qs.filter(status__in=Claim.OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme=programme)
    if month is not None:
        qs = qs.filter(submitted_on__year=month.year, submitted_on__month=month.month)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(worker__kpj=q) | Q(worker__nik=q)
                       | Q(worker__name__icontains=q) | Q(claimant_name__icontains=q))
    key, descending = sort_key(sort)
    return qs.order_by(*[F(f).desc() if descending else F(f).asc() for f in SORTS[key]])


def sort_key(value: str) -> tuple[str, bool]:
    key = (value or DEFAULT_SORT).lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT.lstrip("-"), True
    return key, (value or DEFAULT_SORT).startswith("-")


def claim_get(*, user, pk: int) -> Claim:
    """One claim with its worker, employer and officers; 404 when it is missing or outside the user's scope."""
    qs = Claim.objects.select_related("worker", "employer", "employment", "branch", "verified_by", "approved_by",
                                      "created_by")
    return scoped_get(qs, user, pk=pk)


def worker_claims(*, user, worker) -> QuerySet:
    """The claims of one worker that ``user`` sees, newest first (the worker's page lists them)."""
    return scoped(Claim, user).filter(worker=worker).select_related("branch").order_by("-submitted_on", "-id")
