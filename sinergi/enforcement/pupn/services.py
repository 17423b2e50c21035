"""Handover of bad receivables to PUPN through a KPKNL: candidates, handover batches, PUPN stages.

**Candidates** (PMK 52/2024 through ``rules.pupn_eligibility``): employers whose stored position
(``EmployerSummary``) is *macet* and whose principal arrears reach the rules' minimum — prefiltered in SQL —
then asked one by one of the rules function for the verdict and its reasons. The amount compared with the
minimum is the **principal** in arrears (iuran pokok, as the aging report and the seed's "Rp 8 juta" count
it); the denda is handed over too, but does not decide eligibility.

- *Never handled by APH*: an employer that has ever had an SKK (any status) counts as handled.
- *Documents complete* (an explicit assumption, shown on the pages): the registration data is complete
  (address and regency recorded) and the billing letters exist (the unpaid bills of the ledger, whose ids
  are handed over); the handover form adds a checklist of the supporting documents, ticked by default, and
  an unticked item makes the batch incomplete (``documents_incomplete``).
- An employer already in a handover that was not rejected is no longer a candidate.
- Each candidate goes to the KPKNL whose ``jurisdiction`` contains the employer's regency (the most
  specific code wins); an employer in no KPKNL's jurisdiction is blocked with that reason.

**Handover** (``pupn_handover_create`` → draft, ``pupn_handover_submit`` → handed over): records per
employer the principal, denda and the ids of the unpaid bills. The ledger is not changed: the bills stay
as they were and the statement shows "Diserahkan ke PUPN (KPKNL …) sejak …".

**Stages** (``pupn_stage_record``): the KPKNL records SP3N or rejection, summons, Pernyataan Bersama, Surat
Paksa, seizure, auction, PSBDT and paid, in the order of ``TRANSITIONS``.

**Recovered** (``pupn_recovered``), the documented rule: the amounts the KPKNL records at its stages (money
received through PUPN, e.g. auction proceeds or instalments under a Pernyataan Bersama paid to the state)
*plus* the ledger's allocations, from posted payments dated on or after the handover date, to the bills
handed over (principal and denda). A payment the employer makes to BPJS is therefore counted from the
ledger and must not be typed in again by the KPKNL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext as _

from sinergi.audit.services import audit_record
from sinergi.clock import today
from sinergi.enforcement.letters import letter_generate
from sinergi.enforcement.models import Case, PupnCase, PupnEvent, PupnHandover, Skk, Step
from sinergi.enforcement.pupn.documents import DOCUMENTS, covering_letter_context
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, user_can
from sinergi.receivables.ledger import outstanding_lines
from sinergi.receivables.models import Allocation, EmployerSummary, Payment
from sinergi.receivables.penalties import bills_penalties, penalties_by_employer
from sinergi.rules import pupn_eligibility
from sinergi.rules.money import ZERO
from sinergi.rules.params import require
from sinergi.rules.receivables import pupn_minimum

# The supporting documents of a handover (the checklist of the form). Not law: the office's own list.

S = PupnCase.Stage
# Which stage may follow which. PSBDT (temporarily uncollectable) can still be paid later; rejected and
# paid end the case. Recording the current stage again is allowed when money comes in (an instalment).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.SP3N, S.REJECTED),
    S.SP3N: (S.SUMMONS, S.PERNYATAAN_BERSAMA, S.SURAT_PAKSA, S.PSBDT, S.PAID),
    S.SUMMONS: (S.PERNYATAAN_BERSAMA, S.SURAT_PAKSA, S.PSBDT, S.PAID),
    S.PERNYATAAN_BERSAMA: (S.SURAT_PAKSA, S.PSBDT, S.PAID),
    S.SURAT_PAKSA: (S.SEIZURE, S.PSBDT, S.PAID),
    S.SEIZURE: (S.AUCTION, S.PSBDT, S.PAID),
    S.AUCTION: (S.PSBDT, S.PAID),
    S.PSBDT: (S.PAID,),
    S.REJECTED: (),
    S.PAID: (),
}
# Stages that are a document of the KPKNL/PUPN and so need its number.
NEEDS_REFERENCE = (S.SP3N, S.REJECTED, S.SUMMONS, S.PERNYATAAN_BERSAMA, S.SURAT_PAKSA, S.SEIZURE, S.AUCTION,
                   S.PSBDT)
CLOSED_STAGES = (S.REJECTED, S.PAID)


class PupnError(ValidationError):
    pass


@dataclass
class PupnCandidate:
    """One macet employer as the handover screen and the CLI see it. ``principal`` is the principal in
    arrears (bills already due), ``penalty`` the denda accrued and unpaid, ``total`` their sum."""

    employer_id: int
    npp: str
    name: str
    address: str
    region_code: str
    region_name: str
    branch_id: int
    branch_name: str
    months: int
    principal: Decimal
    penalty: Decimal = ZERO
    kpknl: OrgUnit | None = None
    had_skk: bool = False
    registration_complete: bool = True
    bill_ids: list[int] = field(default_factory=list)
    eligible: bool = False
    reasons: tuple[str, ...] = ()
    reason_codes: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return self.principal + self.penalty

    def as_json(self) -> dict:
        return {"npp": self.npp, "name": self.name, "address": self.address, "regency": self.region_code,
                "regency_name": self.region_name, "branch": self.branch_name, "months": self.months,
                "principal": int(self.principal), "penalty": int(self.penalty), "total": int(self.total),
                "kpknl": self.kpknl.code if self.kpknl else None, "eligible": self.eligible,
                "reasons": list(self.reasons), "reason_codes": list(self.reason_codes)}


@dataclass
class PupnScreen:
    """Eligible candidates and the blocked ones (macet and above the minimum, but refused, with reasons)."""

    on: dt.date
    minimum: Decimal
    eligible: list[PupnCandidate]
    blocked: list[PupnCandidate]

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.eligible), ZERO)

    @property
    def principal(self) -> Decimal:
        return sum((c.principal for c in self.eligible), ZERO)

    def by_kpknl(self) -> list[dict]:
        groups: dict[int, dict] = {}
        for c in self.eligible:
            g = groups.setdefault(c.kpknl.pk, {"kpknl": c.kpknl, "employers": 0, "principal": ZERO,
                                               "penalty": ZERO, "total": ZERO})
            g["employers"] += 1
            g["principal"] += c.principal
            g["penalty"] += c.penalty
            g["total"] += c.total
        return sorted(groups.values(), key=lambda g: g["kpknl"].name)


# --- KPKNL assignment ------------------------------------------------------------------------------------

def kpknl_jurisdictions() -> list[tuple[str, OrgUnit]]:
    """(region code, KPKNL) pairs, most specific code first, in two queries."""
    units = OrgUnit.objects.filter(kind=UnitKind.KPKNL.value, is_active=True).prefetch_related("jurisdiction")
    pairs = [(region.code, u) for u in units for region in u.jurisdiction.all()]
    return sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1].code))


def region_unit(region_code: str | None, pairs: list[tuple[str, OrgUnit]]) -> OrgUnit | None:
    """The unit whose jurisdiction contains ``region_code`` (a regency or anything below it)."""
    if not region_code:
        return None
    for code, unit in pairs:
        if region_code == code or region_code.startswith(code + "."):
            return unit
    return None


# --- candidates ------------------------------------------------------------------------------------------

def handled_by_aph_q() -> Exists:
    return Exists(Skk.objects.filter(employer_id=OuterRef("employer_id")))


def in_handover_q() -> Exists:
    return Exists(PupnCase.objects.filter(employer_id=OuterRef("employer_id"))
                  .exclude(stage=PupnCase.Stage.REJECTED))


def _summaries(*, user, unit: OrgUnit | None) -> QuerySet[EmployerSummary]:
    qs = scoped(EmployerSummary, user) if user is not None else EmployerSummary.objects.all()
    if unit is not None:
        qs = qs.filter(employer__branch__path__startswith=unit.path)
    return qs


def _evaluate(qs: QuerySet[EmployerSummary], *, on: dt.date) -> list[PupnCandidate]:
    rows = list(qs.annotate(had_skk=handled_by_aph_q())
                .values("employer_id", "employer__npp", "employer__name", "employer__address",
                        "employer__region_id", "employer__region__name", "employer__branch_id",
                        "employer__branch__name", "months_overdue", "arrears", "klass", "had_skk")
                .order_by("employer__npp"))
    ids = [r["employer_id"] for r in rows]
    if not ids:
        return []
    denda = penalties_by_employer(bills_penalties(as_of=on, employers=ids).values())
    bills: dict[int, set[int]] = defaultdict(set)
    for line in outstanding_lines(as_of=on, employers=ids):
        if line.outstanding > 0:
            bills[line.employer_id].add(line.bill_id)
    pairs = kpknl_jurisdictions()
    result = []
    for r in rows:
        accrued, paid = denda.get(r["employer_id"], (ZERO, ZERO))
        candidate = PupnCandidate(
            employer_id=r["employer_id"], npp=r["employer__npp"], name=r["employer__name"],
            address=r["employer__address"] or "", region_code=r["employer__region_id"] or "",
            region_name=r["employer__region__name"] or "", branch_id=r["employer__branch_id"],
            branch_name=r["employer__branch__name"], months=r["months_overdue"], principal=r["arrears"],
            penalty=max(accrued - paid, ZERO), kpknl=region_unit(r["employer__region_id"], pairs),
            had_skk=r["had_skk"],
            registration_complete=bool((r["employer__address"] or "").strip() and r["employer__region_id"]),
            bill_ids=sorted(bills.get(r["employer_id"], ())),
        )
        verdict = pupn_eligibility(collectibility=r["klass"], amount=candidate.principal,
                                   documents_complete=candidate.registration_complete and bool(candidate.bill_ids),
                                   handled_by_aph=candidate.had_skk, on=on)
        reasons, codes = list(verdict.reasons), list(verdict.reason_codes)
        if candidate.kpknl is None:
            codes.append("no_kpknl")
            reasons.append(_("Wilayah %(region)s tidak termasuk wilayah kerja KPKNL mana pun.")
                           % {"region": candidate.region_name or candidate.region_code or "–"})
        candidate.eligible = not codes
        candidate.reasons, candidate.reason_codes = tuple(reasons), tuple(codes)
        result.append(candidate)
    return result


def pupn_candidates(*, user=None, unit: OrgUnit | None = None, on: dt.date | None = None,
                    kpknl: OrgUnit | None = None) -> PupnScreen:
    """Candidates within the user's scope (``user=None``: the system) and under ``unit`` (a Kanwil or a
    branch). SQL keeps the macet employers at or above the minimum that are not in a handover yet; the rules
    decide each. Blocked ones (had an SKK, registration incomplete, no KPKNL) come back with their reasons."""
    on = on or today()
    minimum = pupn_minimum(on)
    required = require("pupn/required_collectibility", on).value
    qs = (_summaries(user=user, unit=unit).filter(klass=required, arrears__gte=minimum)
          .exclude(in_handover_q()))
    candidates = _evaluate(qs, on=on)
    if kpknl is not None:
        candidates = [c for c in candidates if c.kpknl is not None and c.kpknl.pk == kpknl.pk]
    return PupnScreen(on=on, minimum=minimum, eligible=[c for c in candidates if c.eligible],
                      blocked=[c for c in candidates if not c.eligible])


def pupn_check(*, employer_ids, user=None, on: dt.date | None = None) -> dict[int, PupnCandidate]:
    """The rules' verdict for particular employers, without the SQL prefilter (so "not macet" and "below
    the minimum" come back as reasons). An employer without a stored position is not macet."""
    on = on or today()
    ids = sorted({int(i) for i in employer_ids})
    found = {c.employer_id: c for c in _evaluate(_summaries(user=user, unit=None).filter(employer_id__in=ids),
                                                  on=on)}
    busy = set(PupnCase.objects.filter(employer_id__in=ids).exclude(stage=PupnCase.Stage.REJECTED)
               .values_list("employer_id", flat=True))
    for employer_id in busy & set(found):
        c = found[employer_id]
        c.eligible = False
        c.reason_codes += ("already_handed_over",)
        c.reasons += (_("Piutang ini sudah diserahkan ke PUPN."),)
    return found


# --- handovers -------------------------------------------------------------------------------------------

def _refusal(candidates: list[PupnCandidate]) -> list[str]:
    return [_("NPP %(npp)s (%(name)s): %(reasons)s") % {"npp": c.npp, "name": c.name, "reasons": " ".join(c.reasons)}
            for c in candidates]


def _handover_branch(actor, employers: list[PupnCandidate]) -> OrgUnit:
    unit = actor.org_unit
    if unit is not None and unit.kind in (UnitKind.BPJS_CABANG.value, UnitKind.BPJS_KANWIL.value):
        return unit
    branches = OrgUnit.objects.filter(pk__in={c.branch_id for c in employers}).select_related("parent")
    branches = list(branches)
    if len(branches) == 1:
        return branches[0]
    return branches[0].parent or branches[0]


@transaction.atomic
def pupn_handover_create(*, kpknl: OrgUnit, employer_ids, documents: dict[str, bool], actor,
                         on: dt.date | None = None) -> PupnHandover:
    """A draft handover of the chosen employers to ``kpknl``. Refused as a whole, with every employer's
    reasons, when one of them is not eligible, belongs to another KPKNL or is outside the actor's scope, or
    when a supporting document of the checklist is missing."""
    if not user_can(actor, "enforcement.pupn_handover"):
        raise PermissionDenied
    on = on or today()
    ids = sorted({int(i) for i in employer_ids})
    if not ids:
        raise PupnError(_("Pilih sedikitnya satu pemberi kerja."))
    missing_docs = [str(label) for key, label in DOCUMENTS if not documents.get(key)]
    checked = pupn_check(employer_ids=ids, user=actor, on=on)
    errors = []
    if len(checked) < len(ids):
        errors.append(_("%(n)s pemberi kerja tidak ditemukan atau tidak macet di wilayah Anda.")
                      % {"n": len(ids) - len(checked)})
    refused = [c for c in checked.values() if not c.eligible]
    errors += _refusal(refused)
    wrong = [c for c in checked.values() if c.eligible and c.kpknl is not None and c.kpknl.pk != kpknl.pk]
    errors += [_("NPP %(npp)s termasuk wilayah %(kpknl)s, bukan %(chosen)s.")
               % {"npp": c.npp, "kpknl": c.kpknl.name, "chosen": kpknl.name} for c in wrong]
    if missing_docs:
        verdict = pupn_eligibility(collectibility="macet", amount=pupn_minimum(on), documents_complete=False, on=on)
        errors.append(" ".join(verdict.reasons) + " " + _("Belum dicentang: %(docs)s.")
                      % {"docs": "; ".join(missing_docs)})
    if errors:
        raise PupnError(errors)
    chosen = [checked[i] for i in ids]
    handover = PupnHandover.objects.create(
        number=f"DRAF-{uuid.uuid4().hex[:12].upper()}", kpknl=kpknl, branch=_handover_branch(actor, chosen),
        status=PupnHandover.Status.DRAFT, created_by=actor)
    open_cases = dict(Case.objects.filter(employer_id__in=ids, closed_on__isnull=True)
                      .values_list("employer_id", "pk"))
    PupnCase.objects.bulk_create([
        PupnCase(handover=handover, employer_id=c.employer_id, case_id=open_cases.get(c.employer_id),
                 principal=c.principal, penalty=c.penalty, amount=c.total, bill_ids=c.bill_ids)
        for c in chosen
    ])
    audit_record(actor=actor, action="enforcement.pupn_handover.create", obj=handover, after={
        "kpknl": kpknl.code, "employers": len(chosen), "principal": str(sum(c.principal for c in chosen)),
        "penalty": str(sum(c.penalty for c in chosen)), "documents": sorted(k for k, v in documents.items() if v),
    }, reason=_("Draf penyerahan piutang ke PUPN"))
    return handover


@transaction.atomic
def pupn_handover_submit(*, handover: PupnHandover, number: str, dated: dt.date, actor) -> PupnHandover:
    """Hand the draft over: the berita acara's number and date. The employers are checked again (one may
    have been referred to the prosecutors or paid meanwhile); the linked compliance cases move to "PUPN";
    the covering letter is generated when the letters module is installed."""
    if not user_can(actor, "enforcement.pupn_handover"):
        raise PermissionDenied
    handover = PupnHandover.objects.select_for_update().get(pk=handover.pk)
    number = (number or "").strip()
    if handover.status != PupnHandover.Status.DRAFT:
        raise PupnError(_("Penyerahan %(number)s sudah diserahkan.") % {"number": handover.number})
    errors = []
    if not number:
        errors.append(_("Isi nomor berita acara."))
    elif PupnHandover.objects.filter(number=number).exclude(pk=handover.pk).exists():
        errors.append(_("Nomor berita acara %(number)s sudah dipakai.") % {"number": number})
    if dated > today():
        errors.append(_("Tanggal penyerahan tidak boleh di masa depan."))
    cases = list(handover.cases.all())
    ids = [c.employer_id for c in cases]
    checked = pupn_check(employer_ids=ids, user=actor, on=dated)
    # The handover's own rows make every employer "already handed over"; that reason is not a refusal here.
    refused = []
    for c in checked.values():
        codes = [code for code in c.reason_codes if code != "already_handed_over"]
        if codes:
            c.reasons = tuple(r for r, code in zip(c.reasons, c.reason_codes, strict=True)
                              if code != "already_handed_over")
            refused.append(c)
    errors += _refusal(refused)
    others = set(PupnCase.objects.filter(employer_id__in=ids).exclude(handover=handover)
                 .exclude(stage=PupnCase.Stage.REJECTED).values_list("employer_id", flat=True))
    errors += [_("NPP %(npp)s sudah ada dalam penyerahan lain.") % {"npp": c.employer.npp}
               for c in cases if c.employer_id in others]
    if errors:
        raise PupnError(errors)
    before = {"number": handover.number, "status": handover.status, "dated": None}
    handover.number, handover.status, handover.dated = number, PupnHandover.Status.HANDED_OVER, dated
    handover.full_clean()
    handover.save(update_fields=["number", "status", "dated"])
    case_ids = [c.case_id for c in cases if c.case_id]
    if case_ids:
        Case.objects.filter(pk__in=case_ids).update(stage=Case.Stage.PUPN, next_action="", next_due=None)
        Step.objects.bulk_create([
            Step(case_id=pk, kind=Step.Kind.PUPN, started_on=dated, done_on=dated, created_by=actor,
                 outcome=_("Diserahkan ke %(kpknl)s, berita acara %(number)s")
                 % {"kpknl": handover.kpknl.name, "number": number}, reference="PMK 52/2024")
            for pk in case_ids
        ])
    audit_record(actor=actor, action="enforcement.pupn_handover.submit", obj=handover, before=before,
                 after={"number": number, "status": handover.status, "dated": dated.isoformat(),
                        "employers": len(cases), "amount": str(sum(c.amount for c in cases))},
                 reason=_("Penyerahan piutang ke PUPN"))
    _covering_letter(handover, actor)
    return handover


def _covering_letter(handover: PupnHandover, actor) -> None:
    """The surat pengantar through the letters engine (numbered and stored)."""
    letter_generate(kind="pengantar_kpknl", handover=handover, actor=actor, dated=handover.dated,
                    context=covering_letter_context(handover))


def pupn_handover_remove(*, handover: PupnHandover, pupn_case: PupnCase, actor) -> None:
    """Take one employer out of a draft (the draft itself stays)."""
    if not user_can(actor, "enforcement.pupn_handover"):
        raise PermissionDenied
    with transaction.atomic():
        handover = PupnHandover.objects.select_for_update().get(pk=handover.pk)
        if handover.status != PupnHandover.Status.DRAFT:
            raise PupnError(_("Hanya draf yang dapat diubah."))
        before = {"employer": pupn_case.employer_id, "amount": str(pupn_case.amount)}
        PupnCase.objects.filter(pk=pupn_case.pk, handover=handover).delete()
        audit_record(actor=actor, action="enforcement.pupn_handover.remove", obj=handover, before=before,
                     reason=_("Pemberi kerja dikeluarkan dari draf"))


# --- PUPN stages -----------------------------------------------------------------------------------------

def next_stages(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


@transaction.atomic
def pupn_stage_record(*, pupn_case: PupnCase, stage: str, dated: dt.date, actor, reference: str = "",
                      amount: Decimal | int = 0, note: str = "") -> PupnEvent:
    """Record what the KPKNL/PUPN did for one employer's receivable, in the order of ``TRANSITIONS``."""
    if not user_can(actor, "enforcement.pupn_work"):
        raise PermissionDenied
    pc = PupnCase.objects.select_for_update().select_related("handover").get(pk=pupn_case.pk)
    labels = dict(PupnCase.Stage.choices)
    amount = Decimal(amount or 0)
    reference = (reference or "").strip()
    errors = []
    if pc.handover.status != PupnHandover.Status.HANDED_OVER:
        errors.append(_("Berkas ini belum diserahkan ke KPKNL."))
    elif stage not in labels:
        errors.append(_("Tahap tidak dikenal."))
    elif stage == pc.stage and (amount <= 0 or stage in CLOSED_STAGES):
        errors.append(_("Berkas sudah pada tahap %(stage)s; catat tahap itu lagi hanya untuk penerimaan uang "
                        "(angsuran).") % {"stage": labels[pc.stage]})
    elif stage != pc.stage and stage not in TRANSITIONS[pc.stage]:
        allowed = ", ".join(str(labels[s]) for s in TRANSITIONS[pc.stage])
        errors.append(_("Tahap %(stage)s tidak dapat dicatat sesudah %(current)s. %(allowed)s") % {
            "stage": labels[stage], "current": labels[pc.stage],
            "allowed": (_("Tahap berikutnya yang mungkin: %(list)s.") % {"list": allowed}) if allowed
            else _("Berkas ini sudah selesai.")})
    last = pc.events.order_by("-dated").values_list("dated", flat=True).first()
    if pc.handover.dated and dated < pc.handover.dated:
        errors.append(_("Tanggal tidak boleh sebelum tanggal penyerahan (%(date)s).")
                      % {"date": pc.handover.dated.isoformat()})
    elif last and dated < last:
        errors.append(_("Tanggal tidak boleh sebelum tahap terakhir (%(date)s).") % {"date": last.isoformat()})
    if dated > today():
        errors.append(_("Tanggal tidak boleh di masa depan."))
    if stage in NEEDS_REFERENCE and not reference:
        errors.append(_("Isi nomor dokumen untuk tahap %(stage)s.") % {"stage": labels.get(stage, stage)})
    if amount < 0:
        errors.append(_("Jumlah diterima tidak boleh negatif."))
    if errors:
        raise PupnError(errors)
    before = {"stage": pc.stage, "recovered": str(pc.recovered)}
    event = PupnEvent.objects.create(pupn_case=pc, stage=stage, dated=dated, reference=reference, amount=amount,
                                     note=note.strip(), created_by=actor)
    pc.stage = stage
    pc.recovered = pc.recovered + amount
    pc.save(update_fields=["stage", "recovered"])
    audit_record(actor=actor, action="enforcement.pupn_case.stage", obj=pc, before=before,
                 after={"stage": stage, "recovered": str(pc.recovered), "dated": dated.isoformat(),
                        "reference": reference, "amount": str(amount)}, reason=note.strip())
    return event


# --- recoveries ------------------------------------------------------------------------------------------

def ledger_recoveries(cases, *, until: dt.date | None = None) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """Per PupnCase id, the (payment date, amount) of the ledger's allocations to the bills it handed over
    from posted payments dated on or after the handover date (and on or before ``until``). One query."""
    cases = [c for c in cases if c.handover.dated and c.bill_ids]
    if not cases:
        return {}
    employers = {c.employer_id for c in cases}
    start = min(c.handover.dated for c in cases)
    allocations = Allocation.objects.filter(
        reversed=False, payment__status=Payment.Status.POSTED, payment__employer_id__in=employers,
        payment__paid_on__gte=start, **({"payment__paid_on__lte": until} if until else {}))
    by_bill: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for bill_id, paid_on, amount in allocations.values_list("bill_id", "payment__paid_on", "amount"):
        by_bill[bill_id].append((paid_on, amount))
    result: dict[int, list[tuple[dt.date, Decimal]]] = {}
    for c in cases:
        result[c.pk] = [(d, a) for bill in c.bill_ids for d, a in by_bill.get(bill, ()) if d >= c.handover.dated]
    return result


def pupn_recovered(cases, *, until: dt.date | None = None) -> dict[int, Decimal]:
    """Recovered per PupnCase id: the KPKNL's recorded amounts plus the ledger's (module docstring).
    ``cases`` need ``handover`` loaded (select_related); with ``until`` only what came in by that day."""
    cases = list(cases)
    ledger = ledger_recoveries(cases, until=until)
    recorded: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if until is None:
        for c in cases:
            recorded[c.pk] = c.recovered
    else:
        rows = (PupnEvent.objects.filter(pupn_case__in=[c.pk for c in cases], dated__lte=until)
                .values("pupn_case_id").annotate(total=Sum("amount")).order_by())
        for r in rows:
            recorded[r["pupn_case_id"]] = r["total"] or ZERO
    return {c.pk: recorded[c.pk] + sum((a for _d, a in ledger.get(c.pk, ())), ZERO) for c in cases}


# --- reads -----------------------------------------------------------------------------------------------

def handovers_visible(*, user) -> QuerySet[PupnHandover]:
    return (scoped(PupnHandover, user).select_related("kpknl", "branch", "created_by")
            .annotate(employers=_count_cases(), amount_total=Sum("cases__amount"))
            .order_by("-created_at", "-pk"))


def _count_cases():
    from django.db.models import Count

    return Count("cases", distinct=True)


def pupn_cases_visible(*, user) -> QuerySet[PupnCase]:
    return scoped(PupnCase, user).select_related("handover__kpknl", "handover__branch", "employer__region")


def employer_pupn_status(employer_id: int) -> PupnCase | None:
    """The handover an employer's receivable is in (not rejected), for the ledger's pages."""
    return (PupnCase.objects.filter(employer_id=employer_id, handover__status=PupnHandover.Status.HANDED_OVER)
            .exclude(stage=PupnCase.Stage.REJECTED).select_related("handover__kpknl")
            .order_by("-handover__dated").first())


def kpknl_choices(*, user=None) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=UnitKind.KPKNL.value, is_active=True).order_by("name")

