"""Recoveries of SKK cases: what the prosecutors' work brought back, read from the receivables ledger.

The rule (an assumption of Sinergi, not law; see docs/enforcement.md, "SKK dan Kejaksaan"):

    realised(SKK) = min(amount, legacy_realised + ledger payments in the SKK's window)

- **Ledger payments**: payments of the SKK's employer that are posted and not reversed (a reversed payment
  counts nowhere), whole amounts, whatever bills the allocation applied them to — the employer paying at
  all is what the summons and the agreement achieve, and the prosecutors cannot see allocations.
- **The window** starts on the SKK date (inclusive: a payment on the day the SKK is signed counts; a payment
  before it does not) and ends
  - before the date of the employer's next SKK, if there is one (that payment belongs to the newer SKK;
    two SKKs of one employer on one day: the later id takes over on that day), and
  - on ``settled_on`` (inclusive) once the SKK is closed with a date: a case that ended collects no more.
- **Legacy SKKs** (loaded from a register): the register's realised amount is what the office recorded up
  to the import, from the same payments the ledger may hold, so adding both would count them twice. The
  ledger therefore counts only payments dated *after* the day of the import (``LEGACY_LEDGER_AFTER_IMPORT``;
  set it to False if a register's figures are known to come from outside the ledger).
- **Capped** at the SKK amount (principal + denda handed over): an employer that pays more is paying its
  current contributions, not the SKK.

Not included: PUPN recoveries (another channel), administrative fines, payments of other employers of
the same owner.

:func:`with_realised` annotates any queryset of SKKs with ``realised`` in the same query (correlated
subqueries), so a list or the monev report reads realised amounts of many SKKs in one query;
:func:`skk_realised` returns them as a dict. :func:`instalments_status` applies the realised amount to a
commitment's instalments in sequence order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    DateField,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncDate

from sinergi.clock import today
from sinergi.enforcement.models import Instalment, Skk
from sinergi.receivables.models import Payment
from sinergi.registry.models import MONEY
from sinergi.rules.money import ZERO

# Not law: how a legacy register's realised amount combines with the ledger (see the module docstring).
LEGACY_LEDGER_AFTER_IMPORT = True

_FAR_PAST = dt.date(1900, 1, 1)
_FAR_FUTURE = dt.date(9999, 12, 31)


def with_realised(skk_qs: QuerySet) -> QuerySet:
    """``skk_qs`` annotated with ``realised`` (Decimal, whole rupiah) by the rule of the module docstring.
    One query, whatever the number of SKKs. Aggregate it under another name
    (``aggregate(total=Sum("realised"))``): an aggregate named ``realised`` would replace the annotation."""
    money = DecimalField(**MONEY)
    later = Skk.objects.filter(employer=OuterRef("employer")).filter(
        Q(dated__gt=OuterRef("dated")) | Q(dated=OuterRef("dated"), pk__gt=OuterRef("pk"))
    ).order_by("dated", "pk").values("dated")[:1]
    qs = skk_qs.annotate(
        _window_until=Coalesce(Subquery(later, output_field=DateField()), Value(_FAR_FUTURE),
                               output_field=DateField()),
        _window_last=Coalesce(F("settled_on"), Value(_FAR_FUTURE), output_field=DateField()),
        _window_after=Case(When(legacy=True, then=TruncDate("created_at")), default=Value(_FAR_PAST),
                           output_field=DateField())
        if LEGACY_LEDGER_AFTER_IMPORT else Value(_FAR_PAST, output_field=DateField()),
    )
    paid = (Payment.objects.filter(
        employer=OuterRef("employer"), status=Payment.Status.POSTED, paid_on__gte=OuterRef("dated"),
        paid_on__lt=OuterRef("_window_until"), paid_on__lte=OuterRef("_window_last"),
        paid_on__gt=OuterRef("_window_after"),
    ).order_by().values("employer").annotate(total=Sum("amount")).values("total"))
    ledger = Coalesce(Subquery(paid, output_field=money), Value(ZERO), output_field=money)
    return qs.annotate(realised=Least(F("legacy_realised") + ledger, F("amount"), output_field=money))


def skk_realised(skk_qs: QuerySet) -> dict[int, Decimal]:
    """SKK id → realised amount (see the module docstring), in one query."""
    return {pk: Decimal(value or 0) for pk, value in with_realised(skk_qs).order_by().values_list("pk", "realised")}


@dataclass(frozen=True)
class InstalmentState:
    """One instalment of a commitment with what has been paid of it and its state on a day."""

    sequence: int
    due_on: dt.date
    amount: Decimal
    paid: Decimal
    state: str  # "paid", "due" (not yet due or due today, not fully paid), "late" (past due, not fully paid)

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _

        return {"paid": _("Lunas"), "due": _("Belum jatuh tempo"), "late": _("Terlambat")}[self.state]


def instalments_apply(instalments, realised: Decimal, *, on: dt.date | None = None) -> list[InstalmentState]:
    """Apply ``realised`` to ``instalments`` in sequence order: each takes what it can, the first not fully
    covered is partly paid, the rest nothing. Past its due date (``due_on < on``) an instalment that is not
    fully paid is late."""
    on = on or today()
    left = realised
    states = []
    for item in sorted(instalments, key=lambda i: i.sequence):
        paid = min(item.amount, max(left, ZERO))
        left -= paid
        state = "paid" if paid >= item.amount else ("late" if item.due_on < on else "due")
        states.append(InstalmentState(item.sequence, item.due_on, item.amount, paid, state))
    return states


def instalments_status(skk: Skk, *, on: dt.date | None = None) -> list[InstalmentState]:
    """The instalment plan of one SKK with what is paid, due and late (two queries)."""
    realised = skk_realised(Skk.objects.filter(pk=skk.pk)).get(skk.pk, ZERO)
    return instalments_apply(list(skk.instalments.all()), realised, on=on)


def skks_with_late_instalments(skk_qs: QuerySet, *, on: dt.date | None = None) -> set[int]:
    """Ids of the SKKs of ``skk_qs`` under a commitment with at least one late instalment (two queries)."""
    on = on or today()
    candidates = skk_qs.filter(status=Skk.Status.COMMITMENT, instalments__due_on__lt=on).distinct()
    plans: dict[int, list[Instalment]] = defaultdict(list)
    for item in Instalment.objects.filter(skk__in=candidates.values("pk")).order_by("skk", "sequence"):
        plans[item.skk_id].append(item)
    if not plans:
        return set()
    realised = skk_realised(Skk.objects.filter(pk__in=list(plans)))
    return {pk for pk, items in plans.items()
            if any(s.state == "late" for s in instalments_apply(items, realised.get(pk, ZERO), on=on))}
