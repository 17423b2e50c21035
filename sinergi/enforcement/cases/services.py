"""Compliance cases and the PP 86/2013 ladder: opening, steps, letters, settlement.

Services (writes, one transaction each, with an audit event):

- ``cases_open_from_arrears(*, employer_ids, actor, on=None)`` — one case per employer in arrears (set-wise;
  employers without arrears or with an open case are skipped with the reason).
- ``case_open_from_finding(*, employer, kind, description, workers, amount, found_on, actor)`` — refuses with
  :class:`CaseExists` when the employer already has an open case (add the finding to it:
  ``finding_add``).
- ``case_warning_issue(*, case, level, actor, on)`` — SP1 / SP2 with their letters; SP2 only after SP1's
  deadline passed with the case unresolved.
- ``case_inspection_record``, ``case_fine_impose`` (amount from ``admin_sanction_schedule``),
  ``case_tmp2t_recommend``, ``case_note_add``, ``case_close``.
- ``case_referral_record(*, case, kind, actor, on, reference="", outcome="")`` — for E2's SKK and E3's
  PUPN handover services: records the referral step and moves the case to stage ``skk`` / ``pupn``
  (``case_referral_check`` says why a case may not be referred yet).
- ``cases_refresh_settled(*, on=None, actor=None)`` — arrears cases whose arrears reached zero close as
  settled (periodic job ``enforcement.cases_refresh_settled``).

``Case.next_action`` / ``next_due`` are recomputed by every service from the steps (``_plan``).
``Case.amount`` is the arrears when the case was opened plus the potential contributions of its findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.audit.services import audit_record, snapshot
from sinergi.clock import today
from sinergi.enforcement.letters import letter_generate, unit_short
from sinergi.enforcement.models import Case, Finding, Letter, Step
from sinergi.orgs.scoping import scoped
from sinergi.receivables.models import EmployerSummary
from sinergi.registry.models import Employer
from sinergi.rules.money import ZERO
from sinergi.rules.penalties import AdminSanctionResult, admin_sanction_schedule
from sinergi.rules.workdays import add_working_days

# Service levels of the branch, not of the law: a new case gets its first warning within 5 working days,
# a case whose administrative sanctions are exhausted is referred within 10.
ISSUE_FIRST_WARNING_WORKING_DAYS = 5
REFER_WORKING_DAYS = 10
# How far ahead the officer's worklist looks (working days): a week of work.
WORKLIST_WORKING_DAYS = 5

NEXT_ACTIONS = {
    "warning_1": gettext_lazy("Terbitkan Surat Peringatan 1"),
    "warning_2": gettext_lazy("Terbitkan Surat Peringatan 2"),
    "fine": gettext_lazy("Kenakan denda administratif"),
    "tmp2t": gettext_lazy("Rekomendasikan TMP2T ke Pemda"),
    "referral": gettext_lazy("Serahkan ke Kejaksaan (SKK) atau PUPN"),
}
LADDER = ("warning_1", "warning_2", "inspection", "fine", "tmp2t", "skk", "pupn")
OPEN = Q(closed_on__isnull=True)


class CaseError(ValueError):
    """A step the ladder does not allow now; the message says why, in Indonesian."""


class CaseExists(CaseError):  # noqa: N818 - reads as "the case exists"
    def __init__(self, case: Case):
        self.case = case
        super().__init__(_("%(employer)s sudah memiliki kasus terbuka %(number)s. Tambahkan temuan ke kasus "
                           "tersebut.") % {"employer": case.employer.name, "number": case.number})


# --- ledger figures -------------------------------------------------------------------------------------

def arrears_by_employer(employer_ids: Iterable[int], on: dt.date) -> dict[int, tuple[Decimal, int]]:
    """(arrears, unpaid months) per employer on ``on``: principal outstanding on bills due before ``on``,
    counting posted, non-reversed payments made on or before ``on`` (the ledger's definitions). Employers
    without arrears are left out. One query per 500 employers."""
    ids = sorted({int(i) for i in employer_ids})
    result: dict[int, tuple[Decimal, int]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT b.employer_id, SUM(b.principal - COALESCE(p.paid, 0)), COUNT(*) "  # noqa: S608 - marks only
                "FROM receivables_bill b LEFT JOIN ("
                "  SELECT a.bill_id, SUM(a.amount) AS paid FROM receivables_allocation a"
                "  JOIN receivables_payment pay ON pay.id = a.payment_id"
                "  JOIN receivables_bill b2 ON b2.id = a.bill_id"
                "  WHERE a.component = 'principal' AND a.reversed = %s AND pay.status = 'posted'"
                f"  AND pay.paid_on <= %s AND b2.employer_id IN ({marks}) GROUP BY a.bill_id"
                ") p ON p.bill_id = b.id "
                f"WHERE b.employer_id IN ({marks}) AND b.due_date < %s"
                " AND b.principal > COALESCE(p.paid, 0) GROUP BY b.employer_id",
                [False, on, *chunk, *chunk, on],
            )
            for employer_id, amount, months in cursor.fetchall():
                result[employer_id] = (Decimal(amount), int(months))
    return result


def case_arrears(case: Case, on: dt.date | None = None) -> Decimal:
    return arrears_by_employer([case.employer_id], on or today()).get(case.employer_id, (ZERO, 0))[0]


# --- numbering ------------------------------------------------------------------------------------------

def _number_prefix(branch, year: int) -> str:
    return f"KP/{unit_short(branch)}/{year}/"


def _next_sequence(prefix: str) -> int:
    taken = Case.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    return max((int(n.rsplit("/", 1)[1]) for n in taken if n.rsplit("/", 1)[1].isdigit()), default=0) + 1


def _date(value: dt.date) -> str:
    from django.utils.translation import get_language

    from sinergi.formatting import format_date

    return format_date(value, lang="en" if (get_language() or "id").startswith("en") else "id")


def _lock_branches(branch_ids) -> None:
    """Serialise case openings per branch (PostgreSQL; SQLite's IMMEDIATE transactions already do): the
    sequence of case numbers and the one-open-case rule are read, then written."""
    from sinergi.orgs.models import OrgUnit

    list(OrgUnit.objects.select_for_update().filter(pk__in=sorted(branch_ids)).order_by("pk").values_list("pk"))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- plan -----------------------------------------------------------------------------------------------

def _plan(case: Case, steps: list[Step]) -> tuple[str, dt.date | None]:
    """What is due next and by when, from the ladder steps taken so far."""
    if case.closed_on or case.stage in (Case.Stage.SETTLED, Case.Stage.CLOSED):
        return "", None
    latest = {s.kind: s for s in sorted(steps, key=lambda s: (s.started_on, s.id or 0))}
    if "skk" in latest or "pupn" in latest:
        return "", None  # the partners work the case now
    if "tmp2t" in latest:
        return "referral", add_working_days(latest["tmp2t"].started_on, REFER_WORKING_DAYS)
    if "fine" in latest:
        return "tmp2t", latest["fine"].due_on
    if "warning_2" in latest:
        return "fine", latest["warning_2"].due_on
    if "warning_1" in latest:
        return "warning_2", latest["warning_1"].due_on
    return "warning_1", add_working_days(case.opened_on, ISSUE_FIRST_WARNING_WORKING_DAYS)


def _replan(case: Case, *, stage: str | None = None) -> None:
    if stage:
        case.stage = stage
    case.next_action, case.next_due = _plan(case, list(case.steps.all()))
    case.save(update_fields=["stage", "next_action", "next_due", "closed_on", "close_reason", "amount"])


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("employer", "branch").get(pk=case.pk)


def case_schedule(case: Case, *, as_of: dt.date | None = None, iuran: Decimal | None = None,
                  fine_on: dt.date | None = None) -> AdminSanctionResult | None:
    """The PP 86/2013 schedule of the case as it happened (None before SP1): SP1 from its letter's date, SP2
    from its own letter's date once issued (a late SP2 moves the fine's window, the months it counts and
    TMP2T), the fine from the day it was imposed (``fine_on`` when about to impose it)."""
    dates: dict[str, dt.date] = {}
    for kind, started_on in (case.steps.filter(kind__in=[Step.Kind.WARNING_1, Step.Kind.WARNING_2, Step.Kind.FINE])
                             .order_by("-started_on", "-id").values_list("kind", "started_on")):
        dates[kind] = started_on  # the earliest of each kind wins
    if Step.Kind.WARNING_1 not in dates:
        return None
    return admin_sanction_schedule(first_warning_date=dates[Step.Kind.WARNING_1],
                                   second_warning_date=dates.get(Step.Kind.WARNING_2),
                                   fine_date=fine_on or dates.get(Step.Kind.FINE),
                                   iuran=case.amount if iuran is None else iuran, as_of=as_of)


# --- opening --------------------------------------------------------------------------------------------

def cases_open_from_arrears(*, employer_ids: Iterable[int], actor, on: dt.date | None = None) -> dict:
    """Open one arrears case per employer of ``employer_ids`` that ``actor`` may see, has arrears on ``on``
    and no open case. Returns ``{"opened": [Case], "skipped": [(Employer, reason)]}``."""
    on = on or today()
    wanted = {int(i) for i in employer_ids}
    employers = scoped(Employer, actor) if actor is not None else Employer.objects.all()
    ids = sorted(wanted)
    employers = {e.pk: e for start in range(0, len(ids), 500)
                 for e in employers.filter(pk__in=ids[start:start + 500]).select_related("branch")}
    skipped: list[tuple[Employer, str]] = []
    with transaction.atomic():
        _lock_branches({e.branch_id for e in employers.values()})
        open_cases = {}
        for start in range(0, len(ids), 500):
            open_cases.update(Case.objects.filter(OPEN, employer_id__in=ids[start:start + 500])
                              .values_list("employer_id", "number"))
        arrears = arrears_by_employer([i for i in employers if i not in open_cases], on)
        new: list[Case] = []
        sequences: dict[str, int] = {}
        plan = "warning_1", add_working_days(on, ISSUE_FIRST_WARNING_WORKING_DAYS)
        for employer_id in sorted(employers):
            employer = employers[employer_id]
            if employer_id in open_cases:
                skipped.append((employer, _("sudah ada kasus terbuka %(number)s") % {"number": open_cases[employer_id]}))
                continue
            if employer_id not in arrears:
                skipped.append((employer, _("tidak ada tunggakan iuran per %(date)s") % {"date": _date(on)}))
                continue
            prefix = _number_prefix(employer.branch, on.year)
            sequences[prefix] = sequences.get(prefix) or _next_sequence(prefix)
            amount, months = arrears[employer_id]
            case = Case(number=f"{prefix}{sequences[prefix]:05d}", employer=employer, branch=employer.branch,
                        origin=Case.Origin.ARREARS, amount=amount, months=months, opened_on=on,
                        officer=_user(actor), created_by=_user(actor))
            case.next_action, case.next_due = plan  # the same for every case opened on ``on``
            sequences[prefix] += 1
            new.append(case)
        Case.objects.bulk_create(new, batch_size=500)
        if new:
            audit_record(actor=actor, action="enforcement.case.open_arrears", object_type="enforcement.case",
                         object_repr=_("%(n)s kasus tunggakan") % {"n": len(new)},
                         scope_unit=getattr(actor, "org_unit", None) or new[0].branch,
                         after={"opened": len(new), "skipped": len(skipped), "amount": sum(c.amount for c in new),
                                "numbers": [c.number for c in new[:200]]})
    return {"opened": new, "skipped": skipped}


def case_open_from_finding(*, employer: Employer, kind: str, description: str, workers: int = 0,
                           amount: Decimal = ZERO, found_on: dt.date | None = None, actor) -> Case:
    """A case opened by an inspection finding (PWBD, PDS upah/tenaga kerja/program)."""
    if kind == Case.Origin.ARREARS or kind not in Case.Origin.values:
        raise CaseError(_("Jenis temuan tidak dikenal."))
    on = found_on or today()
    with transaction.atomic():
        _lock_branches({employer.branch_id})
        existing = Case.objects.filter(OPEN, employer=employer).select_related("employer").first()
        if existing:
            raise CaseExists(existing)
        prefix = _number_prefix(employer.branch, on.year)
        case = Case(number=f"{prefix}{_next_sequence(prefix):05d}", employer=employer, branch=employer.branch,
                    origin=kind, amount=Decimal(amount), opened_on=on, officer=_user(actor),
                    created_by=_user(actor))
        case.next_action, case.next_due = _plan(case, [])
        case.save()
        Finding.objects.create(case=case, kind=kind, description=description, workers=workers,
                               amount=Decimal(amount), found_on=on, inspector=_user(actor))
        audit_record(actor=actor, action="enforcement.case.open_finding", obj=case, after=snapshot(case))
    return case


def finding_add(*, case: Case, kind: str, description: str, workers: int = 0, amount: Decimal = ZERO,
                found_on: dt.date | None = None, actor) -> Finding:
    if kind == Case.Origin.ARREARS or kind not in Case.Origin.values:
        raise CaseError(_("Jenis temuan tidak dikenal."))
    with transaction.atomic():
        case = _locked(case)
        if case.closed_on:
            raise CaseError(_("Kasus %(number)s sudah ditutup.") % {"number": case.number})
        finding = Finding.objects.create(case=case, kind=kind, description=description, workers=workers,
                                         amount=Decimal(amount), found_on=found_on or today(),
                                         inspector=_user(actor))
        before = case.amount
        case.amount += finding.amount
        _replan(case)
        audit_record(actor=actor, action="enforcement.case.finding_add", obj=case,
                     before={"amount": before}, after={"amount": case.amount, "kind": kind,
                                                       "finding": finding.pk, "workers": workers})
    return finding


# --- the ladder -----------------------------------------------------------------------------------------

def _steps(case: Case) -> dict[str, Step]:
    return {s.kind: s for s in case.steps.order_by("started_on", "id")}


def _require_open(case: Case) -> None:
    if case.closed_on:
        raise CaseError(_("Kasus %(number)s sudah ditutup.") % {"number": case.number})
    if case.stage in (Case.Stage.SKK, Case.Stage.PUPN):
        raise CaseError(_("Kasus %(number)s sudah diserahkan; langkah berikutnya dicatat oleh penerima "
                          "kuasa.") % {"number": case.number})


def step_refusal(case: Case, action: str, on: dt.date) -> str | None:
    """Why ``action`` may not be taken on ``case`` on ``on`` (None: it may). Used by the services and by the
    case page to explain a disabled button."""
    try:
        _require_open(case)
    except CaseError as exc:
        return str(exc)
    steps = _steps(case)
    if action == "warning_1":
        if "warning_1" in steps:
            return _("Surat Peringatan 1 sudah diterbitkan.")
    elif action == "warning_2":
        first = steps.get("warning_1")
        if first is None:
            return _("Surat Peringatan 2 hanya dapat diterbitkan setelah Surat Peringatan 1.")
        if "warning_2" in steps:
            return _("Surat Peringatan 2 sudah diterbitkan.")
        if on <= first.due_on:
            return _("Batas waktu Surat Peringatan 1 baru berakhir %(date)s; Surat Peringatan 2 dapat "
                     "diterbitkan sesudahnya.") % {"date": _date(first.due_on)}
        if case.origin == Case.Origin.ARREARS and case_arrears(case, on) <= 0:
            return _("Tunggakan iuran sudah lunas; tutup kasus sebagai selesai.")
    elif action == "fine":
        second = steps.get("warning_2")
        if second is None:
            return _("Denda administratif dikenakan setelah Surat Peringatan 2 berakhir.")
        if "fine" in steps:
            return _("Denda administratif sudah dikenakan.")
        if on <= second.due_on:
            return _("Batas waktu Surat Peringatan 2 baru berakhir %(date)s.") % {"date": _date(second.due_on)}
    elif action == "tmp2t":
        if "fine" not in steps:
            return _("Rekomendasi TMP2T diberikan setelah denda administratif dikenakan dan tidak dibayar.")
        if "tmp2t" in steps:
            return _("Rekomendasi TMP2T sudah diberikan.")
    elif action in ("skk", "pupn", "referral"):
        second = steps.get("warning_2")
        if second is None or on <= second.due_on:
            return _("Penyerahan ke Kejaksaan atau PUPN dilakukan setelah Surat Peringatan 1 dan 2 tidak "
                     "ditindaklanjuti.")
    return None


def _check(case: Case, action: str, on: dt.date) -> None:
    reason = step_refusal(case, action, on)
    if reason:
        raise CaseError(reason)


def _warning_due(on: dt.date, iuran: Decimal) -> tuple[dt.date, str]:
    """A warning issued on ``on`` lasts the rules' number of working days (holidays and cuti bersama
    skipped): the first warning of a schedule starting that day."""
    first = admin_sanction_schedule(first_warning_date=on, iuran=iuran).steps[0]
    return first.end, first.reference


def case_warning_issue(*, case: Case, level: int, actor, on: dt.date | None = None) -> Step:
    """Issue Surat Peringatan ``level`` (1 or 2): the step with its deadline and the numbered letter."""
    on = on or today()
    kind = {1: Step.Kind.WARNING_1, 2: Step.Kind.WARNING_2}.get(level)
    if kind is None:
        raise CaseError(_("Surat peringatan hanya ada dua."))
    with transaction.atomic():
        case = _locked(case)
        _check(case, kind, on)
        due, reference = _warning_due(on, case.amount)
        step = Step.objects.create(case=case, kind=kind, started_on=on, due_on=due, reference=reference,
                                   amount=case_arrears(case, on) or case.amount, created_by=_user(actor))
        letter = letter_generate(kind=Letter.Kind.WARNING_1 if level == 1 else Letter.Kind.WARNING_2, case=case,
                                 actor=actor, dated=on)
        step.letter = letter
        step.save(update_fields=["letter"])
        _replan(case, stage=kind)
        audit_record(actor=actor, action=f"enforcement.case.warning_{level}", obj=case,
                     after={"step": step.pk, "due_on": due, "letter": letter.number})
    return step


def case_inspection_record(*, case: Case, actor, on: dt.date | None = None, outcome: str = "") -> Step:
    on = on or today()
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        step = Step.objects.create(case=case, kind=Step.Kind.INSPECTION, started_on=on, done_on=on,
                                   outcome=outcome, created_by=_user(actor))
        _replan(case, stage=Case.Stage.INSPECTION)
        audit_record(actor=actor, action="enforcement.case.inspection", obj=case,
                     after={"step": step.pk, "on": on, "outcome": outcome})
    return step


def case_fine_impose(*, case: Case, actor, on: dt.date | None = None) -> Step:
    """The PP 86/2013 fine on the unpaid contributions as of ``on``, from the case's schedule (its months
    counted from the end of the SP2 actually issued, ``sanctions/pp86/fine_counted_from``); due with the
    contribution of the current month (its due date by the rules)."""
    on = on or today()
    with transaction.atomic():
        case = _locked(case)
        _check(case, "fine", on)
        iuran = case_arrears(case, on) if case.origin == Case.Origin.ARREARS else case.amount
        schedule = case_schedule(case, as_of=on, iuran=iuran, fine_on=on)
        fine = schedule.steps[2]
        step = Step.objects.create(case=case, kind=Step.Kind.FINE, started_on=on,
                                   due_on=schedule.fine_due, amount=schedule.fine_amount,
                                   reference=fine.reference, created_by=_user(actor),
                                   outcome=_("%(months)s bulan × %(rate)s × iuran %(iuran)s") % {
                                       "months": schedule.fine_months, "rate": schedule.fine_rate,
                                       "iuran": iuran})
        _replan(case, stage=Case.Stage.FINE)
        audit_record(actor=actor, action="enforcement.case.fine", obj=case,
                     after={"step": step.pk, "amount": step.amount, "iuran": iuran, "months": schedule.fine_months})
    return step


def case_tmp2t_recommend(*, case: Case, actor, on: dt.date | None = None, note: str = "") -> Step:
    on = on or today()
    with transaction.atomic():
        case = _locked(case)
        _check(case, "tmp2t", on)
        schedule = case_schedule(case)
        step = Step.objects.create(case=case, kind=Step.Kind.TMP2T, started_on=on, outcome=note,
                                   reference=schedule.steps[3].reference if schedule else "",
                                   created_by=_user(actor))
        letter = letter_generate(kind=Letter.Kind.TMP2T, case=case, actor=actor, dated=on)
        step.letter = letter
        step.save(update_fields=["letter"])
        _replan(case, stage=Case.Stage.TMP2T)
        audit_record(actor=actor, action="enforcement.case.tmp2t", obj=case,
                     after={"step": step.pk, "letter": letter.number})
    return step


def case_referral_check(case: Case, on: dt.date | None = None) -> str | None:
    """Why ``case`` may not be referred to the prosecutors or PUPN yet (None: it may)."""
    return step_refusal(case, "referral", on or today())


def case_referral_record(*, case: Case, kind: str, actor, on: dt.date | None = None, reference: str = "",
                         outcome: str = "", letter: Letter | None = None) -> Step:
    """Record that ``case`` went to the prosecutors (``kind="skk"``) or to PUPN (``"pupn"``). Called by the
    SKK and handover services inside their own transaction."""
    if kind not in (Step.Kind.SKK, Step.Kind.PUPN):
        raise CaseError(_("Penyerahan hanya ke Kejaksaan (SKK) atau PUPN."))
    on = on or today()
    with transaction.atomic():
        case = _locked(case)
        _check(case, kind, on)
        step = Step.objects.create(case=case, kind=kind, started_on=on, outcome=outcome, letter=letter,
                                   reference=reference[:255], created_by=_user(actor))
        _replan(case, stage=kind)
        audit_record(actor=actor, action=f"enforcement.case.refer_{kind}", obj=case,
                     after={"step": step.pk, "reference": reference})
    return step


def case_note_add(*, case: Case, actor, text: str, on: dt.date | None = None) -> Step:
    with transaction.atomic():
        case = _locked(case)
        step = Step.objects.create(case=case, kind=Step.Kind.NOTE, started_on=on or today(), outcome=text,
                                   created_by=_user(actor))
        audit_record(actor=actor, action="enforcement.case.note", obj=case, after={"step": step.pk, "text": text})
    return step


def case_close(*, case: Case, reason: str, actor, on: dt.date | None = None, settled: bool = False) -> Case:
    """Close ``case`` with ``reason`` (as settled when the employer complied)."""
    if not (reason or "").strip():
        raise CaseError(_("Tuliskan alasan penutupan kasus."))
    with transaction.atomic():
        case = _locked(case)
        if case.closed_on:
            raise CaseError(_("Kasus %(number)s sudah ditutup.") % {"number": case.number})
        before = snapshot(case, ["stage", "closed_on", "close_reason"])
        case.closed_on = on or today()
        case.close_reason = reason.strip()
        _replan(case, stage=Case.Stage.SETTLED if settled else Case.Stage.CLOSED)
        audit_record(actor=actor, action="enforcement.case.close", obj=case, before=before,
                     after=snapshot(case, ["stage", "closed_on", "close_reason"]), reason=reason)
    return case


def cases_refresh_settled(*, on: dt.date | None = None, actor=None) -> int:
    """Close as settled every open arrears case whose employer has no arrears left on ``on``; set-wise."""
    on = on or today()
    with transaction.atomic():
        candidates = dict(Case.objects.filter(OPEN, origin=Case.Origin.ARREARS)
                          .exclude(stage__in=[Case.Stage.SETTLED, Case.Stage.CLOSED])
                          .values_list("pk", "employer_id"))
        if not candidates:
            return 0
        owing = arrears_by_employer(candidates.values(), on)
        settled = [pk for pk, employer_id in candidates.items() if employer_id not in owing]
        if not settled:
            return 0
        reason = _("Tunggakan iuran lunas per %(date)s.") % {"date": _date(on)}
        for start in range(0, len(settled), 500):
            chunk = settled[start:start + 500]
            Case.objects.filter(pk__in=chunk).update(stage=Case.Stage.SETTLED, closed_on=on, close_reason=reason,
                                                     next_action="", next_due=None)
        Step.objects.bulk_create([Step(case_id=pk, kind=Step.Kind.NOTE, started_on=on, done_on=on, outcome=reason)
                                  for pk in settled], batch_size=500)
        audit_record(actor=actor, action="enforcement.case.settle_bulk", object_type="enforcement.case",
                     object_repr=_("%(n)s kasus lunas") % {"n": len(settled)},
                     after={"settled": len(settled), "checked": len(candidates), "on": on})
    return len(settled)


# --- mass letters ---------------------------------------------------------------------------------------

def cases_issue_warnings(*, case_ids: Iterable[int], level: int, actor, on: dt.date | None = None,
                         progress=None) -> dict:
    """Issue SP``level`` for each case, or reuse the one already issued: ``{"letters": [Letter],
    "skipped": [(Case, reason)], "issued": n, "reused": n}``. Idempotent per case and step."""
    on = on or today()
    kind = Letter.Kind.WARNING_1 if level == 1 else Letter.Kind.WARNING_2
    qs = scoped(Case, actor) if actor is not None else Case.objects.all()
    cases = list(qs.filter(pk__in=list(case_ids)).select_related("employer", "branch").order_by("number"))
    existing = {lt.case_id: lt for lt in Letter.objects.filter(kind=kind, case__in=cases)}
    letters, skipped, issued, reused = [], [], 0, 0
    for index, case in enumerate(cases, start=1):
        if case.pk in existing:
            letters.append(existing[case.pk])
            reused += 1
        else:
            try:
                step = case_warning_issue(case=case, level=level, actor=actor, on=on)
            except CaseError as exc:
                skipped.append((case, str(exc)))
            else:
                letters.append(step.letter)
                issued += 1
        if progress:
            progress(index, len(cases))
    return {"letters": letters, "skipped": skipped, "issued": issued, "reused": reused}


# --- reads ----------------------------------------------------------------------------------------------

def case_list(*, user, stage: str = "", origin: str = "", branch: int | None = None, overdue: bool = False,
              q: str = "", on: dt.date | None = None):
    """Cases ``user`` may see, filtered; newest first."""
    on = on or today()
    qs = scoped(Case, user).select_related("employer", "branch")
    if stage == "active":
        qs = qs.filter(OPEN)
    elif stage:
        qs = qs.filter(stage=stage)
    if origin:
        qs = qs.filter(origin=origin)
    if branch:
        qs = qs.filter(branch_id=branch)
    if overdue:
        qs = qs.filter(OPEN, next_due__lt=on)
    if q:
        q = q.strip()
        qs = qs.filter(Q(employer__npp=q) | Q(number__iexact=q) | Q(employer__name__icontains=q))
    return qs


def worklist(*, user, on: dt.date | None = None, horizon: int = WORKLIST_WORKING_DAYS):
    """Open cases in scope whose next step is due within ``horizon`` working days (or overdue), by due
    date."""
    on = on or today()
    until = add_working_days(on, horizon)
    return (scoped(Case, user).filter(OPEN, next_due__isnull=False, next_due__lte=until)
            .select_related("employer", "branch").order_by("next_due", "number"))


def arrears_candidates(*, user, q: str = "", branch: int | None = None, klass: str = ""):
    """Employers in scope with arrears and no open case: the list to open cases from."""
    qs = (scoped(EmployerSummary, user).filter(arrears__gt=0)
          .exclude(employer_id__in=Case.objects.filter(OPEN).values("employer_id"))
          .select_related("employer", "employer__branch"))
    if q:
        qs = qs.filter(Q(employer__npp=q.strip()) | Q(employer__name__icontains=q.strip()))
    if branch:
        qs = qs.filter(employer__branch_id=branch)
    if klass:
        qs = qs.filter(klass=klass)
    return qs.order_by("-arrears", "employer__npp")


def stage_counts(qs) -> dict[str, int]:
    return dict(qs.order_by().values_list("stage").annotate(n=Count("id")))
