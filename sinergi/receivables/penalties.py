"""Denda (late-payment fines) of bills as of a date: the rules applied to the ledger.

What the denda of a bill as of a date ``D`` includes, per programme with a denda (JKK, JKM, JHT, JP):

- **principal paid late**: every principal allocation (of a posted payment, not reversed) whose payment
  date lies after the due date and on or before ``D`` carries ``amount × rate × months of delay between
  the due date and the payment date``. It is fixed when paid: paying the principal does not wipe out the
  denda it had already accrued (otherwise principal-first allocation would make denda uncollectable);
- **principal still outstanding at D**: the programme's billed amount (regular plus adjustment lines,
  worker and employer shares together, since the employer pays both) minus its principal allocations
  dated on or before ``D``, times ``rate × months of delay between the due date and D``.

"Months of delay" follows the rules' part-month rule (``penalties/part_month_rule``; default
``started``: every started month counts whole, one day late is one month; ``part_month="completed"``
counts completed months only). The rate is the one in force for the contribution month
(``penalties/late/<programme>``, including the 0.5 % PP 49/2020 window). Amounts of one programme with the
same number of months are summed first and rounded once (``round_rupiah(base × rate × months)`` with the
rate and months of :func:`sinergi.rules.penalty_compute`), so there is one rupiah rounding per bill ×
programme × months of delay.

Not included: JKP (no employer iuran of its own, so no denda), BPU contributions, the PP 86/2013
administrative fine, denda on denda (no compounding), any cap on the number of months (the rules apply
none), payments that were reversed (as if never paid), allocations dated after ``D`` (that principal is
still outstanding at ``D``) and bills of months that start after ``D``. Denda already paid is reported
apart (``paid``); ``outstanding = accrued − paid`` per programme.

The set-wise form (:func:`bills_penalties`) reads any number of bills in three queries, whatever their
number, then computes in Python; :func:`load_bill_facts` is the loader shared with the allocation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db.models import Q, QuerySet, Sum

from sinergi.clock import today
from sinergi.rules import penalty_compute
from sinergi.rules.money import ZERO, round_rupiah
from sinergi.rules.penalties import PENALTY_PROGRAMMES
from sinergi.rules.periods import Period

# BPU contributions paid by a Pemda (payer "pemda", see sinergi.rentan.payments.services) carry no denda: see
# "Not included" above.
NO_PENALTY_PAYERS = frozenset({"pemda"})


@dataclass
class BillFacts:
    """What the ledger knows about one bill: the billed amount and the allocations, per programme."""

    bill_id: int
    employer_id: int
    period: date
    due: date
    billed: dict[str, Decimal] = field(default_factory=dict)
    # programme -> payment date -> principal allocated (not reversed)
    principal: dict[str, dict[date, Decimal]] = field(default_factory=dict)
    # programme ("" when not recorded per programme) -> denda allocated (not reversed)
    penalty: dict[str, Decimal] = field(default_factory=dict)
    # Programmes billed only to payers without denda (a Pemda's BPU contributions): nothing accrues on them.
    exempt: set[str] = field(default_factory=set)

    def principal_paid(self, programme: str) -> Decimal:
        return sum(self.principal.get(programme, {}).values(), ZERO)

    def principal_outstanding(self, programme: str) -> Decimal:
        return self.billed.get(programme, ZERO) - self.principal_paid(programme)


@dataclass(frozen=True)
class ProgrammePenalty:
    programme: str
    outstanding_principal: Decimal  # principal of the programme still unpaid at ``as_of``
    accrued: Decimal  # denda accrued up to ``as_of`` (on late-paid and on unpaid principal)
    paid: Decimal  # denda allocated to the programme

    @property
    def outstanding(self) -> Decimal:
        return self.accrued - self.paid


@dataclass(frozen=True)
class BillPenalty:
    """The denda of one bill as of a date (see the module docstring for what it includes)."""

    bill_id: int
    employer_id: int
    period: date
    due: date
    as_of: date
    programmes: tuple[ProgrammePenalty, ...]
    unassigned_paid: Decimal = ZERO  # denda allocations recorded without a programme

    @property
    def accrued(self) -> Decimal:
        return sum((p.accrued for p in self.programmes), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((p.paid for p in self.programmes), self.unassigned_paid)

    @property
    def outstanding(self) -> Decimal:
        return self.accrued - self.paid


# --- pure computation ----------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def _terms(programme: str, due: date, paid: date, period: Period, part_month: str | None) -> tuple[Decimal, int]:
    """The rate and the months of delay that ``penalty_compute`` applies to a programme's contribution of
    ``period`` due on ``due`` and paid on ``paid``. They do not depend on the amount, so one call serves
    every amount of every employer with the same dates; the cache makes a batch cheap."""
    result = penalty_compute(programme=programme, amount=ZERO, due=due, paid=paid, period=period,
                             part_month=part_month)
    return result.rate, result.months_late


def penalty_accrued(*, programme: str, period: date | Period, due: date, billed: Decimal,
                    paid_slices: Mapping[date, Decimal] | Iterable[tuple[date, Decimal]], as_of: date,
                    part_month: str | None = None) -> Decimal:
    """Denda accrued up to ``as_of`` on one programme of one bill (see the module docstring).

    ``paid_slices`` maps payment dates to the principal allocated on them; slices dated after ``as_of``
    count as still outstanding at ``as_of``. Each group of amounts with the same months of delay costs
    ``round_rupiah(base × rate × months)`` — the formula of :class:`sinergi.rules.PenaltyResult`, with the
    rate and months from :func:`sinergi.rules.penalty_compute` (a property test holds the two equal).
    """
    programme = programme.upper()
    if programme not in PENALTY_PROGRAMMES or as_of <= due:
        return ZERO
    period = period if isinstance(period, Period) else Period.of(period)
    items = paid_slices.items() if isinstance(paid_slices, Mapping) else paid_slices
    by_months: dict[int, Decimal] = {}
    rate = None
    paid_total = ZERO
    for paid_on, amount in items:
        if paid_on > as_of:
            continue
        paid_total += amount
        if paid_on <= due:
            continue
        rate, months = _terms(programme, due, paid_on, period, part_month)
        by_months[months] = by_months.get(months, ZERO) + amount
    unpaid = billed - paid_total
    if unpaid > 0:
        rate, months = _terms(programme, due, as_of, period, part_month)
        by_months[months] = by_months.get(months, ZERO) + unpaid
    return sum((round_rupiah(base * rate * months) for months, base in by_months.items() if months and base > 0),
               ZERO)


def penalty_of(facts: BillFacts, *, as_of: date, part_month: str | None = None) -> BillPenalty:
    """The denda of one bill's facts as of ``as_of``; the facts should hold allocations up to ``as_of``
    (a later allocation counts as unpaid principal at ``as_of`` but its denda payment would count as paid)."""
    period = Period.of(facts.period)
    rows = []
    for programme in sorted((set(facts.billed) | set(facts.principal) | set(facts.penalty)) - {""}):
        slices = facts.principal.get(programme, {})
        paid_until = sum((a for d, a in slices.items() if d <= as_of), ZERO)
        accrued = ZERO if programme in facts.exempt else penalty_accrued(
            programme=programme, period=period, due=facts.due, billed=facts.billed.get(programme, ZERO),
            paid_slices=slices, as_of=as_of, part_month=part_month)
        rows.append(ProgrammePenalty(programme=programme,
                                     outstanding_principal=facts.billed.get(programme, ZERO) - paid_until,
                                     accrued=accrued, paid=facts.penalty.get(programme, ZERO)))
    return BillPenalty(bill_id=facts.bill_id, employer_id=facts.employer_id, period=facts.period, due=facts.due,
                       as_of=as_of, programmes=tuple(rows), unassigned_paid=facts.penalty.get("", ZERO))


# --- loading from the ledger ---------------------------------------------------------------------------

def load_bill_facts(bills: QuerySet, *, paid_until: date | None = None) -> dict[int, BillFacts]:
    """Facts of every bill in ``bills`` in three queries: the bills, their lines summed per programme,
    their allocations summed per programme, component and payment date.

    Only allocations of posted payments that are not reversed count; with ``paid_until`` only those of
    payments dated on or before it. The result is ordered by employer, period and bill id.
    """
    from sinergi.receivables.models import Allocation, BillLine, Payment

    facts: dict[int, BillFacts] = {}
    for bill_id, employer_id, period, due in bills.order_by("employer_id", "period", "id").values_list(
            "id", "employer_id", "period", "due_date"):
        facts[bill_id] = BillFacts(bill_id=bill_id, employer_id=employer_id, period=period, due=due)
    if not facts:
        return facts
    bill_ids = bills.values("id")
    lines = (BillLine.objects.filter(bill__in=bill_ids).values("bill_id", "programme", "payer")
             .annotate(total=Sum("amount")).order_by())
    taxed: set[tuple[int, str]] = set()
    for row in lines:
        fact = facts[row["bill_id"]]
        fact.billed[row["programme"]] = fact.billed.get(row["programme"], ZERO) + (row["total"] or ZERO)
        if row["payer"] in NO_PENALTY_PAYERS:
            fact.exempt.add(row["programme"])
        else:
            taxed.add((row["bill_id"], row["programme"]))
    for bill_id, programme in taxed:
        facts[bill_id].exempt.discard(programme)
    allocated = Q(reversed=False, payment__status=Payment.Status.POSTED)
    if paid_until is not None:
        allocated &= Q(payment__paid_on__lte=paid_until)
    allocations = (Allocation.objects.filter(allocated, bill__in=bill_ids)
                   .values("bill_id", "component", "programme", "payment__paid_on")
                   .annotate(total=Sum("amount")).order_by())
    for row in allocations:
        fact = facts[row["bill_id"]]
        if row["component"] == Allocation.Component.PRINCIPAL:
            slices = fact.principal.setdefault(row["programme"], {})
            slices[row["payment__paid_on"]] = slices.get(row["payment__paid_on"], ZERO) + row["total"]
        else:
            fact.penalty[row["programme"]] = fact.penalty.get(row["programme"], ZERO) + row["total"]
    return facts


def _bills_queryset(*, as_of: date, bills=None, employers=None, user=None) -> QuerySet:
    from sinergi.orgs.scoping import scoped
    from sinergi.receivables.models import Bill

    qs = scoped(Bill, user) if user is not None else Bill.objects.all()
    qs = qs.filter(period__lte=as_of)
    if bills is not None:
        qs = qs.filter(pk__in=bills.values("pk") if isinstance(bills, QuerySet) else
                       [getattr(b, "pk", b) for b in bills])
    if employers is not None:
        qs = qs.filter(employer__in=employer_filter_values(employers))
    return qs


def employer_filter_values(employers):
    """An Employer, a queryset of them, or an iterable of employers or ids → something ``__in`` accepts."""
    if isinstance(employers, QuerySet):
        return employers.values("pk")
    if hasattr(employers, "pk"):
        return [employers.pk]
    return [getattr(e, "pk", e) for e in employers]


def bills_penalties(*, as_of: date | None = None, bills=None, employers=None, user=None,
                    part_month: str | None = None) -> dict[int, BillPenalty]:
    """Denda per bill as of ``as_of`` (default today, WIB) for a set of bills (a queryset or ids), the bills
    of some employers, or every bill ``user`` may see — in three queries however many bills.

    Bills of months starting after ``as_of`` are left out; with ``user`` only the bills in their scope.
    """
    as_of = as_of or today()
    qs = _bills_queryset(as_of=as_of, bills=bills, employers=employers, user=user)
    facts = load_bill_facts(qs, paid_until=as_of)
    return {bill_id: penalty_of(fact, as_of=as_of, part_month=part_month) for bill_id, fact in facts.items()}


def bill_penalty(*, bill, as_of: date | None = None, part_month: str | None = None, user=None) -> BillPenalty:
    """The denda of one bill as of ``as_of`` (zero for a bill whose month starts after ``as_of``)."""
    as_of = as_of or today()
    if user is not None:
        from sinergi.orgs.scoping import scoped_get
        from sinergi.receivables.models import Bill

        scoped_get(Bill, user, pk=bill.pk)  # 404 outside the user's scope
    found = bills_penalties(as_of=as_of, bills=[bill.pk], user=user, part_month=part_month)
    if bill.pk in found:
        return found[bill.pk]
    return BillPenalty(bill_id=bill.pk, employer_id=bill.employer_id, period=bill.period, due=bill.due_date,
                       as_of=as_of, programmes=())


def penalties_by_employer(penalties: Iterable[BillPenalty]) -> dict[int, tuple[Decimal, Decimal]]:
    """(accrued, paid) per employer from per-bill denda."""
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for p in penalties:
        sums[p.employer_id][0] += p.accrued
        sums[p.employer_id][1] += p.paid
    return {k: (v[0], v[1]) for k, v in sums.items()}
