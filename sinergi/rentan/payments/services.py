"""Monthly payment batches of a vulnerable-worker programme: from Disnaker's draft to BPJS's reconciliation.

States and who moves them (capabilities in ``orgs/roles.py``)::

    draft ──(rentan.batch: Disnaker)──▶ submitted ──(rentan.pay: BPKD, SP2D)──▶ paid
          ──(rentan.reconcile: BPJS)──▶ reconciled

- **draft** (:func:`batch_prepare`): the programme's enrolled candidates whose BPU membership is active on
  some day of the month, each × the monthly contribution of the rules (funding APBD), one
  ``PaymentBatchLine`` each, inserted in one ``INSERT … SELECT``. The total of each component (JKK, JKM,
  JHT) is charged to that account's budget lines — APBD murni first, then APBD-Perubahan — by what remains
  of each pagu after the batches already submitted, in whole participants, and each budget line used gets
  one kode iuran (:mod:`sinergi.rentan.payments.codes`). Preparing the same month again replaces the draft; a batch
  that would exceed the remaining budget is refused with the account, the need and what remains.
- **submitted** (:func:`batch_submit`): the budget is checked again (another month may have been submitted
  meanwhile) and from here the batch is immutable.
- **paid** (:func:`batch_record_sp2d`): BPKD records the SP2D number and date (not before the submission,
  not in the future; one SP2D number per batch of a programme).
- **reconciled** (:func:`batch_reconcile`): the payment is posted to the receivables ledger of the
  programme's wadah employer: a bill for the month with one line per component (payer ``pemda``: the
  billing run leaves it alone and no denda accrues — BPU contributions carry none), and one payment per kode
  iuran (channel "partner", amount = the code's amount, reference = the code and the SP2D number, payment
  code = the kode iuran, linked from ``ContributionCode.payment``) recorded and allocated by the ledger's own
  services, so each code is matched by one payment and the employer statement and aging show the month
  paid.

A reconciliation made by mistake is undone by :func:`batch_reconciliation_reverse` (BPJS, with a reason):
the payments are reversed, the month's charge is cancelled by negative adjustment lines, and the batch is
``paid`` again, ready to be reconciled anew.

Not built: batches of several months under one SP2D.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record, snapshot
from sinergi.clock import today
from sinergi.formatting import format_number, format_period, format_rupiah
from sinergi.orgs.scoping import scoped, user_can
from sinergi.rentan.models import BudgetLine, ContributionCode, PaymentBatch, PaymentBatchLine, Programme
from sinergi.rentan.payments.codes import contribution_code, region_digits
from sinergi.rentan.programmes.services import monthly_contribution
from sinergi.rules.money import ZERO
from sinergi.rules.periods import add_months

Status = PaymentBatch.Status
COMPONENTS = ("JKK", "JKM", "JHT")
# Demo and test wadah employers: NPP 88RRRRSS (88, the region's four digits, the programme's sequence),
# outside the demo registry's 9xxxxxxx range. A real programme is linked to the NPP BPJS registered.
WADAH_NPP_PREFIX = "88"


class BatchError(ValidationError):
    """A batch operation refused for a reason the user can act on (message in Indonesian)."""


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _rupiah(amount) -> str:
    return format_rupiah(Decimal(amount))


def _month_label(period: dt.date) -> str:
    return format_period(period.year, period.month)


def _require(actor, capability: str, qs, pk: int) -> None:
    """A user needs the capability and must see the record; the system (None) may do anything."""
    user = _user(actor)
    if user is None:
        return
    if not user_can(user, capability):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada batch pembayaran."))
    if not scoped(qs, user).filter(pk=pk).exists():
        raise PermissionDenied(_("Program ini di luar wilayah kerja Anda."))


def month_of(value) -> dt.date:
    """The first day of the month of a date or of ``YYYY-MM``."""
    if isinstance(value, str):
        try:
            year, month = (int(x) for x in value.strip()[:7].split("-"))
            return dt.date(year, month, 1)
        except ValueError:
            raise BatchError(_("Periode harus berbentuk TTTT-BB, misalnya 2026-03.")) from None
    return value.replace(day=1)


def month_last_day(period: dt.date) -> dt.date:
    return add_months(period, 1) - dt.timedelta(days=1)


# --- budget --------------------------------------------------------------------------------------------

def budget_used(programme: Programme, *, exclude_batch: int | None = None) -> dict[int, Decimal]:
    """Per budget line id: what the programme's submitted, paid and reconciled batches charge to it."""
    qs = ContributionCode.objects.filter(budget_line__programme=programme).exclude(batch__status=Status.DRAFT)
    if exclude_batch is not None:
        qs = qs.exclude(batch_id=exclude_batch)
    return {row["budget_line"]: row["total"] or ZERO
            for row in qs.values("budget_line").annotate(total=Sum("amount")).order_by()}


@dataclass(frozen=True)
class Charge:
    line: BudgetLine
    participants: int
    amount: Decimal


def budget_plan(*, programme: Programme, participants: int, amounts: dict[str, Decimal],
                exclude_batch: int | None = None) -> list[Charge]:
    """Charge each component's total to its account's budget lines, APBD murni before APBD-Perubahan, in
    whole participants (a kode iuran covers whole people). Refused when the account's remaining pagu is not
    enough; the message names the account, the need and what remains."""
    if participants <= 0:
        return []
    used = budget_used(programme, exclude_batch=exclude_batch)
    lines = list(programme.budget_lines.order_by("source", "number"))  # "apbd" sorts before "apbd_p"
    plan: list[Charge] = []
    for account in COMPONENTS:
        per_person = amounts.get(account, ZERO)
        if not per_person:
            continue
        own = [line for line in lines if line.account == account]
        need = per_person * participants
        remaining_total = sum((line.amount - used.get(line.pk, ZERO) for line in own), ZERO)
        left = participants
        for line in own:
            remaining = line.amount - used.get(line.pk, ZERO)
            take = min(left, int(remaining // per_person)) if remaining > 0 else 0
            if take:
                plan.append(Charge(line, take, per_person * take))
                left -= take
        if left:
            if not own:
                raise BatchError(_("Program belum memiliki mata anggaran %(account)s; tambahkan mata anggarannya "
                                   "sebelum membuat batch.") % {"account": account})
            raise BatchError(_(
                "Anggaran %(account)s tidak mencukupi: batch ini membutuhkan %(need)s untuk %(n)s peserta, sedangkan "
                "sisa pagu %(account)s (APBD dan APBD Perubahan) tinggal %(remaining)s."
            ) % {"account": account, "need": _rupiah(need), "n": format_number(participants),
                 "remaining": _rupiah(remaining_total)})
    return plan


# --- draft ---------------------------------------------------------------------------------------------

_INSERT_LINES = (
    "INSERT INTO rentan_paymentbatchline (batch_id, candidate_id, jkk, jkm, jht, total) "
    "SELECT %s, MIN(c.id), %s, %s, %s, %s FROM rentan_candidate c "
    "JOIN registry_bpuparticipant p ON p.id = c.participant_id "
    "WHERE c.programme_id = %s AND p.start_date <= %s AND (p.end_date IS NULL OR p.end_date >= %s) "
    "GROUP BY c.participant_id"
)


def batch_prepare(*, programme: Programme, period, actor) -> PaymentBatch:
    """Create (or replace) the draft batch of ``programme`` for the month of ``period``; see the module doc."""
    period = month_of(period)
    _require(actor, "rentan.batch", Programme.objects.all(), programme.pk)
    with transaction.atomic():
        # One batch operation per programme at a time: the budget check reads what the others wrote.
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if not programme.period_start <= period <= programme.period_end:
            raise BatchError(_("Periode %(period)s di luar masa program (%(start)s sampai %(end)s).") % {
                "period": _month_label(period), "start": _month_label(programme.period_start),
                "end": _month_label(programme.period_end)})
        batch = PaymentBatch.objects.select_for_update().filter(programme=programme, period=period).first()
        before = None
        if batch is not None:
            if batch.status != Status.DRAFT:
                raise BatchError(_("Batch %(period)s sudah berstatus %(status)s dan tidak dapat diubah lagi.") % {
                    "period": _month_label(period), "status": batch.get_status_display()})
            before = snapshot(batch, ["participants", "total"])
            batch.lines.all().delete()
            batch.codes.all().delete()
        else:
            batch = PaymentBatch.objects.create(programme=programme, period=period, created_by=_user(actor))
        amounts = monthly_contribution(programme, period)
        per = {k: int(amounts.get(k, ZERO)) for k in COMPONENTS}
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_LINES, [batch.pk, per["JKK"], per["JKM"], per["JHT"], int(amounts["total"]),
                                           programme.pk, month_last_day(period), period])
        participants = batch.lines.count()
        plan = budget_plan(programme=programme, participants=participants, amounts=amounts, exclude_batch=batch.pk)
        ContributionCode.objects.bulk_create([
            ContributionCode(code=contribution_code(programme=programme, period=period, budget_line=c.line),
                             batch=batch, budget_line=c.line, amount=c.amount, participants=c.participants)
            for c in plan
        ])
        batch.participants = participants
        batch.total = amounts["total"] * participants
        batch.created_by = batch.created_by or _user(actor)
        batch.save(update_fields=["participants", "total", "created_by"])
        audit_record(actor=actor, action="rentan.batch.prepare", obj=batch, before=before, after={
            "period": f"{period:%Y-%m}", "participants": participants, "total": batch.total,
            "per_person": {k: v for k, v in per.items() if v},
            "codes": [{"code": c.code, "line": c.budget_line.code, "amount": c.amount}
                      for c in batch.codes.select_related("budget_line")],
        })
    return batch


# --- submission, SP2D, reconciliation -------------------------------------------------------------------

def _locked(batch: PaymentBatch) -> PaymentBatch:
    return PaymentBatch.objects.select_for_update().select_related("programme").get(pk=batch.pk)


def _expect(batch: PaymentBatch, status: str, action: str) -> None:
    if batch.status != status:
        raise BatchError(_("Batch %(period)s berstatus %(status)s; %(action)s hanya untuk batch berstatus "
                           "%(expected)s.") % {"period": _month_label(batch.period),
                                               "status": batch.get_status_display(), "action": action,
                                               "expected": Status(status).label})


def batch_submit(*, batch: PaymentBatch, actor) -> PaymentBatch:
    """Disnaker submits the draft to BPKD; the remaining budget is checked again first."""
    _require(actor, "rentan.batch", PaymentBatch.objects.all(), batch.pk)
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=batch.programme_id).first()
        locked = _locked(batch)
        _expect(locked, Status.DRAFT, _("pengajuan ke BPKD"))
        if locked.participants == 0:
            raise BatchError(_("Batch %(period)s tidak memiliki peserta aktif; tidak ada yang diajukan.")
                             % {"period": _month_label(locked.period)})
        used = budget_used(locked.programme, exclude_batch=locked.pk)
        for code in locked.codes.select_related("budget_line"):
            line = code.budget_line
            remaining = line.amount - used.get(line.pk, ZERO)
            if code.amount > remaining:
                raise BatchError(_("Sisa pagu %(account)s pada %(line)s tinggal %(remaining)s, kurang dari %(need)s "
                                   "(kode iuran %(code)s): batch lain sudah diajukan. Susun ulang draf batch ini.")
                                 % {"account": line.account, "line": line.code, "remaining": _rupiah(remaining),
                                    "need": _rupiah(code.amount), "code": code.code})
        before = snapshot(locked, ["status"])
        locked.status = Status.SUBMITTED
        locked.submitted_by = _user(actor)
        locked.submitted_at = clock.now()
        locked.save(update_fields=["status", "submitted_by", "submitted_at"])
        audit_record(actor=actor, action="rentan.batch.submit", obj=locked, before=before,
                     after={**snapshot(locked, ["status"]), "total": locked.total})
    return locked


def batch_record_sp2d(*, batch: PaymentBatch, sp2d_number: str, sp2d_date: dt.date, actor) -> PaymentBatch:
    """BPKD records the SP2D that paid the batch."""
    _require(actor, "rentan.pay", PaymentBatch.objects.all(), batch.pk)
    number = (sp2d_number or "").strip()
    if not number:
        raise BatchError(_("Nomor SP2D wajib diisi."))
    if len(number) > 64:
        raise BatchError(_("Nomor SP2D paling panjang 64 karakter."))
    if sp2d_date is None:
        raise BatchError(_("Tanggal SP2D wajib diisi."))
    with transaction.atomic():
        locked = _locked(batch)
        _expect(locked, Status.SUBMITTED, _("pencatatan SP2D"))
        submitted_on = timezone.localdate(locked.submitted_at) if locked.submitted_at else locked.period
        if sp2d_date < submitted_on:
            raise BatchError(_("Tanggal SP2D %(date)s sebelum tanggal pengajuan batch (%(submitted)s).") % {
                "date": sp2d_date.isoformat(), "submitted": submitted_on.isoformat()})
        if sp2d_date > today():
            raise BatchError(_("Tanggal SP2D tidak boleh di masa depan."))
        other = (PaymentBatch.objects.filter(programme_id=locked.programme_id, sp2d_number=number)
                 .exclude(pk=locked.pk).first())
        if other is not None:
            raise BatchError(_("Nomor SP2D %(number)s sudah dicatat untuk batch %(period)s.")
                             % {"number": number, "period": _month_label(other.period)})
        before = snapshot(locked, ["status", "sp2d_number", "sp2d_date"])
        locked.status = Status.PAID
        locked.sp2d_number, locked.sp2d_date = number, sp2d_date
        locked.paid_recorded_by = _user(actor)
        locked.save(update_fields=["status", "sp2d_number", "sp2d_date", "paid_recorded_by"])
        audit_record(actor=actor, action="rentan.batch.pay", obj=locked, before=before,
                     after=snapshot(locked, ["status", "sp2d_number", "sp2d_date"]))
    return locked


def _bill_lines(batch: PaymentBatch) -> list[dict]:
    """The ledger lines of a batch: one per component with its total, from the batch lines (one query) and
    the rules' citation for the amount."""
    from sinergi.rules.contributions import bpu_contribution

    programme = batch.programme
    sums = batch.lines.aggregate(JKK=Sum("jkk"), JKM=Sum("jkm"), JHT=Sum("jht"))
    result = bpu_contribution(period=f"{batch.period:%Y-%m}", income=programme.declared_income, funding="apbd",
                              jht=programme.jht)
    references = {line.programme: line.reference for line in result.lines}
    income = programme.declared_income
    rows = []
    for component in COMPONENTS:
        amount = sums[component] or ZERO
        if amount <= 0:
            continue
        per_person = amount / batch.participants
        rows.append({"programme": component, "workers": batch.participants, "base": income * batch.participants,
                     "rate": (per_person / income).quantize(Decimal("0.00000001")) if income else ZERO,
                     "amount": amount, "reference": references.get(component, "")[:255]})
    return rows


def _partner_reference(code: str, sp2d_number: str) -> str:
    """The ledger reference of a kode iuran's payment: the code and the SP2D number. After a reversed
    reconciliation the first reference is held by the reversed payment (references stay unique per channel,
    and a reversed payment is kept), so a later reconciliation numbers its own: "… #2", "… #3"."""
    from sinergi.receivables.models import Payment

    base = f"{code} {sp2d_number}"
    reference, n = base[:64], 1
    while Payment.objects.filter(channel=Payment.Channel.PARTNER, reference=reference,
                                 status=Payment.Status.REVERSED).exists():
        n += 1
        suffix = f" #{n}"
        reference = base[:64 - len(suffix)] + suffix
    return reference


def batch_reconcile(*, batch: PaymentBatch, actor) -> PaymentBatch:
    """BPJS posts the paid batch to the wadah employer's ledger (bill, payment, allocation); see the module
    doc. The ledger services run as the system unless the person may also record payments themselves."""
    from sinergi.receivables.models import Bill, BillingRun, BillLine, Payer, Payment
    from sinergi.receivables.payments import payment_allocate, payment_record
    from sinergi.rules.due_dates import due_date

    _require(actor, "rentan.reconcile", PaymentBatch.objects.all(), batch.pk)
    user = _user(actor)
    ledger_actor = user if user is not None and user_can(user, "receivables.payments") else None
    with transaction.atomic():
        locked = _locked(batch)
        _expect(locked, Status.PAID, _("rekonsiliasi"))
        programme = locked.programme
        employer = programme.employer
        if employer is None:
            raise BatchError(_("Program %(code)s belum memiliki NPP wadah; BPJS Ketenagakerjaan perlu mendaftarkan "
                               "wadahnya sebelum pembayaran dapat direkonsiliasi.") % {"code": programme.code})
        codes = list(locked.codes.order_by("budget_line__number"))
        if not codes:
            raise BatchError(_("Batch %(period)s tidak memiliki kode iuran; tidak ada yang direkonsiliasi.")
                             % {"period": _month_label(locked.period)})
        now = clock.now()
        run = BillingRun.objects.create(
            period=locked.period, branch=employer.branch, org_unit=employer.branch, created_by=user,
            status=BillingRun.Status.SUCCEEDED, finished_at=now,
            counts={"source": "rentan", "programme": programme.code, "batch": locked.pk,
                    "codes": [c.code for c in codes]},
        )
        bill, created = Bill.objects.get_or_create(
            employer=employer, period=locked.period,
            defaults={"due_date": due_date(period=f"{locked.period:%Y-%m}", kind="bpu").due_date,
                      "created_run": run})
        rows = _bill_lines(locked)
        BillLine.objects.bulk_create([
            BillLine(bill=bill, run=run, kind=BillLine.Kind.REGULAR if created else BillLine.Kind.ADJUSTMENT,
                     payer=Payer.PEMDA, **row) for row in rows])
        bill.principal = bill.lines.aggregate(t=Sum("amount"))["t"] or ZERO
        bill.save(update_fields=["principal"])
        # The same counts as a billing run's, so the runs page reads this one like the others.
        run.counts.update({"employers": 1, "bills_created": int(created), "lines": len(rows),
                           "adjustment_lines": 0 if created else len(rows),
                           "amount": str(sum((r["amount"] for r in rows), ZERO))})
        run.save(update_fields=["counts"])
        # One ledger payment per kode iuran, carrying that code as its payment code, so each code is matched
        # in the ledger by itself. References are unique per channel across the ledger, and two Pemdas may
        # number their SP2Ds alike: the kode iuran (unique everywhere) in front makes each reference unique.
        payments = []
        for code in codes:
            payment = payment_record(employer=employer, amount=code.amount, paid_on=locked.sp2d_date,
                                     reference=_partner_reference(code.code, locked.sp2d_number),
                                     channel=Payment.Channel.PARTNER, actor=ledger_actor, payment_code=code.code)
            allocation = payment_allocate(payment=payment, actor=ledger_actor)
            code.payment = payment
            payments.append({"code": code.code, "payment": payment.pk, "amount": code.amount,
                             "allocated": allocation.principal, "unallocated": allocation.unallocated})
        ContributionCode.objects.bulk_update(codes, ["payment"])
        before = snapshot(locked, ["status"])
        locked.status = Status.RECONCILED
        locked.reconciled_at = now
        locked.save(update_fields=["status", "reconciled_at"])
        audit_record(actor=actor, action="rentan.batch.reconcile", obj=locked, before=before, after={
            **snapshot(locked, ["status"]), "employer": employer.npp, "bill": bill.pk,
            "codes": [c.code for c in codes], "payments": payments,
        })
    return locked


def batch_reconciliation_reverse(*, batch: PaymentBatch, reason: str, actor) -> PaymentBatch:
    """BPJS undoes a reconciliation made by mistake (wrong SP2D, wrong batch); the batch is ``paid`` again
    and may be reconciled anew.

    Each ledger payment of the batch's kode iuran is reversed by the ledger's own ``payment_reverse`` (its
    allocations with it; balances and summaries refresh), as the same ledger actor as the reconciliation.
    The charge is undone too, in the ledger's own way — a bill's lines never change, a correction is an
    adjustment line — by negative ``adjustment`` lines (payer ``pemda``) in a run of their own that cancel
    exactly what this batch's runs still add to the month's bill, so a later reconciliation bills the month
    once. The SP2D stays; one audit event keeps the reason, the payments reversed and the amount cancelled.
    """
    from sinergi.receivables.models import Bill, BillingRun, BillLine, Payer, Payment
    from sinergi.receivables.payments import payment_reverse
    from sinergi.receivables.summaries import summaries_refresh

    _require(actor, "rentan.reconcile", PaymentBatch.objects.all(), batch.pk)
    reason = (reason or "").strip()
    if not reason:
        raise BatchError(_("Alasan pembatalan rekonsiliasi wajib diisi."))
    user = _user(actor)
    ledger_actor = user if user is not None and user_can(user, "receivables.payments") else None
    with transaction.atomic():
        locked = _locked(batch)
        _expect(locked, Status.RECONCILED, _("pembatalan rekonsiliasi"))
        employer = locked.programme.employer
        codes = list(locked.codes.order_by("budget_line__number"))
        payments = list(Payment.objects.filter(
            employer=employer, channel=Payment.Channel.PARTNER, status=Payment.Status.POSTED,
            payment_code__in=[c.code for c in codes]).order_by("pk"))
        # What this batch's reconciliations (and earlier reversals) still add to the month's bill.
        bill = Bill.objects.select_for_update().filter(employer=employer, period=locked.period).first()
        ours = (BillLine.objects.filter(bill=bill, run__counts__source="rentan", run__counts__batch=locked.pk)
                if bill is not None else BillLine.objects.none())
        net: dict[tuple[str, str], dict] = {}
        for line in ours.order_by("run_id", "pk"):
            row = net.setdefault((line.programme, line.payer), {"workers": 0, "base": ZERO, "amount": ZERO})
            row["workers"] += line.workers
            row["base"] += line.base
            row["amount"] += line.amount
            row["rate"], row["reference"] = line.rate, line.reference
        rows = [(key, row) for key, row in net.items() if row["amount"]]
        cancelled = sum((row["amount"] for _key, row in rows), ZERO)
        if rows:
            run = BillingRun.objects.create(
                period=locked.period, branch=employer.branch, org_unit=employer.branch, created_by=user,
                status=BillingRun.Status.SUCCEEDED, finished_at=clock.now(),
                counts={"source": "rentan", "programme": locked.programme.code, "batch": locked.pk,
                        "reversal": True, "codes": [c.code for c in codes], "employers": 1, "bills_created": 0,
                        "lines": len(rows), "adjustment_lines": len(rows), "amount": str(-cancelled)})
            BillLine.objects.bulk_create([
                BillLine(bill=bill, run=run, kind=BillLine.Kind.ADJUSTMENT, programme=programme,
                         payer=payer or Payer.PEMDA, workers=-row["workers"], base=-row["base"], rate=row["rate"],
                         amount=-row["amount"], reference=row["reference"])
                for (programme, payer), row in rows])
            bill.principal = bill.lines.aggregate(t=Sum("amount"))["t"] or ZERO
            bill.save(update_fields=["principal"])
        reversed_payments = []
        for payment in payments:
            payment_reverse(payment=payment, reason=reason, actor=ledger_actor)
            reversed_payments.append({"payment": payment.pk, "reference": payment.reference,
                                      "code": payment.payment_code, "amount": payment.amount})
        if employer is not None:
            summaries_refresh(employer_ids=[employer.pk])  # the bill's principal changed as well
        for code in codes:
            code.payment = None
        ContributionCode.objects.bulk_update(codes, ["payment"])
        before = snapshot(locked, ["status", "reconciled_at"])
        locked.status = Status.PAID
        locked.reconciled_at = None
        locked.save(update_fields=["status", "reconciled_at"])
        audit_record(actor=actor, action="rentan.batch.reconcile_reverse", obj=locked, before=before, after={
            **snapshot(locked, ["status", "reconciled_at"]), "employer": employer.npp if employer else None,
            "bill": bill.pk if bill is not None else None, "payments": reversed_payments,
            "cancelled": cancelled,
        }, reason=reason)
    return locked


# --- wadah employer ------------------------------------------------------------------------------------

def wadah_npp(programme: Programme) -> str:
    from sinergi.rentan.payments.codes import programme_sequence

    return f"{WADAH_NPP_PREFIX}{region_digits(programme.region.code)}{programme_sequence(programme):02d}"


def programme_wadah_ensure(*, programme: Programme, actor, registered_on: dt.date | None = None):
    """The programme's wadah employer (BPU registered under the programme's BPJS branch), created with a
    demo-range NPP when the programme has none. Idempotent."""
    from sinergi.registry.models import Employer

    if programme.employer_id:
        return programme.employer
    if programme.branch_id is None:
        raise BatchError(_("Program belum memiliki kantor cabang BPJS Ketenagakerjaan."))
    with transaction.atomic():
        npp = wadah_npp(programme)
        employer, created = Employer.objects.get_or_create(npp=npp, defaults={
            "name": f"Wadah BPU {programme.name}"[:200], "branch_id": programme.branch_id,
            "region_id": programme.region_id, "registered_on": registered_on or programme.period_start,
            "address": programme.pemda.name,
        })
        before = snapshot(programme, ["employer"])
        programme.employer = employer
        programme.save(update_fields=["employer"])
        audit_record(actor=actor, action="rentan.programme.wadah", obj=programme, before=before,
                     after={"employer": employer.npp, "created": created})
    return employer


# --- reads ---------------------------------------------------------------------------------------------

def batches_visible(*, user, programme: Programme | None = None):
    qs = scoped(PaymentBatch, user).select_related("programme")
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("programme__code", "-period")


def batch_lines(*, batch: PaymentBatch, user):
    """The lines of a batch with what the attachment shows (name, NIK, occupation, village), scoped."""
    return (scoped(PaymentBatchLine, user).filter(batch=batch)
            .select_related("candidate").order_by("candidate__name", "candidate_id"))
