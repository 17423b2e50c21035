"""Balances of the receivables ledger as of a date: set-wise selectors, read-only.

Conventions of every selector here (see docs/receivables.md):

- **Billed as of D**: the lines (regular and adjustment) of bills whose contribution month starts on or
  before ``D``. A bill of a later month does not exist yet at ``D``.
- **Paid as of D**: allocations of posted payments dated on or before ``D``, not reversed, to those bills.
  An allocation takes effect on its payment's date. A reversed payment and its allocations count nowhere
  (the reversal corrects the record; the audit trail keeps when it happened).
- **Credit as of D**: posted payments dated on or before ``D`` minus what of them is allocated to bills
  counted at ``D``.
- **Denda as of D**: see :mod:`sinergi.receivables.penalties`.

With ``user`` every query goes through :func:`sinergi.orgs.scoping.scoped`, so a Balikpapan officer never
sees a Kupang employer's figures; ``user=None`` is the system (jobs, the CLI) and sees everything.
``employers`` narrows to an Employer, a queryset of them, or an iterable of employers or ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from sinergi.clock import today
from sinergi.orgs.scoping import scoped, scoped_get
from sinergi.receivables.models import Allocation, BillLine, Payment
from sinergi.receivables.penalties import (
    BillPenalty,
    bills_penalties,
    employer_filter_values,
    penalties_by_employer,
)
from sinergi.registry.models import MONEY, Employer
from sinergi.rules.money import ZERO


@dataclass(frozen=True)
class OutstandingLine:
    """Principal of one programme of one bill as of a date: ``outstanding = billed − paid``."""

    employer_id: int
    bill_id: int
    period: date
    programme: str
    billed: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.billed - self.paid


@dataclass(frozen=True)
class EmployerBalance:
    """An employer's position as of a date.

    ``billed − paid_principal + penalties − paid_penalty = outstanding``, where ``penalties`` is the denda
    accrued up to ``as_of`` and ``outstanding = outstanding_principal + outstanding_penalty``. ``payments``
    is what the employer paid up to ``as_of``; ``credit`` the part of it not allocated (an overpayment,
    used by the next allocation). Administrative fines (PP 86/2013) are not included.
    """

    employer_id: int
    as_of: date
    billed: Decimal
    paid_principal: Decimal
    paid_penalty: Decimal
    penalties: Decimal
    outstanding_principal: Decimal
    outstanding_penalty: Decimal
    payments: Decimal
    credit: Decimal

    @property
    def paid(self) -> Decimal:
        return self.paid_principal + self.paid_penalty

    @property
    def outstanding(self) -> Decimal:
        return self.outstanding_principal + self.outstanding_penalty


def _base(model, user) -> QuerySet:
    return scoped(model, user) if user is not None else model._default_manager.all()


def _paid_filter(as_of: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}reversed": False, f"{prefix}payment__status": Payment.Status.POSTED,
                f"{prefix}payment__paid_on__lte": as_of, f"{prefix}bill__period__lte": as_of})


def outstanding_lines(*, as_of: date | None = None, user=None, employers=None,
                      open_only: bool = True) -> list[OutstandingLine]:
    """Principal billed, paid and outstanding per employer × month × programme as of ``as_of`` (default
    today, WIB), in two queries. ``open_only`` leaves out lines with nothing outstanding (an overpaid line,
    possible after a downward correction, has a negative outstanding and is kept)."""
    as_of = as_of or today()
    lines = _base(BillLine, user).filter(bill__period__lte=as_of)
    allocations = _base(Allocation, user).filter(_paid_filter(as_of), component=Allocation.Component.PRINCIPAL)
    if employers is not None:
        wanted = employer_filter_values(employers)
        lines = lines.filter(bill__employer__in=wanted)
        allocations = allocations.filter(bill__employer__in=wanted)
    billed = {
        (r["bill_id"], r["programme"]): r
        for r in lines.values("bill_id", "bill__employer_id", "bill__period", "programme")
        .annotate(total=Sum("amount")).order_by()
    }
    paid = {
        (r["bill_id"], r["programme"]): r["total"]
        for r in allocations.values("bill_id", "programme").annotate(total=Sum("amount")).order_by()
    }
    rows = []
    for key, r in billed.items():
        row = OutstandingLine(employer_id=r["bill__employer_id"], bill_id=r["bill_id"], period=r["bill__period"],
                              programme=r["programme"], billed=r["total"] or ZERO, paid=paid.get(key) or ZERO)
        if not open_only or row.outstanding != 0:
            rows.append(row)
    rows.sort(key=lambda x: (x.employer_id, x.period, x.programme))
    return rows


def penalties_as_of(*, as_of: date | None = None, user=None, employers=None,
                    part_month: str | None = None) -> dict[int, BillPenalty]:
    """Denda per bill as of ``as_of`` (three queries for any number of bills)."""
    return bills_penalties(as_of=as_of or today(), employers=employers, user=user, part_month=part_month)


def credit_by_employer(*, as_of: date | None = None, user=None, employers=None) -> dict[int, Decimal]:
    """Unallocated money per employer as of ``as_of`` (employers with no credit are left out)."""
    as_of = as_of or today()
    payments, allocated = _payment_sums(as_of, user, employers)
    credit = {k: v - allocated.get(k, ZERO) for k, v in payments.items()}
    return {k: v for k, v in credit.items() if v}


def _payment_sums(as_of: date, user, employers) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    payments = _base(Payment, user).filter(status=Payment.Status.POSTED, paid_on__lte=as_of)
    allocations = _base(Allocation, user).filter(_paid_filter(as_of))
    if employers is not None:
        wanted = employer_filter_values(employers)
        payments = payments.filter(employer__in=wanted)
        allocations = allocations.filter(payment__employer__in=wanted)
    paid = {r["employer_id"]: r["total"] for r in
            payments.values("employer_id").annotate(total=Sum("amount")).order_by()}
    used = {r["payment__employer_id"]: r["total"] for r in
            allocations.values("payment__employer_id").annotate(total=Sum("amount")).order_by()}
    return paid, used


def employers_balances(*, as_of: date | None = None, user=None, employers=None,
                       part_month: str | None = None) -> dict[int, EmployerBalance]:
    """:class:`EmployerBalance` per employer as of ``as_of``, for every employer with a bill or a payment
    (and every employer named in ``employers``), in a fixed number of queries."""
    as_of = as_of or today()
    wanted = employer_filter_values(employers) if employers is not None else None
    lines = _base(BillLine, user).filter(bill__period__lte=as_of)
    allocations = _base(Allocation, user).filter(_paid_filter(as_of))
    if wanted is not None:
        lines = lines.filter(bill__employer__in=wanted)
        allocations = allocations.filter(bill__employer__in=wanted)
    billed = {r["bill__employer_id"]: r["total"] for r in
              lines.values("bill__employer_id").annotate(total=Sum("amount")).order_by()}
    paid: dict[tuple[int, str], Decimal] = {
        (r["bill__employer_id"], r["component"]): r["total"]
        for r in allocations.values("bill__employer_id", "component").annotate(total=Sum("amount")).order_by()
    }
    principal_out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in outstanding_lines(as_of=as_of, user=user, employers=employers, open_only=False):
        principal_out[line.employer_id] += line.outstanding
    denda = penalties_by_employer(
        bills_penalties(as_of=as_of, employers=employers, user=user, part_month=part_month).values())
    payments, _used = _payment_sums(as_of, user, employers)
    ids = set(billed) | set(payments) | {k for k, _ in paid}
    if wanted is not None and not isinstance(wanted, QuerySet):
        ids |= set(wanted)
    result = {}
    for employer_id in sorted(ids):
        paid_principal = paid.get((employer_id, Allocation.Component.PRINCIPAL), ZERO)
        paid_penalty = paid.get((employer_id, Allocation.Component.PENALTY), ZERO)
        accrued, penalty_paid = denda.get(employer_id, (ZERO, ZERO))
        paid_total = payments.get(employer_id, ZERO)
        result[employer_id] = EmployerBalance(
            employer_id=employer_id, as_of=as_of, billed=billed.get(employer_id, ZERO),
            paid_principal=paid_principal, paid_penalty=paid_penalty, penalties=accrued,
            outstanding_principal=principal_out.get(employer_id, ZERO),
            outstanding_penalty=accrued - penalty_paid, payments=paid_total,
            credit=paid_total - paid_principal - paid_penalty,
        )
    return result


def employer_balance(employer, as_of: date | None = None, *, user=None,
                     part_month: str | None = None) -> EmployerBalance:
    """One employer's :class:`EmployerBalance`; with ``user``, 404 when the employer is outside their scope."""
    if user is not None:
        employer = scoped_get(Employer, user, pk=getattr(employer, "pk", employer))
    employer_id = getattr(employer, "pk", employer)
    return employers_balances(as_of=as_of, user=user, employers=[employer_id], part_month=part_month)[employer_id]


def payment_list(*, user, employer=None, status: str | None = None) -> QuerySet:
    """Payments ``user`` may see (``None``: all), newest first, with ``allocated`` and ``unallocated``
    (the payment's credit; zero for a reversed payment) annotated in the same query."""
    money = DecimalField(**MONEY)
    allocated = (Allocation.objects.filter(payment=OuterRef("pk"), reversed=False).order_by()
                 .values("payment").annotate(total=Sum("amount")).values("total"))
    qs = _base(Payment, user).select_related("employer")
    if employer is not None:
        qs = qs.filter(employer__in=employer_filter_values(employer))
    if status:
        qs = qs.filter(status=status)
    qs = qs.annotate(allocated=Coalesce(Subquery(allocated, output_field=money), Value(ZERO), output_field=money))
    qs = qs.annotate(unallocated=Case(When(status=Payment.Status.POSTED, then=F("amount") - F("allocated")),
                                      default=Value(ZERO), output_field=money))
    return qs.order_by("-paid_on", "-id")
