"""The position of employers in the ledger: the employer list with its receivables figures, its totals and
one employer's bills, payments, denda and collectibility (built on ``registry.selectors`` for the scope).

Every read starts from ``scoped()``. The list's figures are correlated subqueries in one statement, so a
page costs the same number of queries whatever its length, and the database only computes them for the
rows it returns unless a filter or the sort needs them for all.

The amounts here are **principal only** (iuran pokok): billed is the sum of the bills (regular and
adjustment lines), paid is the sum of the non-reversed principal allocations of posted payments.
Penalties (denda) and unallocated credit are not included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sinergi.clock import today
from sinergi.orgs.scoping import scoped, scoped_get
from sinergi.receivables.models import Allocation, Bill, CollectibilitySnapshot, Payment
from sinergi.receivables.penalties import bills_penalties
from sinergi.registry.models import MONEY, Employer, Employment
from sinergi.registry.selectors import employers_visible

# The collectibility classes as the screens and exports name them.
COLLECTIBILITY_LABELS = {
    "lancar": _("Lancar"),
    "kurang_lancar": _("Kurang lancar"),
    "diragukan": _("Diragukan"),
    "macet": _("Macet"),
}


MONEY_FIELD = DecimalField(**MONEY)


ZERO = Value(Decimal(0), output_field=MONEY_FIELD)


# sort key -> the ordering it stands for; a leading "-" on the key sorts descending.
SORTS = {
    "name": ("name_search", "npp"),
    "npp": ("npp",),
    "outstanding": ("summary__outstanding", "npp"),
    "arrears": ("summary__unpaid_bills", "npp"),
}


DEFAULT_SORT = "name"


@dataclass(frozen=True)
class EmployerFilters:
    """What the employer list may be narrowed by; empty values mean "no filter"."""

    branch: int | None = None
    sector: str = ""
    status: str = ""
    klass: str = ""
    arrears_min: Decimal | None = None
    text: str = ""


def _active_on(on: dt.date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def _sum(queryset: QuerySet, group: str, column: str):
    """A correlated one-row subquery: the sum of ``column`` over ``queryset`` (0 when it is empty)."""
    inner = queryset.order_by().values(group).annotate(total=Sum(column)).values("total")[:1]
    return Coalesce(Subquery(inner, output_field=MONEY_FIELD), ZERO, output_field=MONEY_FIELD)


def _count(queryset: QuerySet, group: str):
    """A correlated one-row subquery: the number of rows of ``queryset`` (0 when it is empty)."""
    inner = queryset.order_by().values(group).annotate(total=Count("pk")).values("total")[:1]
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0), output_field=IntegerField())


def _principal_allocations() -> QuerySet[Allocation]:
    return Allocation.objects.filter(component=Allocation.Component.PRINCIPAL, reversed=False,
                                     payment__status=Payment.Status.POSTED)


def bill_paid_principal():
    """Principal paid on a bill (as an expression inside a Bill queryset)."""
    return _sum(_principal_allocations().filter(bill=OuterRef("pk")), "bill", "amount")


def employers_annotated(queryset: QuerySet[Employer], *, on: dt.date | None = None) -> QuerySet[Employer]:
    """Add workers, principal billed/paid/outstanding, months in arrears and the latest collectibility."""
    on = on or today()
    workers = Employment.objects.filter(_active_on(on), employer=OuterRef("pk"))
    unpaid_bills = (Bill.objects.filter(employer=OuterRef("pk"))
                    .annotate(paid=bill_paid_principal()).filter(principal__gt=F("paid")))
    latest = CollectibilitySnapshot.objects.filter(employer=OuterRef("pk")).order_by("-month")
    return queryset.annotate(
        workers=_count(workers, "employer"),
        billed=_sum(Bill.objects.filter(employer=OuterRef("pk")), "employer", "principal"),
        paid=_sum(_principal_allocations().filter(bill__employer=OuterRef("pk")), "bill__employer", "amount"),
        months_in_arrears=_count(unpaid_bills, "employer"),
        latest_class=Subquery(latest.values("klass")[:1]),
        latest_class_month=Subquery(latest.values("month")[:1]),
    ).annotate(outstanding=F("billed") - F("paid"))


def employers_with_summary(queryset: QuerySet[Employer], *, on: dt.date | None = None) -> QuerySet[Employer]:
    """The list's figures from the stored position (receivables.EmployerSummary): the same definitions as
    ``employers_annotated``, kept up to date by billing, allocation and the worker's periodic refresh, so a
    Kanwil can sort and filter by them on indexed columns. Only the active workers are counted live."""
    on = on or today()
    workers = Employment.objects.filter(_active_on(on), employer=OuterRef("pk"))
    return queryset.annotate(
        workers=_count(workers, "employer"),
        billed=Coalesce(F("summary__billed"), ZERO, output_field=MONEY_FIELD),
        paid=Coalesce(F("summary__paid"), ZERO, output_field=MONEY_FIELD),
        outstanding=Coalesce(F("summary__outstanding"), ZERO, output_field=MONEY_FIELD),
        months_in_arrears=Coalesce(F("summary__unpaid_bills"), Value(0), output_field=IntegerField()),
        latest_class=F("summary__klass"),
        latest_class_month=F("summary__computed_on"),
    )


def parse_sort(sort: str) -> tuple[str, bool]:
    """``"-outstanding"`` -> ("outstanding", True); an unknown key falls back to the default."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    return (key, descending) if key in SORTS else (DEFAULT_SORT, False)


def _employers_filtered(*, user, filters: EmployerFilters) -> QuerySet[Employer]:
    """The visible employers narrowed by the filters that need no figures."""
    qs = employers_visible(user=user).select_related("branch")
    if filters.branch:
        qs = qs.filter(branch_id=filters.branch)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.klass:
        qs = qs.filter(summary__klass=filters.klass)
    if filters.arrears_min is not None:
        qs = qs.filter(summary__outstanding__gte=filters.arrears_min)
    text = filters.text.strip()
    if text:
        condition = Q(name_search__contains=text.lower())
        if text.isdigit():
            condition |= Q(npp__startswith=text)
        qs = qs.filter(condition)
    return qs


def _ordering(sort: str) -> list:
    """Order expressions; employers without a position (never billed) sort as zero would, on both engines."""
    key, descending = parse_sort(sort)
    return [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_first=True) for f in SORTS[key]]


def employers_list(*, user, filters: EmployerFilters | None = None, sort: str = DEFAULT_SORT,
                   on: dt.date | None = None) -> QuerySet[Employer]:
    """The employers the user may see, narrowed by ``filters``, with their figures, sorted."""
    filters = filters or EmployerFilters()
    return employers_with_summary(_employers_filtered(user=user, filters=filters), on=on).order_by(*_ordering(sort))


class EmployerPages:
    """The employer list for a paginator when neither the order nor a filter needs the figures: the page is
    sliced from the plain rows, and only its rows get their figures.

    PostgreSQL evaluates select-list subqueries for every row an OFFSET skips, so slicing the annotated list
    would compute 25.000 employers' figures to show page 1.000 of a Kanwil.
    """

    def __init__(self, plain: QuerySet[Employer], *, on: dt.date | None = None):
        self.plain = plain
        self.on = on

    def count(self) -> int:
        return self.plain.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key:key + 1][0]
        ids = list(self.plain.values_list("pk", flat=True)[key])
        rows = employers_with_summary(Employer.objects.filter(pk__in=ids).select_related("branch"), on=self.on)
        by_id = {row.pk: row for row in rows}
        return [by_id[pk] for pk in ids]


def employers_pages(*, user, filters: EmployerFilters | None = None, sort: str = DEFAULT_SORT,
                    on: dt.date | None = None) -> EmployerPages:
    """What to paginate for ``employers_list``: the same rows in the same order, sliced before the figures."""
    filters = filters or EmployerFilters()
    return EmployerPages(_employers_filtered(user=user, filters=filters).order_by(*_ordering(sort)), on=on)


def employers_totals(queryset: QuerySet[Employer], *, on: dt.date | None = None) -> dict:
    """Totals of a (filtered) employer list over the whole set, not just a page: employers, active workers,
    principal billed, paid and outstanding — the same definitions as the list's columns.

    Each figure is one set-wise aggregate over the employers' bills, allocations or employments (a
    semi-join on the list's ids), not a sum of the per-row subqueries: summing those would compute every
    employer's figures one by one, which at the scale of a Kanwil takes tens of seconds.
    """
    on = on or today()
    ids = queryset.order_by().values("pk")
    from sinergi.receivables.models import EmployerSummary

    sums = EmployerSummary.objects.filter(employer__in=ids).aggregate(
        billed=Sum("billed"), paid=Sum("paid"), outstanding=Sum("outstanding"), workers=Sum("workers"))
    # Positions carry the active workers as of their day; employers never billed have none, count them live.
    unbilled = queryset.order_by().filter(summary__isnull=True).values("pk")
    workers = (sums["workers"] or 0) + Employment.objects.filter(_active_on(on), employer__in=unbilled).count()
    return {
        "employers": ids.count(),
        "workers": workers,
        "billed": sums["billed"] or Decimal(0), "paid": sums["paid"] or Decimal(0),
        "outstanding": sums["outstanding"] or Decimal(0),
    }


@dataclass
class EmployerDetail:
    """An employer and its ledger. Each bill carries ``bill.denda`` (its ``BillPenalty`` as of today, None
    for a month not yet started) and ``penalties`` sums them with the principal outstanding."""

    employer: Employer
    bills: list[Bill] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    collectibility: list[CollectibilitySnapshot] = field(default_factory=list)
    penalties: dict = field(default_factory=dict)


def _penalties(*, user, employer: Employer, bills: list[Bill], as_of: dt.date) -> dict:
    """Denda per bill from receivables.penalties (the rules applied to the ledger, three queries)."""
    per_bill = bills_penalties(as_of=as_of, employers=[employer.pk], user=user)
    for bill in bills:
        bill.denda = per_bill.get(bill.pk)
    accrued = sum((p.accrued for p in per_bill.values()), Decimal(0))
    paid = sum((p.paid for p in per_bill.values()), Decimal(0))
    return {"as_of": as_of, "accrued": accrued, "paid": paid, "outstanding": accrued - paid,
            "total_outstanding": employer.outstanding + accrued - paid}


def employer_get(*, user, pk: int) -> Employer:
    """One employer through the scope (404 when missing or not visible), with its figures."""
    qs = employers_annotated(employers_visible(user=user).select_related("branch__parent", "region"))
    return scoped_get(qs, user, pk=pk)



def employer_detail(*, user, pk: int) -> EmployerDetail:
    """An employer with its bills (and lines), payments (and allocations), collectibility history and the
    denda of each bill as of today."""
    employer = employer_get(user=user, pk=pk)
    bills = (scoped(Bill.objects.filter(employer=employer), user)
             .annotate(paid=bill_paid_principal()).annotate(outstanding=F("principal") - F("paid"))
             .prefetch_related("lines").order_by("-period"))
    allocations = scoped(Allocation.objects.select_related("bill"), user).order_by("bill__period", "component",
                                                                         "programme")
    payments = (scoped(Payment.objects.filter(employer=employer), user)
                .prefetch_related(Prefetch("allocations", queryset=allocations)).order_by("-paid_on", "-id"))
    history = scoped(CollectibilitySnapshot.objects.filter(employer=employer), user).order_by("-month")
    bills = list(bills)
    return EmployerDetail(employer=employer, bills=bills, payments=list(payments), collectibility=list(history),
                          penalties=_penalties(user=user, employer=employer, bills=bills, as_of=today()))
