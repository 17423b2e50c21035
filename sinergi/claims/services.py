"""Writes of the claims workflow: submit, check documents, verify, approve, reject, return, pay.

::

    submitted ──(every document received)──> documents_complete ──verify──> verified ──approve──> approved ──pay──> paid
        │  ▲                                       │                           │
        │  └────────(documents brought)─── returned <─────────return───────────┘
        └──────────────── reject (with a coded reason) from any open status ──────> rejected

Each function is one transaction that locks the claim, checks the step is allowed from its status, writes a
``ClaimEvent`` for the history and one audit event. Bad input raises ``ValidationError`` with an Indonesian
message keyed by the form field it concerns; a step not allowed by the status raises ``ValidationError``
too (the screen shows it), a missing capability ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.audit.services import audit_record, snapshot
from sinergi.claims.assessment import SUPPORTED_EVENTS, assess
from sinergi.claims.documents import checklist_for
from sinergi.claims.models import Claim, ClaimDocument, ClaimEvent, JkpBenefitMonth
from sinergi.clock import now, today
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, user_can
from sinergi.registry.models import Employment, Worker

S = Claim.Status
# What a claim stores as text (its checklist labels, the notes of its history) is Indonesian, whatever the
# language of the officer's screen: the record is read by the next officer and by auditors. Messages to the
# user (errors) follow the screen's language.
STORED_LANGUAGE = "id"
AUDITED = ["number", "status", "programme", "event", "event_date", "eligible", "amount", "payer",
           "rejection_reason", "verified_by", "approved_by", "paid_on", "payment_reference"]


def _check(actor, capability: str) -> None:
    if actor is not None and not user_can(actor, capability):
        raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini."))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _require_status(claim: Claim, *allowed: str) -> None:
    if claim.status not in allowed:
        raise ValidationError(_("Klaim %(number)s berstatus %(status)s; langkah ini tidak dapat dilakukan.")
                              % {"number": claim.number, "status": claim.get_status_display()})


def _event(claim: Claim, kind: str, actor, note: str = "") -> None:
    ClaimEvent.objects.create(claim=claim, kind=kind, actor=_user(actor), at=now(), note=note)


def _date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# --- submission ----------------------------------------------------------------------------------------

def worker_find(*, identifier: str, actor) -> Worker:
    """The worker whose NIK (16 digits) or KPJ number is ``identifier``, among those ``actor`` sees."""
    value = re.sub(r"[\s.\-/]", "", identifier or "").lstrip("'")
    qs = Worker.objects.all() if actor is None else scoped(Worker, actor)
    worker = qs.filter(Q(nik=value) | Q(kpj=value)).first() if value else None
    if worker is None:
        raise ValidationError({"identifier": _("NIK atau nomor KPJ %(value)s tidak ditemukan pada kepesertaan "
                                               "yang tercatat di wilayah kerja Anda.") % {"value": value or "–"}})
    return worker


def claim_number(branch: OrgUnit, year: int) -> str:
    """``KLM.<seq>/<branch>/<yyyy>``: the branch's next number in the year (call with the branch locked)."""
    short = re.sub(r"^(bpjs-)?(cabang|kanwil|kcp)-", "", branch.code or "").replace("-", "").upper()[:16]
    short = short or str(branch.pk)
    suffix = f"/{short}/{year}"
    taken = Claim.objects.filter(number__startswith="KLM.", number__endswith=suffix).values_list("number", flat=True)
    last = max((int(n[4:-len(suffix)]) for n in taken if n[4:-len(suffix)].isdigit()), default=0)
    return f"KLM.{last + 1:05d}{suffix}"


def _employment_on(worker: Worker, programme: str, on: dt.date) -> Employment:
    """The worker's employment in force on ``on`` that enrols ``programme``; ValidationError otherwise."""
    employments = list(Employment.objects.filter(worker=worker).select_related("employer", "employer__branch")
                       .order_by("-start_date", "-id"))
    if not employments or min(e.start_date for e in employments) > on:
        first = min((e.start_date for e in employments), default=None)
        raise ValidationError({"event_date": _("Tanggal kejadian %(date)s sebelum tanggal kepesertaan "
                                               "(%(start)s).") % {"date": _date(on),
                                                                  "start": _date(first) if first else "–"}})
    current = [e for e in employments if e.start_date <= on and (e.end_date is None or e.end_date >= on)]
    if not current:
        raise ValidationError({"event_date": _("Pada tanggal kejadian %(date)s tenaga kerja ini tidak tercatat "
                                               "bekerja pada pemberi kerja mana pun.") % {"date": _date(on)}})
    enrolled = [e for e in current if getattr(e, programme)]
    if not enrolled:
        raise ValidationError({"programme": _("Pada tanggal kejadian tenaga kerja ini tidak terdaftar dalam "
                                              "program %(programme)s.") % {"programme": programme.upper()}})
    return enrolled[0]


def _branch_for(actor, employment: Employment) -> OrgUnit:
    unit = getattr(actor, "org_unit", None)
    if unit is not None and unit.kind == UnitKind.BPJS_CABANG:
        return unit
    return employment.employer.branch


def claim_submit(*, identifier: str, programme: str, event: str, event_date: dt.date, claimant_name: str,
                 bank_name: str, bank_account: str, actor, claimant_relationship: str = "self",
                 phk_letter_date: dt.date | None = None, phk_reason: str = "", note: str = "") -> Claim:
    """Register a claim at the actor's branch (a Kanwil officer's claim goes to the employer's branch).

    Finds the worker by NIK or KPJ within the actor's scope, the employment in force on the event date,
    computes eligibility and amount with the rules from the registry and the ledger (``assessment.assess``),
    copies the documents checklist, and records the ``submitted`` step. An ineligible claim is registered
    with the rules' reasons (the officer then rejects it with a coded reason); bad input is refused with a
    ValidationError naming its field.
    """
    _check(actor, "claims.manage")
    on = today()
    if programme not in Claim.Programme.values:
        raise ValidationError({"programme": _("Program tidak dikenal.")})
    if programme not in SUPPORTED_EVENTS:
        raise ValidationError({"programme": _("Klaim %(programme)s belum dapat dihitung di Sinergi: saldo dan "
                                              "riwayat iuran per tenaga kerja belum tercatat. Ajukan melalui "
                                              "sistem inti BPJS Ketenagakerjaan.")
                               % {"programme": programme.upper()}})
    if event not in SUPPORTED_EVENTS[programme]:
        allowed = ", ".join(str(Claim.Event(e).label) for e in SUPPORTED_EVENTS[programme])
        raise ValidationError({"event": _("Kejadian ini tidak sesuai dengan program %(programme)s (yang sesuai: "
                                          "%(allowed)s).") % {"programme": programme.upper(), "allowed": allowed}})
    if event_date > on:
        raise ValidationError({"event_date": _("Tanggal kejadian tidak boleh di masa depan.")})
    if programme == "jkp":
        if phk_letter_date is None:
            raise ValidationError({"phk_letter_date": _("Tanggal surat PHK wajib diisi untuk klaim JKP.")})
        if phk_letter_date > on:
            raise ValidationError({"phk_letter_date": _("Tanggal surat PHK (%(letter)s) tidak boleh setelah "
                                                        "tanggal pengajuan klaim (%(claim)s).")
                                   % {"letter": _date(phk_letter_date), "claim": _date(on)}})
        if not phk_reason:
            raise ValidationError({"phk_reason": _("Alasan PHK wajib diisi untuk klaim JKP.")})
    account = re.sub(r"[\s.\-]", "", bank_account or "")
    if not account.isdigit() or not 6 <= len(account) <= 20:
        raise ValidationError({"bank_account": _("Nomor rekening harus 6 sampai 20 angka.")})
    worker = worker_find(identifier=identifier, actor=actor)
    employment = _employment_on(worker, programme, event_date)
    with transaction.atomic():
        branch = OrgUnit.objects.select_for_update().get(pk=_branch_for(actor, employment).pk)
        duplicate = (Claim.objects.filter(worker=worker, programme=programme, event_date=event_date)
                     .exclude(status=S.REJECTED).first())
        if duplicate is not None:
            raise _duplicate(duplicate)
        assessment = assess(programme=programme, event=event, event_date=event_date, submitted_on=on,
                            employment=employment, phk_reason=phk_reason)
        claim = Claim(
            number=claim_number(branch, on.year), branch=branch, worker=worker, employer=employment.employer,
            employment=employment, programme=programme, event=event, event_date=event_date, submitted_on=on,
            phk_letter_date=phk_letter_date if programme == "jkp" else None,
            phk_reason=phk_reason if programme == "jkp" else "", claimant_name=claimant_name.strip(),
            claimant_relationship=claimant_relationship, bank_name=bank_name.strip(), bank_account=account,
            eligible=assessment.eligible, amount=assessment.amount, payer=assessment.payer,
            explanation=assessment.explanation, employer_arrears=assessment.arrears,
            employer_arrears_months=assessment.arrears_months, created_by=_user(actor))
        claim.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError as error:  # a claim for the same event committed meanwhile
            raise _duplicate(Claim.objects.filter(worker=worker, programme=programme, event_date=event_date)
                             .exclude(status=S.REJECTED).first()) from error
        checklist = checklist_for(programme, event)
        with translation.override(STORED_LANGUAGE):
            ClaimDocument.objects.bulk_create([ClaimDocument(claim=claim, code=d.code, label=str(d.label))
                                               for d in checklist.documents])
        _event(claim, ClaimEvent.Kind.SUBMITTED, actor, note)
        audit_record(actor=actor, action="claims.claim.submit", obj=claim, after={
            **snapshot(claim, AUDITED), "worker": worker.kpj or worker.pk, "employer": employment.employer.npp,
            "employer_arrears": claim.employer_arrears, "reason_codes": assessment.explanation["reason_codes"]},
            reason=note)
    return claim


def _duplicate(existing: Claim | None) -> ValidationError:
    number = existing.number if existing is not None else "–"
    return ValidationError({"event_date": _("Klaim untuk kejadian yang sama sudah terdaftar (%(number)s); "
                                            "klaim ganda tidak dapat diajukan.") % {"number": number}})


# --- documents -----------------------------------------------------------------------------------------

def claim_document_check(*, claim: Claim, received: list[str] | tuple[str, ...], actor, note: str = "") -> Claim:
    """Record which documents of the checklist were received (``received``: their codes; the others are
    not). When every document is received the claim becomes ``documents_complete``; a claim returned for
    documents goes back to ``submitted`` or, complete, straight to ``documents_complete``."""
    _check(actor, "claims.manage")
    with transaction.atomic():
        locked = _locked(claim)
        _require_status(locked, S.SUBMITTED, S.DOCUMENTS_COMPLETE, S.RETURNED)
        documents = list(ClaimDocument.objects.select_for_update().filter(claim=locked))
        known = {d.code for d in documents}
        unknown = set(received) - known
        if unknown:
            raise ValidationError({"received": _("Dokumen tidak dikenal: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}})
        before = snapshot(locked, AUDITED)
        moment = now()
        changed = []
        for document in documents:
            value = document.code in received
            if value != document.received:
                document.received, document.checked_by, document.checked_at = value, _user(actor), moment
                changed.append(document)
        ClaimDocument.objects.bulk_update(changed, ["received", "checked_by", "checked_at"])
        complete = all(d.code in received for d in documents)
        locked.status = S.DOCUMENTS_COMPLETE if complete else S.SUBMITTED
        locked.full_clean(validate_constraints=False)
        locked.save(update_fields=["status", "updated_at"])
        missing = [d.label for d in documents if d.code not in received]
        with translation.override(STORED_LANGUAGE):
            text = note or (_("Belum lengkap: %(docs)s.") % {"docs": "; ".join(missing)} if missing else "")
        _event(locked, ClaimEvent.Kind.DOCUMENTS_COMPLETE if complete else ClaimEvent.Kind.DOCUMENTS, actor, text)
        audit_record(actor=actor, action="claims.claim.documents", obj=locked, before=before,
                     after={**snapshot(locked, AUDITED), "received": sorted(received)}, reason=note)
    return locked


# --- verification and approval -------------------------------------------------------------------------

def claim_verify(*, claim: Claim, actor, note: str = "") -> Claim:
    """The claims officer's check (maker): documents complete and the rules found the claim eligible."""
    _check(actor, "claims.manage")
    with transaction.atomic():
        locked = _locked(claim)
        _require_status(locked, S.DOCUMENTS_COMPLETE)
        if not locked.eligible:
            reasons = "; ".join(locked.explanation.get("reasons", ())) or _("tidak memenuhi syarat")
            raise ValidationError(_("Klaim tidak memenuhi syarat menurut ketentuan (%(reasons)s); tolak klaim "
                                    "dengan alasan yang sesuai.") % {"reasons": reasons})
        before = snapshot(locked, AUDITED)
        locked.status, locked.verified_by, locked.verified_at = S.VERIFIED, _user(actor), now()
        locked.full_clean(validate_constraints=False)
        locked.save(update_fields=["status", "verified_by", "verified_at", "updated_at"])
        _event(locked, ClaimEvent.Kind.VERIFIED, actor, note)
        audit_record(actor=actor, action="claims.claim.verify", obj=locked, before=before,
                     after=snapshot(locked, AUDITED), reason=note)
    return locked


def claim_approve(*, claim: Claim, actor, note: str = "") -> Claim:
    """The checker's approval: someone other than the verifier. A JKP claim gets its monthly schedule."""
    _check(actor, "claims.approve")
    with transaction.atomic():
        locked = _locked(claim)
        _require_status(locked, S.VERIFIED)
        if actor is not None and locked.verified_by_id == getattr(actor, "pk", None):
            raise ValidationError(_("Klaim ini Anda verifikasi sendiri; persetujuan harus oleh pejabat lain "
                                    "(prinsip empat mata)."))
        before = snapshot(locked, AUDITED)
        locked.status, locked.approved_by, locked.approved_at = S.APPROVED, _user(actor), now()
        locked.full_clean(validate_constraints=False)
        locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        if locked.programme == Claim.Programme.JKP:
            JkpBenefitMonth.objects.bulk_create([
                JkpBenefitMonth(claim=locked, month=row["month"], rate=Decimal(row["rate"]), amount=Decimal(row["amount"]))
                for row in locked.explanation.get("schedule", ())])
        _event(locked, ClaimEvent.Kind.APPROVED, actor, note)
        audit_record(actor=actor, action="claims.claim.approve", obj=locked, before=before,
                     after=snapshot(locked, AUDITED), reason=note)
    return locked


def claim_reject(*, claim: Claim, reason: str, actor, note: str = "") -> Claim:
    """Reject an open claim with a coded reason (``Claim.Rejection``). Officers reject before approval; after
    approval only an approver may (the approval is theirs to undo)."""
    if actor is not None and not (user_can(actor, "claims.manage") or user_can(actor, "claims.approve")):
        raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini."))
    if reason not in Claim.Rejection.values:
        raise ValidationError({"reason": _("Pilih alasan penolakan.")})
    with transaction.atomic():
        locked = _locked(claim)
        _check(actor, "claims.approve" if locked.status == S.APPROVED else "claims.manage")
        _require_status(locked, S.SUBMITTED, S.DOCUMENTS_COMPLETE, S.VERIFIED, S.RETURNED, S.APPROVED)
        if locked.jkp_months.filter(status=JkpBenefitMonth.Status.PAID).exists():
            raise ValidationError(_("Sebagian manfaat JKP klaim ini sudah dibayar; klaim tidak dapat ditolak."))
        before = snapshot(locked, AUDITED)
        locked.status, locked.rejection_reason = S.REJECTED, reason
        locked.full_clean(validate_constraints=False)
        locked.save(update_fields=["status", "rejection_reason", "updated_at"])
        with translation.override(STORED_LANGUAGE):
            held, text = _("Klaim ditolak"), f"{Claim.Rejection(reason).label}. {note}".strip()
        locked.jkp_months.update(status=JkpBenefitMonth.Status.HELD, note=held)
        _event(locked, ClaimEvent.Kind.REJECTED, actor, text)
        audit_record(actor=actor, action="claims.claim.reject", obj=locked, before=before,
                     after=snapshot(locked, AUDITED), reason=note)
    return locked


def claim_return(*, claim: Claim, note: str, actor) -> Claim:
    """Return a claim to the claimant for documents; ``note`` says what is missing (required)."""
    _check(actor, "claims.manage")
    if not (note or "").strip():
        raise ValidationError({"note": _("Sebutkan dokumen yang harus dilengkapi.")})
    with transaction.atomic():
        locked = _locked(claim)
        _require_status(locked, S.SUBMITTED, S.DOCUMENTS_COMPLETE, S.VERIFIED)
        before = snapshot(locked, AUDITED)
        locked.status, locked.verified_by, locked.verified_at = S.RETURNED, None, None
        locked.full_clean(validate_constraints=False)
        locked.save(update_fields=["status", "verified_by", "verified_at", "updated_at"])
        _event(locked, ClaimEvent.Kind.RETURNED, actor, note.strip())
        audit_record(actor=actor, action="claims.claim.return", obj=locked, before=before,
                     after=snapshot(locked, AUDITED), reason=note.strip())
    return locked


# --- payment -------------------------------------------------------------------------------------------

def claim_pay(*, claim: Claim, paid_on: dt.date, reference: str, actor, note: str = "") -> Claim:
    """Record the transfer of an approved claim. For JKP, the next scheduled month is paid; the claim is
    ``paid`` when no month is left scheduled."""
    _check(actor, "claims.manage")
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Referensi transfer bank wajib diisi.")})
    if paid_on > today():
        raise ValidationError({"paid_on": _("Tanggal bayar tidak boleh di masa depan.")})
    with transaction.atomic():
        locked = _locked(claim)
        _require_status(locked, S.APPROVED)
        if locked.approved_at and paid_on < locked.approved_at.date():
            raise ValidationError({"paid_on": _("Tanggal bayar tidak boleh sebelum tanggal persetujuan.")})
        before = snapshot(locked, AUDITED)
        text = note
        if locked.programme == Claim.Programme.JKP:
            month = (JkpBenefitMonth.objects.select_for_update().filter(claim=locked,
                                                                        status=JkpBenefitMonth.Status.SCHEDULED)
                     .order_by("month").first())
            if month is None:
                raise ValidationError(_("Tidak ada manfaat bulanan JKP yang terjadwal."))
            month.status, month.paid_on, month.reference = JkpBenefitMonth.Status.PAID, paid_on, reference
            month.full_clean(validate_constraints=False)
            month.save(update_fields=["status", "paid_on", "reference"])
            with translation.override(STORED_LANGUAGE):
                text = (_("Bulan ke-%(month)s dibayar.") % {"month": month.month} + f" {note}").strip()
            done = not locked.jkp_months.filter(status=JkpBenefitMonth.Status.SCHEDULED).exists()
        else:
            done = True
        locked.paid_on, locked.payment_reference = paid_on, reference
        if done:
            locked.status = S.PAID
        locked.full_clean(validate_constraints=False)
        locked.save(update_fields=["status", "paid_on", "payment_reference", "updated_at"])
        _event(locked, ClaimEvent.Kind.PAID, actor, text)
        audit_record(actor=actor, action="claims.claim.pay", obj=locked, before=before,
                     after=snapshot(locked, AUDITED), reason=text)
    return locked


def jkp_month_hold(*, claim: Claim, note: str, actor) -> Claim:
    """Hold the next scheduled JKP month (e.g. the participant is working again); ``note`` says why. The
    claim is ``paid`` when nothing is left scheduled and at least one month was paid."""
    _check(actor, "claims.manage")
    if not (note or "").strip():
        raise ValidationError({"note": _("Sebutkan alasan penahanan.")})
    with transaction.atomic():
        locked = _locked(claim)
        _require_status(locked, S.APPROVED)
        month = (JkpBenefitMonth.objects.select_for_update()
                 .filter(claim=locked, status=JkpBenefitMonth.Status.SCHEDULED).order_by("month").first())
        if month is None:
            raise ValidationError(_("Tidak ada manfaat bulanan JKP yang terjadwal."))
        before = snapshot(locked, AUDITED)
        month.status, month.note = JkpBenefitMonth.Status.HELD, note.strip()
        month.save(update_fields=["status", "note"])
        months = set(locked.jkp_months.values_list("status", flat=True))
        if JkpBenefitMonth.Status.SCHEDULED not in months and JkpBenefitMonth.Status.PAID in months:
            locked.status = S.PAID
            locked.save(update_fields=["status", "updated_at"])
        with translation.override(STORED_LANGUAGE):
            text = _("Bulan ke-%(month)s ditahan: %(note)s") % {"month": month.month, "note": note.strip()}
        _event(locked, ClaimEvent.Kind.HELD, actor, text)
        audit_record(actor=actor, action="claims.claim.hold", obj=locked, before=before,
                     after={**snapshot(locked, AUDITED), "month": month.month}, reason=note.strip())
    return locked
