"""Reads of the operator screens (billing runs, payments), always through the one scoping mechanism."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, scoped_get
from sinergi.receivables.models import BillingRun, Payment
from sinergi.receivables.selectors import branches_visible
from sinergi.registry.models import Employer
from sinergi.registry.selectors import employers_visible


def billing_units(*, user) -> list[OrgUnit]:
    """The units a user may bill: the Kanwil in their scope (all their branches at once), then each branch."""
    kanwil = scoped(OrgUnit.objects.filter(kind=UnitKind.BPJS_KANWIL.value, is_active=True), user).order_by("name")
    return [*kanwil, *branches_visible(user=user).filter(is_active=True)]


def billing_runs_visible(*, user) -> QuerySet[BillingRun]:
    return scoped(BillingRun, user).select_related("branch", "created_by").order_by("-started_at", "-pk")


@dataclass(frozen=True)
class PaymentFilters:
    text: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str = ""


def payments_list(*, user, filters: PaymentFilters | None = None) -> QuerySet[Payment]:
    filters = filters or PaymentFilters()
    qs = scoped(Payment, user).select_related("employer__branch")
    text = filters.text.strip()
    if text:
        condition = Q(employer__name_search__contains=text.lower()) | Q(reference__iexact=text)
        if text.isdigit():
            condition |= Q(employer__npp__startswith=text) | Q(payment_code=text)
        qs = qs.filter(condition)
    if filters.date_from:
        qs = qs.filter(paid_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(paid_on__lte=filters.date_to)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-paid_on", "-pk")


def payment_get(*, user, pk: int) -> Payment:
    """One payment through the scope (404 when missing or not visible), with its allocations and their bills."""
    qs = scoped(Payment, user).select_related("employer__branch", "created_by")
    payment = scoped_get(qs, user, pk=pk)
    payment.allocation_rows = list(payment.allocations.select_related("bill").order_by("bill__period", "pk"))
    return payment


def employer_by_npp(*, user, npp: str) -> Employer | None:
    """The employer with this NPP if the user may see it; None otherwise (the two are not told apart)."""
    return employers_visible(user=user).select_related("branch").filter(npp=npp.strip()).first()


def manual_reference_holder(*, reference: str) -> Payment | None:
    """The manual payment that already carries ``reference``, if any. Used only to refuse a reused reference
    without showing another unit's payment: the caller never displays what it returns unless it is in scope."""
    return Payment.objects.filter(channel=Payment.Channel.MANUAL, reference=reference.strip()).first()
