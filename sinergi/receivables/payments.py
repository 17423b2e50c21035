"""Payments: recording, allocation to bills, reversal, and the bank-file import.

Each service is one transaction that writes its audit event. ``actor`` is the user acting (``None`` for
the system: a job or the CLI without a user); a user needs the capability ``receivables.payments`` and
may only touch employers in their scope.

Allocation policy (docs/receivables.md)
---------------------------------------

1. **Money in the order it arrived.** A payment is applied after the employer's credit from earlier
   payments (unallocated remainders, by payment date then id). Every allocation takes effect on the
   date of the payment whose money it uses.
2. **Oldest outstanding month first**: bills in order of contribution month, whatever month a payment
   code names.
3. **Within a month, principal first**, programme by programme in :data:`ALLOCATION_ORDER` — JKK, JKM,
   JHT, JP, JKP: the risk covers first (work accident and death, whose protection is what arrears
   endanger), then the savings programmes with the dearer denda first (JHT 2 %/month before JP 0.5 %),
   which keeps the employer's accruing denda lowest; JKP has no employer iuran and comes last if billed.
4. **Then that month's denda**, as of the payment date (see :mod:`sinergi.receivables.penalties`), one
   allocation per programme; a payment that cannot cover it all is shared in proportion to each
   programme's denda with :func:`sinergi.rules.split_amount` (the largest share takes the rounding
   remainder).
5. **Whatever remains is the employer's credit** (an overpayment), applied by the next allocation — of a
   later payment, or of the same payment once new bills exist.

The employer's row is locked for the whole allocation (``select_for_update``), so two allocations that
touch the same employer's bills run one after the other and never both apply the same outstanding
amount; the payment row is locked too, and a payment that is reversed or already fully allocated is
refused (:class:`PaymentError`). On SQLite the IMMEDIATE transactions give the same serialisation.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record, snapshot
from sinergi.clock import today
from sinergi.orgs.scoping import scoped, user_can
from sinergi.receivables.models import Allocation, Bill, Payment
from sinergi.receivables.penalties import BillFacts, load_bill_facts, penalty_of
from sinergi.receivables.summaries import summaries_refresh
from sinergi.registry.models import Employer
from sinergi.rules.money import ZERO, split_amount
from sinergi.rules.periods import Period

ALLOCATION_ORDER = ("JKK", "JKM", "JHT", "JP", "JKP")
CAPABILITY = "receivables.payments"
CHUNK = 1000  # employers per query in set-wise work (keeps IN lists within SQLite's parameter limit)


class PaymentError(ValidationError):
    """A payment operation that the ledger refuses (reversed, already allocated, conflicting reference)."""


# --- helpers -------------------------------------------------------------------------------------------

def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_actor(actor, employer_ids: Iterable[int]) -> None:
    """A user needs the capability and every employer in scope; the system (None) may do anything."""
    user = _user(actor)
    if user is None:
        return
    if not user_can(user, CAPABILITY):
        raise PermissionDenied(_("Anda tidak berwenang mengelola pembayaran."))
    ids = sorted(set(employer_ids))
    visible = 0
    for start in range(0, len(ids), CHUNK):
        visible += scoped(Employer, user).filter(pk__in=ids[start:start + CHUNK]).count()
    if visible != len(ids):
        raise PermissionDenied(_("Pemberi kerja di luar wilayah kerja Anda."))


def money_parse(value) -> Decimal:
    """A payment amount as whole rupiah: Decimal, int or a plain numeric string; > 0; no floats."""
    if isinstance(value, float):
        raise TypeError("money must be Decimal, not float")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("Jumlah bukan angka yang valid: %(value)s") % {"value": value}) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValidationError(_("Jumlah harus rupiah bulat (tanpa sen): %(value)s") % {"value": value})
    if amount <= 0:
        raise ValidationError(_("Jumlah harus lebih dari nol."))
    return amount.quantize(Decimal(1))


def payment_code_for(*, npp: str, period: Period | str) -> str:
    """Sinergi's payment code: the NPP (8 digits) and the contribution month as YYMM — 12 digits, the
    length of the "kode penetapan iuran" seen on BPJS TK documents (its real structure is not public)."""
    period = Period.parse(period)
    return f"{npp}{period.year % 100:02d}{period.month:02d}"


def payment_code_parse(code: str) -> tuple[str, Period] | None:
    """(NPP, month) of a payment code, or None when it is not one."""
    code = (code or "").strip()
    if len(code) != 12 or not code.isdigit():
        return None
    month = int(code[10:12])
    if not 1 <= month <= 12:
        return None
    return code[:8], Period(2000 + int(code[8:10]), month)


# --- recording -----------------------------------------------------------------------------------------

def _same_payment(existing: Payment, *, employer_id: int, amount: Decimal, paid_on: date) -> Payment:
    if (existing.employer_id, existing.amount, existing.paid_on) != (employer_id, amount, paid_on):
        # The other payment may be another branch's: name neither its amount nor its date.
        raise PaymentError(_("Referensi %(ref)s sudah dipakai untuk pembayaran lain.") % {"ref": existing.reference})
    return existing


def payment_record(*, employer, amount, paid_on: date, reference: str, channel: str, actor,
                   payment_code: str = "") -> Payment:
    """Record a payment; idempotent on (channel, reference).

    The same bank reference again returns the existing payment, never a second one; the same reference
    with another employer, amount or date is refused (:class:`PaymentError`), since one bank reference is
    one transfer. The payment is not allocated here: call :func:`payment_allocate`.
    """
    amount = money_parse(amount)
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(_("Referensi pembayaran wajib diisi."))
    if paid_on > today():
        raise ValidationError(_("Tanggal bayar tidak boleh di masa depan."))
    _check_actor(actor, [employer.pk])
    existing = Payment.objects.filter(channel=channel, reference=reference).first()
    if existing is not None:
        return _same_payment(existing, employer_id=employer.pk, amount=amount, paid_on=paid_on)
    payment = Payment(employer=employer, amount=amount, paid_on=paid_on, channel=channel, reference=reference,
                      payment_code=(payment_code or "").strip(), created_by=_user(actor))
    payment.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            payment.save()
            audit_record(actor=actor, action="receivables.payment_record", obj=payment, after=snapshot(payment))
    except IntegrityError:
        # Lost a race against the same reference recorded at the same moment: that one is the payment.
        existing = Payment.objects.get(channel=channel, reference=reference)
        return _same_payment(existing, employer_id=employer.pk, amount=amount, paid_on=paid_on)
    return payment


# --- allocation: the plan (pure) -----------------------------------------------------------------------

@dataclass
class Source:
    """Money available to allocate: what remains of one payment."""

    payment_id: int
    paid_on: date
    remaining: Decimal


@dataclass(frozen=True)
class PlannedAllocation:
    payment_id: int
    bill_id: int
    component: str
    programme: str
    amount: Decimal


def _programmes(fact: BillFacts) -> list[str]:
    known = [p for p in ALLOCATION_ORDER if p in fact.billed]
    return known + sorted(set(fact.billed) - set(known))


def _share_penalty(total: Decimal, owed: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """Share ``total`` (≤ the sum owed) between programmes in proportion to what each is owed."""
    if total >= sum((w for _, w in owed), ZERO):
        return owed
    ordered = sorted(owed, key=lambda x: x[1])  # the largest share last: it takes the rounding remainder
    parts = split_amount(total, [w for _, w in ordered])
    if all(0 <= part <= w for part, (_, w) in zip(parts, ordered, strict=True)):
        return [(p, part) for part, (p, _) in zip(parts, ordered, strict=True)]
    # A rupiah or two of rounding on a tiny amount can overshoot a small share: fill in order instead.
    shares, left = [], total
    for programme, w in owed:
        take = min(w, left)
        shares.append((programme, take))
        left -= take
    return shares


def allocation_plan(*, facts: list[BillFacts], sources: list[Source],
                    part_month: str | None = None) -> list[PlannedAllocation]:
    """Apply ``sources`` (in order) to ``facts`` (one employer's bills, oldest month first) by the policy of
    this module. Updates the facts and the sources' ``remaining`` in place; returns the allocations."""
    plan: list[PlannedAllocation] = []
    # A bill left behind with money to spare is paid up, principal and denda, as of that source's date; if
    # none of its principal was paid later than that, its denda cannot grow, so later sources skip it.
    settled: set[int] = set()
    for src in sources:
        for fact in facts:
            if src.remaining <= 0:
                break
            if fact.bill_id in settled:
                continue
            for programme in _programmes(fact):
                owed = fact.principal_outstanding(programme)
                if owed <= 0:
                    continue
                take = min(owed, src.remaining)
                plan.append(PlannedAllocation(src.payment_id, fact.bill_id, Allocation.Component.PRINCIPAL,
                                              programme, take))
                slices = fact.principal.setdefault(programme, {})
                slices[src.paid_on] = slices.get(src.paid_on, ZERO) + take
                src.remaining -= take
                if src.remaining <= 0:
                    break
            if src.remaining <= 0:
                break
            if src.paid_on > fact.due:  # no denda can be owed as of a date on or before the due date
                denda = penalty_of(fact, as_of=src.paid_on, part_month=part_month)
                owed_by = [(p.programme, p.outstanding) for p in denda.programmes if p.outstanding > 0]
                owed_total = min(sum((w for _, w in owed_by), ZERO), denda.outstanding)
                if owed_total > 0:
                    for programme, take in _share_penalty(min(owed_total, src.remaining), owed_by):
                        if take > 0:
                            plan.append(PlannedAllocation(src.payment_id, fact.bill_id,
                                                          Allocation.Component.PENALTY, programme, take))
                            fact.penalty[programme] = fact.penalty.get(programme, ZERO) + take
                            src.remaining -= take
            if src.remaining > 0 and all(d <= src.paid_on for sl in fact.principal.values() for d in sl):
                settled.add(fact.bill_id)
    return plan


# --- allocation: loading, locking, writing -------------------------------------------------------------

def _lock_employers(employer_ids: list[int]) -> None:
    # Ascending id order in every path (allocation, batch, reversal), so lockers never wait in a cycle.
    for start in range(0, len(employer_ids), CHUNK):
        list(Employer.objects.select_for_update().filter(pk__in=employer_ids[start:start + CHUNK])
             .order_by("pk").values_list("pk", flat=True))


def _allocated_sum(payment_id: int) -> Decimal:
    used = Allocation.objects.filter(payment_id=payment_id, reversed=False).aggregate(t=Sum("amount"))["t"]
    return used or ZERO


def _plan_for_employers(employer_ids: list[int], *, limits: dict[int, tuple[date, int]], as_of: date | None,
                        part_month: str | None) -> tuple[list[PlannedAllocation], dict[int, Source]]:
    """Allocate, for each employer, its sources up to ``limits[employer]`` (payment date, id) to its bills."""
    bills = Bill.objects.filter(employer_id__in=employer_ids)
    if as_of is not None:
        bills = bills.filter(period__lte=as_of)
    by_employer: dict[int, list[BillFacts]] = defaultdict(list)
    for fact in load_bill_facts(bills).values():
        by_employer[fact.employer_id].append(fact)
    sources: dict[int, list[Source]] = defaultdict(list)
    payments = (Payment.objects.filter(employer_id__in=employer_ids, status=Payment.Status.POSTED)
                .annotate(used=Sum("allocations__amount", filter=Q(allocations__reversed=False)))
                .values_list("pk", "employer_id", "paid_on", "amount", "used").order_by("paid_on", "pk"))
    every: dict[int, Source] = {}
    for pk, employer_id, paid_on, amount, used in payments:
        remaining = amount - (used or ZERO)
        limit = limits.get(employer_id)
        if remaining > 0 and limit is not None and (paid_on, pk) <= limit:
            src = Source(pk, paid_on, remaining)
            sources[employer_id].append(src)
            every[pk] = src
    plan: list[PlannedAllocation] = []
    for employer_id in employer_ids:
        facts = sorted(by_employer.get(employer_id, []), key=lambda f: (f.period, f.bill_id))
        if facts and sources.get(employer_id):
            plan.extend(allocation_plan(facts=facts, sources=sources[employer_id], part_month=part_month))
    return plan, every


_COPY_ALLOCATIONS = ("COPY receivables_allocation (payment_id, bill_id, component, programme, amount, reversed,"
                     " created_at) FROM STDIN")
_INSERT_ALLOCATIONS = ("INSERT INTO receivables_allocation (payment_id, bill_id, component, programme, amount,"
                       " reversed, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)")


def _write(plan: list[PlannedAllocation]) -> None:
    """Insert the allocations as raw rows (COPY on PostgreSQL, one executemany elsewhere): building a model
    instance per row would cost more than the allocation itself."""
    if not plan:
        return
    now = connection.ops.adapt_datetimefield_value(clock.now())
    rows = [(a.payment_id, a.bill_id, str(a.component), a.programme, a.amount, False, now) for a in plan]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(_COPY_ALLOCATIONS) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(_INSERT_ALLOCATIONS, [(*row[:4], str(row[4]), *row[5:]) for row in rows])


@dataclass(frozen=True)
class AllocationResult:
    """What one :func:`payment_allocate` did. ``allocations`` includes those of earlier payments' credit
    that the allocation used (``credit_used``); ``unallocated`` is what remains of this payment."""

    payment_id: int
    allocations: tuple[PlannedAllocation, ...]
    principal: Decimal
    penalty: Decimal
    credit_used: Decimal
    unallocated: Decimal


def _summary(plan: Iterable[PlannedAllocation]) -> tuple[Decimal, Decimal]:
    principal = penalty = ZERO
    for a in plan:
        if a.component == Allocation.Component.PRINCIPAL:
            principal += a.amount
        else:
            penalty += a.amount
    return principal, penalty


def payment_allocate(*, payment: Payment, actor, as_of: date | None = None,
                     part_month: str | None = None) -> AllocationResult:
    """Allocate a payment (after the employer's earlier credit) to the employer's bills by the policy in
    this module's docstring; ``as_of`` limits it to bills of months starting on or before that date.

    Refused with :class:`PaymentError` when the payment is reversed or already fully allocated — so of
    two workers allocating the same payment at once, the second one fails instead of allocating twice.
    """
    _check_actor(actor, [payment.employer_id])
    with transaction.atomic():
        _lock_employers([payment.employer_id])
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == Payment.Status.REVERSED:
            raise PaymentError(_("Pembayaran %(ref)s sudah dibatalkan; tidak dapat dialokasikan.")
                               % {"ref": locked.reference})
        if locked.amount - _allocated_sum(locked.pk) <= 0:
            raise PaymentError(_("Pembayaran %(ref)s sudah teralokasi penuh.") % {"ref": locked.reference})
        plan, sources = _plan_for_employers([locked.employer_id], limits={locked.employer_id: (locked.paid_on,
                                                                                                locked.pk)},
                                            as_of=as_of, part_month=part_month)
        _write(plan)
        summaries_refresh(employer_ids=[locked.employer_id])
        principal, penalty = _summary(plan)
        result = AllocationResult(
            payment_id=locked.pk, allocations=tuple(plan), principal=principal, penalty=penalty,
            credit_used=sum((a.amount for a in plan if a.payment_id != locked.pk), ZERO),
            unallocated=sources[locked.pk].remaining,
        )
        if plan:
            bills = dict(Bill.objects.filter(pk__in={a.bill_id for a in plan}).values_list("pk", "period"))
            audit_record(actor=actor, action="receivables.payment_allocate", obj=locked, after={
                "allocations": [{"payment": a.payment_id, "bill": a.bill_id, "period": f"{bills[a.bill_id]:%Y-%m}",
                                 "component": a.component, "programme": a.programme, "amount": a.amount}
                                for a in plan],
                "principal": principal, "penalty": penalty, "credit_used": result.credit_used,
                "unallocated": result.unallocated,
            })
    return result


@dataclass(frozen=True)
class BatchAllocationResult:
    payments: int  # payments allocated (reversed or fully allocated ones are skipped)
    skipped: int
    allocations: int
    principal: Decimal
    penalty: Decimal
    unallocated: Decimal  # what remains of the batch's payments: the employers' new credit

    def as_dict(self) -> dict:
        return {"payments_allocated": self.payments, "payments_skipped": self.skipped,
                "allocations": self.allocations, "allocated_principal": str(self.principal),
                "allocated_penalty": str(self.penalty), "credit": str(self.unallocated)}


def _ids(items) -> list[int]:
    if isinstance(items, QuerySet):
        return list(items.values_list("pk", flat=True))
    return [getattr(i, "pk", i) for i in items]


def payments_allocate_batch(*, payments, actor, as_of: date | None = None, part_month: str | None = None,
                            progress: Callable[[int, int], None] | None = None) -> BatchAllocationResult:
    """Allocate many payments set-wise: the same plan as :func:`payment_allocate`, payment by payment in
    date order, but each group of employers is read in a fixed number of queries and the allocations are
    written in bulk. One transaction, one audit event with the totals.

    Reversed and fully allocated payments are skipped (counted in ``skipped``), not refused. The employer
    rows are locked (ascending id); that alone serialises against :func:`payment_allocate` and
    :func:`payment_reverse`, which lock the employer first as well.
    """
    ids = sorted(set(_ids(payments)))
    total_plan = 0
    principal = penalty = unallocated = ZERO
    allocated = skipped = 0
    with transaction.atomic():
        info = []
        for start in range(0, len(ids), CHUNK * 5):
            info.extend(Payment.objects.filter(pk__in=ids[start:start + CHUNK * 5])
                        .values_list("pk", "employer_id", "paid_on", "status"))
        employer_ids = sorted({e for _, e, _, _ in info})
        _check_actor(actor, employer_ids)
        targets: dict[int, list[tuple[date, int]]] = defaultdict(list)
        for pk, employer_id, paid_on, status in info:
            if status == Payment.Status.REVERSED:
                skipped += 1
            else:
                targets[employer_id].append((paid_on, pk))
        done = 0
        for start in range(0, len(employer_ids), CHUNK):
            chunk = employer_ids[start:start + CHUNK]
            _lock_employers(chunk)
            limits = {e: max(targets[e]) for e in chunk if targets.get(e)}
            plan, sources = _plan_for_employers(chunk, limits=limits, as_of=as_of, part_month=part_month)
            _write(plan)
            summaries_refresh(employer_ids=chunk)
            total_plan += len(plan)
            p, q = _summary(plan)
            principal += p
            penalty += q
            for employer_id in chunk:
                for _paid_on, pk in targets.get(employer_id, []):
                    if pk in sources:  # it had money left: it took part
                        allocated += 1
                        unallocated += sources[pk].remaining
                    else:
                        skipped += 1  # fully allocated before
            done += len(chunk)
            if progress:
                progress(done, len(employer_ids))
        result = BatchAllocationResult(payments=allocated, skipped=skipped, allocations=total_plan,
                                       principal=principal, penalty=penalty, unallocated=unallocated)
        if total_plan or allocated:
            audit_record(actor=actor, action="receivables.payments_allocate", object_type="receivables.payment",
                         object_repr=_("%(n)s pembayaran dialokasikan") % {"n": allocated},
                         scope_unit=getattr(_user(actor), "org_unit_id", None), after=result.as_dict())
    return result


# --- reversal ------------------------------------------------------------------------------------------

def payment_reverse(*, payment: Payment, reason: str, actor) -> Payment:
    """Mark a wrong payment reversed, and its allocations with it; nothing is deleted. The bills it paid
    are outstanding again (and accrue denda again from their due dates). Other payments' allocations are
    left as they are: the employer's next payment goes to the oldest outstanding month, as always."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan pembatalan wajib diisi."))
    _check_actor(actor, [payment.employer_id])
    with transaction.atomic():
        _lock_employers([payment.employer_id])
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == Payment.Status.REVERSED:
            raise PaymentError(_("Pembayaran %(ref)s sudah dibatalkan.") % {"ref": locked.reference})
        before = snapshot(locked, ["status", "reversal_reason"])
        count = Allocation.objects.filter(payment=locked, reversed=False).update(reversed=True)
        locked.status = Payment.Status.REVERSED
        locked.reversal_reason = reason
        locked.save(update_fields=["status", "reversal_reason"])
        summaries_refresh(employer_ids=[locked.employer_id])
        audit_record(actor=actor, action="receivables.payment_reverse", obj=locked, before=before,
                     after={**snapshot(locked, ["status", "reversal_reason"]), "allocations_reversed": count},
                     reason=reason)
    payment.status, payment.reversal_reason = locked.status, locked.reversal_reason
    return locked


# --- bank-file import ----------------------------------------------------------------------------------

@dataclass
class PaymentsImportResult:
    """The outcome of a bank-file import. ``rejected``: nothing was posted (file-level problem, or row
    errors without ``accept_valid``); ``message`` says why in Indonesian; ``report`` is the per-row XLSX."""

    counts: dict
    rejected: bool
    message: str
    report: bytes
    errors: list = field(default_factory=list)


def payments_import(*, path: str | Path, actor, accept_valid: bool = False, as_of: date | None = None,
                    progress: Callable[[int, int | None, str], None] | None = None) -> PaymentsImportResult:
    """Import a bank file (CSV or XLSX) of payments, then allocate the new ones.

    Columns (Indonesian headers, aliases accepted — see :mod:`sinergi.receivables.bankfile`): KODE_BAYAR
    (or KODE_IURAN) and/or NPP, JUMLAH, TANGGAL, REFERENSI. Validation is set-wise and reports each
    problem by row and column in Indonesian. A reference already posted from a bank file is "sudah
    dibukukan": counted, not posted again, not an error. With row errors nothing is posted unless
    ``accept_valid``, which posts the valid rows. Posting and allocation are one transaction with one
    audit event; the report is returned, never written by this function.
    """
    from sinergi.receivables import bankfile

    path = Path(path)
    user = _user(actor)
    if user is not None and not user_can(user, CAPABILITY):
        raise PermissionDenied(_("Anda tidak berwenang mengelola pembayaran."))

    def step(message: str) -> None:
        if progress:
            progress(0, None, message)

    step(_("Membaca berkas"))
    try:
        parsed = bankfile.bankfile_read(path)
    except bankfile.BankFileError as exc:
        return PaymentsImportResult(counts={"rows": 0, "errors": 1, "posted": 0}, rejected=True,
                                    message=exc.message, report=bankfile.report_file_error(exc.message))
    step(_("Memeriksa baris"))
    employers = scoped(Employer, user) if user is not None else Employer.objects.all()
    checked = bankfile.bankfile_validate(parsed, employers=employers, today=today())
    counts = checked.counts()
    if checked.error_count and not accept_valid:
        message = (_("%(errors)s dari %(rows)s baris bermasalah; tidak ada pembayaran yang dibukukan. Perbaiki "
                     "berkas, atau impor ulang dengan pilihan \"terima baris yang valid saja\" (perintah: "
                     "--accept-valid) untuk membukukan baris yang valid.")
                   % {"errors": checked.error_count, "rows": counts["rows"]})
        counts["posted"] = 0
        return PaymentsImportResult(counts=counts, rejected=True, message=message,
                                    report=checked.report(posted=False), errors=checked.errors)
    step(_("Membukukan pembayaran"))
    rows = checked.valid_rows()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        new = [Payment(employer_id=r["employer_id"], amount=Decimal(r["amount"]), paid_on=r["paid_on"],
                       channel=Payment.Channel.BANK_FILE, reference=r["reference"], payment_code=r["code"] or "",
                       created_by=user) for r in rows]
        Payment.objects.bulk_create(new, batch_size=2000)
        if any(p.pk is None for p in new):  # a backend that does not return ids from bulk inserts
            refs = [p.reference for p in new]
            new_ids = []
            for start in range(0, len(refs), CHUNK * 5):
                new_ids.extend(Payment.objects.filter(channel=Payment.Channel.BANK_FILE,
                                                      reference__in=refs[start:start + CHUNK * 5])
                               .values_list("pk", flat=True))
        else:
            new_ids = [p.pk for p in new]
        allocation = payments_allocate_batch(payments=new_ids, actor=actor, as_of=as_of)
        counts.update({"posted": len(new_ids), **allocation.as_dict()})
        audit_record(actor=actor, action="receivables.payments_import", object_type="receivables.payment",
                     object_repr=path.name[:255], scope_unit=getattr(user, "org_unit_id", None),
                     after={"file": path.name, "sha256": digest, "accept_valid": accept_valid, **counts})
    message = _("%(posted)s pembayaran dibukukan, %(already)s sudah dibukukan sebelumnya, %(errors)s baris "
                "bermasalah.") % {"posted": counts["posted"], "already": counts["already_posted"],
                                   "errors": counts["errors"]}
    return PaymentsImportResult(counts=counts, rejected=False, message=message,
                                report=checked.report(posted=True), errors=checked.errors)
