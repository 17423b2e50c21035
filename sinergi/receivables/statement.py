"""The employer statement (rekening koran iuran): what an employer was billed, paid and charged in denda
between two dates, entry by entry, with a running balance.

The balance of the statement is the ledger's net position (docs/receivables.md, "Balances"):

    balance as of D = outstanding principal + outstanding denda − credit
                    = billed + denda accrued − payments          (all as of D)

so a positive balance is what the employer still owes and a negative one is money paid in excess
(kelebihan bayar). The statement is built so that its closing balance is, by construction and by test,
``ledger.employer_balance(employer, date_to)`` in that form:

- **opening balance**: the ledger's position as of the day before ``date_from``;
- **bills** of the contribution months starting within the period, dated on the first day of their month
  (the day the ledger starts counting them): one entry for the regular lines, one "Koreksi" entry per
  billing run that added adjustment lines (an adjustment counts for its month, whenever it was made, as
  in the ledger — so a correction of a month before ``date_from`` is inside the opening balance);
- **payments** dated within the period, with their allocations (to which month, principal per programme
  or denda) shown beside them: allocations move money between the employer's debts and do not change the
  balance. A reversed payment appears with its reversal on the same date, the two cancelling out: the
  ledger treats a reversed payment as never made, on every date;
- **denda**: per contribution month, the denda accrued in the period — accrued as of ``date_to`` minus
  accrued as of the day before ``date_from`` (``penalties.bills_penalties``) — dated ``date_to``.

Not included: the PP 86/2013 administrative fine (not in the ledger), anything about workers (no NIK,
no names). Reading a statement writes no audit event: it changes nothing.

The number of queries does not depend on the number of bills or payments (about thirty in all).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.clock import today
from sinergi.formatting import format_date, format_number, format_period
from sinergi.orgs.scoping import scoped, scoped_get
from sinergi.receivables.ledger import EmployerBalance, employer_balance
from sinergi.receivables.models import Allocation, BillLine, Payment
from sinergi.receivables.payments import ALLOCATION_ORDER
from sinergi.receivables.penalties import bills_penalties
from sinergi.registry.models import Employer
from sinergi.rules.money import ZERO


class EntryKind:
    BILL = "bill"
    ADJUSTMENT = "adjustment"
    PAYMENT = "payment"
    REVERSAL = "reversal"
    PENALTY = "penalty"


# Within one day: what was billed, then what was paid (and undone), then the denda of the period.
_KIND_ORDER = {EntryKind.BILL: 0, EntryKind.ADJUSTMENT: 1, EntryKind.PAYMENT: 2, EntryKind.REVERSAL: 3,
               EntryKind.PENALTY: 4}
_PROGRAMME_ORDER = {p: i for i, p in enumerate(ALLOCATION_ORDER)}


def kind_labels() -> dict[str, str]:
    return {EntryKind.BILL: _("Iuran"), EntryKind.ADJUSTMENT: _("Koreksi"), EntryKind.PAYMENT: _("Pembayaran"),
            EntryKind.REVERSAL: _("Pembatalan"), EntryKind.PENALTY: _("Denda")}


class StatementError(ValueError):
    pass


@dataclass(frozen=True)
class StatementAllocation:
    """A part of a payment applied to one month: principal of one programme, or denda."""

    period: dt.date
    component: str  # Allocation.Component
    programme: str
    amount: Decimal
    reversed: bool = False


@dataclass(frozen=True)
class StatementEntry:
    """One line of the statement. ``debit`` raises the balance (a bill, a correction, denda, the reversal of
    a payment), ``credit`` lowers it (a payment); ``balance`` is the running balance after the entry."""

    kind: str
    on: dt.date
    description: str
    period: dt.date | None = None
    due_date: dt.date | None = None
    reference: str = ""
    note: str = ""
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    balance: Decimal = ZERO
    programmes: tuple[tuple[str, Decimal], ...] = ()  # bills, corrections and denda: the amount per programme
    allocations: tuple[StatementAllocation, ...] = ()  # payments only
    unallocated: Decimal = ZERO  # a posted payment's part not allocated as of date_to (its credit)
    reversed: bool = False  # a payment that was reversed, and its reversal

    @property
    def label(self) -> str:
        return kind_labels()[self.kind]

    def allocations_by_period(self) -> list[dict]:
        """The allocations grouped per month: principal per programme, then denda (for display)."""
        months: dict[dt.date, dict] = {}
        for a in self.allocations:
            row = months.setdefault(a.period, {"period": a.period, "principal": ZERO, "penalty": ZERO,
                                               "programmes": [], "reversed": a.reversed})
            if a.component == Allocation.Component.PRINCIPAL:
                row["principal"] += a.amount
                row["programmes"].append((a.programme, a.amount))
            else:
                row["penalty"] += a.amount
        return [months[k] for k in sorted(months)]


@dataclass(frozen=True)
class StatementTotals:
    billed: Decimal = ZERO
    adjustments: Decimal = ZERO
    penalties: Decimal = ZERO
    payments: Decimal = ZERO
    reversals: Decimal = ZERO

    @property
    def debit(self) -> Decimal:
        return self.billed + self.adjustments + self.penalties + self.reversals

    @property
    def credit(self) -> Decimal:
        return self.payments


@dataclass(frozen=True)
class Statement:
    """An employer's statement between ``date_from`` and ``date_to`` (both included)."""

    employer: Employer
    date_from: dt.date
    date_to: dt.date
    opening_position: EmployerBalance  # the ledger as of the day before date_from
    closing_position: EmployerBalance  # the ledger as of date_to
    entries: tuple[StatementEntry, ...] = ()
    generated_on: dt.date = field(default_factory=today)

    @property
    def opening(self) -> Decimal:
        return net_balance(self.opening_position)

    @property
    def opening_date(self) -> dt.date:
        return self.opening_position.as_of

    @property
    def closing(self) -> Decimal:
        """The running balance after the last entry (the opening balance when there is none)."""
        return self.entries[-1].balance if self.entries else self.opening

    @property
    def reconciles(self) -> bool:
        """True when the running balance ends where the ledger stands on ``date_to`` (always, by design)."""
        return self.closing == net_balance(self.closing_position)

    @property
    def overpaid(self) -> bool:
        return self.closing < 0

    @property
    def totals(self) -> StatementTotals:
        sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for e in self.entries:
            sums[e.kind] += e.debit + e.credit
        return StatementTotals(billed=sums[EntryKind.BILL], adjustments=sums[EntryKind.ADJUSTMENT],
                               penalties=sums[EntryKind.PENALTY], payments=sums[EntryKind.PAYMENT],
                               reversals=sums[EntryKind.REVERSAL])


def net_balance(position: EmployerBalance) -> Decimal:
    """Outstanding principal and denda less the credit: negative when the employer paid in excess."""
    return position.outstanding - position.credit


def _local_date(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _period_label(period: dt.date) -> str:
    return format_period(period.year, period.month)


def _programmes(amounts: dict[str, Decimal]) -> tuple[tuple[str, Decimal], ...]:
    return tuple(sorted(amounts.items(), key=lambda kv: _PROGRAMME_ORDER.get(kv[0], len(_PROGRAMME_ORDER))))


def _bill_entries(*, user, employer: Employer, date_from: dt.date, date_to: dt.date) -> list[StatementEntry]:
    """Bills of the months starting within the period: regular lines per bill, adjustments per run (one query)."""
    rows = (scoped(BillLine, user)
            .filter(bill__employer=employer, bill__period__gte=date_from, bill__period__lte=date_to)
            .values("bill_id", "bill__period", "bill__due_date", "kind", "run_id", "programme")
            .annotate(total=Sum("amount"), made=Min("run__started_at")).order_by())
    regular: dict[int, dict] = {}
    adjustments: dict[tuple[int, int], dict] = {}
    for r in rows:
        if r["kind"] == BillLine.Kind.ADJUSTMENT:
            group = adjustments.setdefault((r["bill_id"], r["run_id"]), {"row": r, "programmes": defaultdict(Decimal)})
        else:
            group = regular.setdefault(r["bill_id"], {"row": r, "programmes": defaultdict(Decimal)})
        group["programmes"][r["programme"]] += r["total"] or ZERO
    entries = []
    for group in regular.values():
        r = group["row"]
        entries.append(StatementEntry(
            kind=EntryKind.BILL, on=r["bill__period"], period=r["bill__period"], due_date=r["bill__due_date"],
            description=_("Iuran %(period)s") % {"period": _period_label(r["bill__period"])},
            debit=sum(group["programmes"].values(), ZERO), programmes=_programmes(group["programmes"]),
        ))
    for group in sorted(adjustments.values(), key=lambda g: (g["row"]["made"] is None, g["row"]["made"])):
        r = group["row"]
        made = _local_date(r["made"])
        entries.append(StatementEntry(
            kind=EntryKind.ADJUSTMENT, on=r["bill__period"], period=r["bill__period"], due_date=r["bill__due_date"],
            description=_("Koreksi iuran %(period)s") % {"period": _period_label(r["bill__period"])},
            note=_("dari proses penagihan %(date)s") % {"date": format_date(made)} if made else "",
            debit=sum(group["programmes"].values(), ZERO), programmes=_programmes(group["programmes"]),
        ))
    return entries


def _payment_entries(*, user, employer: Employer, date_from: dt.date, date_to: dt.date) -> list[StatementEntry]:
    """Payments dated within the period with their allocations; a reversed one with its reversal (two
    queries)."""
    payments = list(scoped(Payment, user).filter(employer=employer, paid_on__gte=date_from, paid_on__lte=date_to)
                    .order_by("paid_on", "id"))
    allocations: dict[int, list[StatementAllocation]] = defaultdict(list)
    # As in the ledger: an allocation to a month starting after date_to does not exist yet on date_to.
    rows = (scoped(Allocation, user)
            .filter(payment__employer=employer, payment__paid_on__gte=date_from, payment__paid_on__lte=date_to,
                    bill__period__lte=date_to)
            .values("payment_id", "bill__period", "component", "programme", "reversed")
            .annotate(total=Sum("amount")).order_by())
    for r in rows:
        allocations[r["payment_id"]].append(StatementAllocation(
            period=r["bill__period"], component=r["component"], programme=r["programme"], amount=r["total"],
            reversed=r["reversed"]))
    entries = []
    for p in payments:
        parts = sorted(allocations.get(p.pk, ()), key=lambda a: (
            a.period, a.component != Allocation.Component.PRINCIPAL,
            _PROGRAMME_ORDER.get(a.programme, len(_PROGRAMME_ORDER)), a.programme))
        is_reversed = p.status == Payment.Status.REVERSED
        used = sum((a.amount for a in parts if not a.reversed), ZERO)
        entries.append(StatementEntry(
            kind=EntryKind.PAYMENT, on=p.paid_on, reference=p.reference, credit=p.amount,
            description=_("Pembayaran %(reference)s") % {"reference": p.reference},
            note=p.get_channel_display(), allocations=tuple(parts), reversed=is_reversed,
            unallocated=ZERO if is_reversed else p.amount - used,
        ))
        if is_reversed:
            entries.append(StatementEntry(
                kind=EntryKind.REVERSAL, on=p.paid_on, reference=p.reference, debit=p.amount, reversed=True,
                description=_("Pembatalan pembayaran %(reference)s") % {"reference": p.reference},
                note=p.reversal_reason,
            ))
    return entries


def _penalty_entries(*, user, employer: Employer, before: dt.date, date_to: dt.date) -> list[StatementEntry]:
    """Per contribution month, the denda accrued between ``before`` (excluded) and ``date_to`` (six queries)."""
    at_end = bills_penalties(as_of=date_to, employers=[employer.pk], user=user)
    at_start = bills_penalties(as_of=before, employers=[employer.pk], user=user)
    entries = []
    for bill_id, end in sorted(at_end.items(), key=lambda kv: (kv[1].period, kv[0])):
        start = at_start.get(bill_id)
        earlier = {p.programme: p.accrued for p in start.programmes} if start else {}
        amounts = {p.programme: p.accrued - earlier.get(p.programme, ZERO) for p in end.programmes}
        amounts = {k: v for k, v in amounts.items() if v}
        amount = end.accrued - (start.accrued if start else ZERO)
        if not amount and not amounts:
            continue
        note = ""
        if start and start.accrued:
            note = _("seluruhnya %(total)s, %(before)s di antaranya sudah masuk saldo awal") % {
                "total": format_number(end.accrued), "before": format_number(start.accrued)}
        entries.append(StatementEntry(
            kind=EntryKind.PENALTY, on=date_to, period=end.period, due_date=end.due, debit=amount,
            description=_("Denda iuran %(period)s") % {"period": _period_label(end.period)},
            note=note, programmes=_programmes(amounts),
        ))
    return entries


def _with_running_balance(entries: list[StatementEntry], opening: Decimal) -> tuple[StatementEntry, ...]:
    # A stable sort: entries of the same day, kind and month keep the order they were built in.
    entries.sort(key=lambda e: (e.on, _KIND_ORDER[e.kind], e.period or dt.date.min))
    result, balance = [], opening
    for e in entries:
        balance += e.debit - e.credit
        result.append(replace(e, balance=balance))
    return tuple(result)


def statement_build(*, user, employer_pk: int, date_from: dt.date, date_to: dt.date) -> Statement:
    """The statement of one employer the user may see (404 otherwise) from ``date_from`` to ``date_to``.

    Amounts are whole rupiah as in the ledger: principal of regular and adjustment lines (employer and
    worker shares), denda of JKK, JKM, JHT and JP by the rules, payments in full. The closing balance equals
    the ledger's outstanding principal + outstanding denda − credit as of ``date_to``.
    """
    if date_from > date_to:
        raise StatementError(_("Tanggal awal harus sebelum atau sama dengan tanggal akhir."))
    employer = scoped_get(Employer.objects.select_related("branch__parent", "region"), user, pk=employer_pk)
    before = date_from - dt.timedelta(days=1)
    opening_position = employer_balance(employer, before, user=user)
    closing_position = employer_balance(employer, date_to, user=user)
    entries = [
        *_bill_entries(user=user, employer=employer, date_from=date_from, date_to=date_to),
        *_payment_entries(user=user, employer=employer, date_from=date_from, date_to=date_to),
        *_penalty_entries(user=user, employer=employer, before=before, date_to=date_to),
    ]
    return Statement(employer=employer, date_from=date_from, date_to=date_to, opening_position=opening_position,
                     closing_position=closing_position,
                     entries=_with_running_balance(entries, net_balance(opening_position)))
