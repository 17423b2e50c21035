"""SKK to the prosecutors: handing an employer's arrears to a Kejari (or Kejati) and the prosecutors' work.

Services (each one transaction with its audit event; ``actor`` None is the system — the CLI, a job):

- :func:`skk_create` — BPJS compliance hands over one employer's arrears (``enforcement.manage``). The
  Kejari defaults to the one whose jurisdiction holds the employer's regency, else the province's Kejati.
  The amounts are the ledger's at the SKK date (:func:`skk_amounts`).
- :func:`skk_record` — the Jaksa Pengacara Negara record what they did (``enforcement.skk_work``): summons,
  clarification meeting, negotiation, settled, failed (with the obstacle), returned to BPJS. The state
  machine is :data:`TRANSITIONS`; anything else is refused with a message that says what may come next.
- :func:`skk_commit` — a payment commitment: a lump sum (one instalment) or an instalment schedule.

Recoveries are not recorded here: they are the ledger's payments (``enforcement.recoveries``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.audit.services import audit_record, snapshot
from sinergi.clock import today
from sinergi.enforcement.models import Case, Instalment, Skk, SkkEvent, Step
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, user_can
from sinergi.registry.models import Employer
from sinergi.rules.money import ZERO, split_amount
from sinergi.rules.periods import add_months

S = Skk.Status
CLOSED = (S.SETTLED, S.FAILED, S.RETURNED)
# What may be recorded after each status. A second summons or another meeting is recorded again; once an
# SKK is settled, failed or returned nothing more is recorded (a new SKK is issued instead).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.HANDED_OVER: (S.SUMMONED, S.SETTLED, S.FAILED, S.RETURNED),
    S.SUMMONED: (S.SUMMONED, S.CLARIFICATION, S.NEGOTIATION, S.COMMITMENT, S.SETTLED, S.FAILED, S.RETURNED),
    S.CLARIFICATION: (S.SUMMONED, S.CLARIFICATION, S.NEGOTIATION, S.COMMITMENT, S.SETTLED, S.FAILED, S.RETURNED),
    S.NEGOTIATION: (S.SUMMONED, S.NEGOTIATION, S.COMMITMENT, S.SETTLED, S.FAILED, S.RETURNED),
    S.COMMITMENT: (S.NEGOTIATION, S.COMMITMENT, S.SETTLED, S.FAILED, S.RETURNED),
    S.SETTLED: (),
    S.FAILED: (),
    S.RETURNED: (),
}
LEGAL_BASIS = "UU 16/2004 Pasal 30 ayat (2) (kuasa khusus Jaksa Pengacara Negara di bidang perdata)"
MAX_INSTALMENTS = 36  # not law: a sanity bound on a schedule typed into a form


class SkkError(ValidationError):
    """An SKK operation that is refused; the message is for the user, in Indonesian."""


# --- reads that the services need ----------------------------------------------------------------------

def kejari_for(employer: Employer) -> OrgUnit | None:
    """The Kejari whose jurisdiction holds the employer's regency (the first five characters of its region
    code), else the Kejati of its province; None when the employer has no region or no office serves it."""
    code = employer.region_id or ""
    if not code:
        return None
    regency, province = code[:5], code[:2]
    units = OrgUnit.objects.filter(is_active=True, kind__in=(UnitKind.KEJARI, UnitKind.KEJATI),
                                   jurisdiction__code__in=[regency, province]).distinct()
    found = {u.kind: u for u in units.order_by("kind", "code")}
    return found.get(UnitKind.KEJARI) or found.get(UnitKind.KEJATI)


@dataclass(frozen=True)
class ArrearsMonth:
    period: dt.date
    due: dt.date
    principal: Decimal  # outstanding principal of the month's bill at the date
    penalty: Decimal  # outstanding denda of the month's bill at the date


@dataclass(frozen=True)
class SkkAmounts:
    """What an SKK hands over at a date: the principal still unpaid on bills already due on that date and the
    denda of those bills outstanding at that date (both from the receivables ledger and its penalty rules;
    bills not yet due, administrative fines and credit are not included)."""

    as_of: dt.date
    months: tuple[ArrearsMonth, ...]

    @property
    def principal(self) -> Decimal:
        return sum((m.principal for m in self.months), ZERO)

    @property
    def penalty(self) -> Decimal:
        return sum((m.penalty for m in self.months), ZERO)

    @property
    def amount(self) -> Decimal:
        return self.principal + self.penalty


def skk_amounts(employer: Employer | int, dated: dt.date) -> SkkAmounts:
    """The arrears of one employer at ``dated``, month by month (see :class:`SkkAmounts`)."""
    from sinergi.receivables.ledger import outstanding_lines, penalties_as_of
    from sinergi.receivables.models import Bill

    employer_id = getattr(employer, "pk", employer)
    principal: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in outstanding_lines(as_of=dated, employers=[employer_id]):
        principal[line.bill_id] += line.outstanding
    penalties = penalties_as_of(as_of=dated, employers=[employer_id])
    ids = set(principal) | {pk for pk, p in penalties.items() if p.outstanding}
    bills = Bill.objects.filter(pk__in=ids, due_date__lte=dated).values_list("pk", "period", "due_date")
    months = []
    for pk, period, due in sorted(bills, key=lambda b: b[1]):
        denda = penalties[pk].outstanding if pk in penalties else ZERO
        if principal[pk] > 0 or denda > 0:
            months.append(ArrearsMonth(period, due, max(principal[pk], ZERO), max(denda, ZERO)))
    return SkkAmounts(as_of=dated, months=tuple(months))


# --- creating an SKK -----------------------------------------------------------------------------------

def _check(actor, capability: str) -> None:
    if actor is not None and not user_can(actor, capability):
        raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini."))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def skk_number(branch: OrgUnit, year: int) -> str:
    """``SKK.<seq>/<branch>/<yyyy>``, the next sequence of the branch in the year (call with the branch row
    locked, as :func:`skk_create` does)."""
    short = re.sub(r"^(bpjs-)?(cabang|kanwil|kcp)-", "", branch.code or "").replace("-", "").upper()[:16]
    suffix = f"/{short}/{year}"
    taken = Skk.objects.filter(number__startswith="SKK.", number__endswith=suffix).values_list("number", flat=True)
    last = max((int(n[4:-len(suffix)]) for n in taken if n[4:-len(suffix)].isdigit()), default=0)
    return f"SKK.{last + 1:04d}{suffix}"


def skk_create(*, case: Case | None = None, employer: Employer, kejari: OrgUnit | None = None, dated: dt.date,
               documents: list[str] | tuple[str, ...] = (), actor, note: str = "") -> Skk:
    """Hand ``employer``'s arrears at ``dated`` to ``kejari`` (default :func:`kejari_for`) by an SKK.

    Refused when the employer has no arrears at that date, already has an open SKK, lies outside the
    actor's scope, or the chosen unit is not a Kejari/Kejati. With ``case`` the case moves to stage ``skk``
    with a step, and the SKK letter is generated through the case's letters.
    """
    _check(actor, "enforcement.manage")
    if actor is not None and not scoped(Employer.objects.filter(pk=employer.pk), actor).exists():
        raise PermissionDenied(_("Pemberi kerja ini di luar cakupan unit Anda."))
    if dated > today():
        raise SkkError(_("Tanggal SKK tidak boleh di masa depan."))
    if case is not None:
        from sinergi.enforcement.cases.services import case_referral_check

        if case.employer_id != employer.pk:
            raise SkkError(_("Kasus %(case)s bukan milik pemberi kerja ini.") % {"case": case.number})
        refusal = case_referral_check(case, dated)
        if refusal:
            raise SkkError(refusal)
    if kejari is not None and kejari.kind not in (UnitKind.KEJARI, UnitKind.KEJATI):
        raise SkkError(_("%(unit)s bukan Kejaksaan Negeri atau Kejaksaan Tinggi.") % {"unit": kejari.name})
    documents = [str(d).strip() for d in documents if str(d).strip()]
    with transaction.atomic():
        branch = OrgUnit.objects.select_for_update().get(pk=employer.branch_id)
        open_skk = Skk.objects.filter(employer=employer, status__in=Skk.OPEN_STATUSES).first()
        if open_skk is not None:
            raise SkkError(_("Pemberi kerja ini masih memiliki SKK yang berjalan (%(number)s).")
                           % {"number": open_skk.number})
        amounts = skk_amounts(employer, dated)
        if amounts.amount <= 0:
            raise SkkError(_("Pemberi kerja ini tidak memiliki tunggakan iuran yang jatuh tempo per %(date)s; "
                             "tidak ada yang dapat dikuasakan.") % {"date": dated.strftime("%d/%m/%Y")})
        kejari = kejari or kejari_for(employer)
        if kejari is None:
            raise SkkError(_("Tidak ada Kejaksaan Negeri atau Kejaksaan Tinggi yang wilayah kerjanya mencakup "
                             "wilayah pemberi kerja ini; pilih Kejaksaan secara manual."))
        skk = Skk(case=case, employer=employer, branch=branch, kejari=kejari, number=skk_number(branch, dated.year),
                  dated=dated, principal=amounts.principal, penalty=amounts.penalty, amount=amounts.amount,
                  documents=documents, created_by=_user(actor))
        skk.full_clean(validate_constraints=False)
        skk.save()
        SkkEvent.objects.create(skk=skk, status=S.HANDED_OVER, dated=dated, note=note, created_by=_user(actor))
        audit_record(actor=actor, action="enforcement.skk.create", obj=skk, after={
            **snapshot(skk, ["number", "dated", "principal", "penalty", "amount", "documents"]),
            "employer": employer.npp, "kejari": kejari.code, "case": getattr(case, "number", None),
            "months": len(amounts.months)}, reason=note)
        if case is not None:
            _case_to_skk(case=case, skk=skk, actor=actor)
    return skk


def _case_to_skk(*, case: Case, skk: Skk, actor) -> None:
    """The case's side of the handover: the SKK letter and the ladder's step (``cases.case_referral_record``
    moves the case to stage ``skk``)."""
    from sinergi.enforcement.cases.services import case_referral_record
    from sinergi.enforcement.letters import letter_generate

    letter = letter_generate(kind="skk", case=case, actor=actor, dated=skk.dated, context={
        "subject": _("Surat Kuasa Khusus penagihan tunggakan iuran BPJS Ketenagakerjaan"),
        "recipient": [skk.kejari.name, _("Bidang Perdata dan Tata Usaha Negara")],
        "paragraphs": [
            _("Dengan ini BPJS Ketenagakerjaan %(branch)s memberikan kuasa khusus kepada %(kejari)s untuk dan atas "
              "nama BPJS Ketenagakerjaan melakukan penagihan tunggakan iuran beserta denda pemberi kerja %(name)s "
              "(NPP %(npp)s), baik di dalam maupun di luar pengadilan.") % {
                "branch": skk.branch.name, "kejari": skk.kejari.name, "name": skk.employer.name,
                "npp": skk.employer.npp},
            _("Nomor SKK dalam Sinergi: %(number)s.") % {"number": skk.number},
        ],
        "amounts": [(_("Iuran"), skk.principal), (_("Denda"), skk.penalty), (_("Jumlah yang dikuasakan"), skk.amount)],
        "attachments": list(skk.documents),
        "legal_basis": [LEGAL_BASIS],
    })
    case_referral_record(case=case, kind=Step.Kind.SKK, actor=actor, on=skk.dated, reference=LEGAL_BASIS,
                         outcome=_("SKK %(number)s kepada %(kejari)s, %(amount)s") % {
                             "number": skk.number, "kejari": skk.kejari.name,
                             "amount": f"Rp {skk.amount:,.0f}".replace(",", ".")}, letter=letter)


# --- the prosecutors' work -----------------------------------------------------------------------------

def allowed_next(skk: Skk) -> tuple[str, ...]:
    return TRANSITIONS.get(skk.status, ())


def _lock(skk: Skk, actor) -> Skk:
    locked = Skk.objects.select_for_update().select_related("employer", "kejari").get(pk=skk.pk)
    if actor is not None and not scoped(Skk.objects.filter(pk=skk.pk), actor).exists():
        raise PermissionDenied(_("SKK ini tidak ditujukan kepada unit Anda."))
    return locked


def _check_transition(skk: Skk, status: str, dated: dt.date) -> None:
    labels = dict(S.choices)
    if status not in labels or status == S.HANDED_OVER:
        raise SkkError(_("Tahap %(status)s tidak dapat dicatat.") % {"status": status})
    if skk.status in CLOSED:
        raise SkkError(_("SKK %(number)s sudah %(state)s; tidak ada tahap yang dapat dicatat lagi.")
                       % {"number": skk.number, "state": labels[skk.status].lower()})
    if status not in allowed_next(skk):
        raise SkkError(_("Tahap \"%(next)s\" tidak dapat dicatat setelah \"%(now)s\". Yang dapat dicatat: "
                         "%(allowed)s.") % {"next": labels[status], "now": labels[skk.status],
                                            "allowed": ", ".join(str(labels[s]) for s in allowed_next(skk))})
    if dated < skk.dated:
        raise SkkError(_("Tanggal %(date)s sebelum tanggal SKK (%(skk)s).")
                       % {"date": dated.strftime("%d/%m/%Y"), "skk": skk.dated.strftime("%d/%m/%Y")})
    if dated > today():
        raise SkkError(_("Tanggal tidak boleh di masa depan."))
    last = skk.events.order_by("-dated", "-id").values_list("dated", flat=True).first()
    if last is not None and dated < last:
        raise SkkError(_("Tanggal %(date)s sebelum tahap terakhir yang tercatat (%(last)s).")
                       % {"date": dated.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")})


def skk_record(*, skk: Skk, status: str, dated: dt.date, actor, note: str = "", obstacle: str = "") -> Skk:
    """Record one step of the prosecutors' work (not a commitment: see :func:`skk_commit`).

    ``failed`` needs an obstacle (:class:`Skk.Obstacle`); ``returned`` needs a note saying why. Closing
    statuses (settled, failed, returned) set ``settled_on`` to ``dated``: the case collects no more after it.
    """
    _check(actor, "enforcement.skk_work")
    note = (note or "").strip()
    if status == S.COMMITMENT:
        raise SkkError(_("Komitmen pembayaran dicatat dengan jumlah dan jadwalnya."))
    if status == S.FAILED and obstacle not in Skk.Obstacle.values:
        raise SkkError(_("Pilih kendala yang membuat penagihan tidak berhasil."))
    if status == S.FAILED and obstacle == Skk.Obstacle.OTHER and not note:
        raise SkkError(_("Jelaskan kendala \"Lainnya\" pada catatan."))
    if status == S.RETURNED and not note:
        raise SkkError(_("Tuliskan alasan pengembalian SKK ke BPJS Ketenagakerjaan."))
    with transaction.atomic():
        locked = _lock(skk, actor)
        _check_transition(locked, status, dated)
        before = snapshot(locked, ["status", "obstacle", "obstacle_note", "settled_on"])
        locked.status = status
        fields = ["status"]
        if status == S.FAILED:
            locked.obstacle, locked.obstacle_note = obstacle, note
            fields += ["obstacle", "obstacle_note"]
        if status in CLOSED:
            locked.settled_on = dated
            fields.append("settled_on")
        locked.save(update_fields=fields)
        SkkEvent.objects.create(skk=locked, status=status, dated=dated, note=note,
                                obstacle=obstacle if status == S.FAILED else "", created_by=_user(actor))
        audit_record(actor=actor, action=f"enforcement.skk.{status}", obj=locked, before=before,
                     after={**snapshot(locked, fields), "dated": dated}, reason=note)
    return locked


def instalments_equal(*, amount: Decimal, count: int, first_due: dt.date) -> list[tuple[dt.date, Decimal]]:
    """``count`` monthly instalments from ``first_due``, the amount split equally (rounded by the one
    rounding rule) with the remainder on the last, so they always sum to ``amount``."""
    if count < 1 or count > MAX_INSTALMENTS:
        raise SkkError(_("Jumlah angsuran harus 1 sampai %(max)s.") % {"max": MAX_INSTALMENTS})
    parts = split_amount(Decimal(amount), [Decimal(1)] * count)
    return [(add_months(first_due, i), part) for i, part in enumerate(parts)]


def skk_commit(*, skk: Skk, dated: dt.date, amount: Decimal, actor, schedule=None, note: str = "") -> Skk:
    """Record the employer's payment commitment: ``amount`` (at most the SKK amount) paid as ``schedule``, a
    list of ``(due date, amount)`` (default: one lump sum due on ``dated``). The schedule must sum to the
    amount, with due dates on or after ``dated`` in increasing order. A new commitment replaces the plan of
    an earlier one (the earlier one stays in the timeline and the audit trail)."""
    _check(actor, "enforcement.skk_work")
    amount = Decimal(amount)
    schedule = list(schedule) if schedule else [(dated, amount)]
    if amount <= 0:
        raise SkkError(_("Jumlah komitmen harus lebih dari nol."))
    if len(schedule) > MAX_INSTALMENTS:
        raise SkkError(_("Jumlah angsuran harus 1 sampai %(max)s.") % {"max": MAX_INSTALMENTS})
    total = sum((Decimal(a) for _d, a in schedule), ZERO)
    if any(Decimal(a) <= 0 for _d, a in schedule):
        raise SkkError(_("Setiap angsuran harus lebih dari nol."))
    if total != amount:
        raise SkkError(_("Jumlah angsuran (%(sum)s) tidak sama dengan jumlah komitmen (%(amount)s).")
                       % {"sum": f"{total:,.0f}".replace(",", "."), "amount": f"{amount:,.0f}".replace(",", ".")})
    dues = [d for d, _a in schedule]
    if any(d < dated for d in dues):
        raise SkkError(_("Jatuh tempo angsuran tidak boleh sebelum tanggal komitmen."))
    if dues != sorted(dues) or len(set(dues)) != len(dues):
        raise SkkError(_("Jatuh tempo angsuran harus berurutan, satu tanggal untuk setiap angsuran."))
    with transaction.atomic():
        locked = _lock(skk, actor)
        _check_transition(locked, S.COMMITMENT, dated)
        if amount > locked.amount:
            raise SkkError(_("Jumlah komitmen melebihi nilai SKK (%(amount)s).")
                           % {"amount": f"Rp {locked.amount:,.0f}".replace(",", ".")})
        before = {"status": locked.status,
                  "instalments": [[i.due_on, i.amount] for i in locked.instalments.order_by("sequence")]}
        locked.instalments.all().delete()
        Instalment.objects.bulk_create([Instalment(skk=locked, sequence=n, due_on=d, amount=Decimal(a))
                                        for n, (d, a) in enumerate(schedule, start=1)])
        locked.status = S.COMMITMENT
        locked.save(update_fields=["status"])
        kind = _("sekaligus") if len(schedule) == 1 else _("%(n)s kali angsuran") % {"n": len(schedule)}
        text = _("Komitmen membayar Rp %(amount)s %(kind)s.") % {
            "amount": f"{amount:,.0f}".replace(",", "."), "kind": kind}
        SkkEvent.objects.create(skk=locked, status=S.COMMITMENT, dated=dated,
                                note=f"{text} {note}".strip(), created_by=_user(actor))
        audit_record(actor=actor, action="enforcement.skk.commitment", obj=locked, before=before, after={
            "status": S.COMMITMENT, "dated": dated, "amount": amount,
            "instalments": [[d, Decimal(a)] for d, a in schedule]}, reason=note)
    return locked
