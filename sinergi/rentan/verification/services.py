"""After the import: OPD verification, Dinsos corrections, duplicate review, approval and enrolment.

The states of one candidate row (``Candidate.status`` from the import, ``Candidate.verification`` after):

    valid · pending ──verify──▶ verified ──approve (another person)──▶ enrolled (``participant`` set)
                    ├─needs correction (reason)──▶ Dinsos corrects ──revalidate──▶ valid · pending again
                    │                                                         └──▶ invalid (new reasons)
                    └─not eligible (reason)
    invalid ──Dinsos corrects──▶ revalidated as above
    review (probable duplicate) ──same──▶ duplicate_in_file / duplicate_in_programme
                                └─different──▶ valid · pending, routed by occupation

Every function takes the rows the caller may touch (a queryset already passed through ``scoped``) and
narrows them again to the state the step starts from, so a stale page or a forged id cannot move a row twice
or skip a step. Each is one transaction with one audit event (counts for a bulk step). Every OPD decision
is also kept in the row's history (``VerificationDecision``), and approval is maker-checker over that
history: whoever ever decided on a row can never approve it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record, snapshot
from sinergi.clock import today
from sinergi.orgs.scoping import scoped, user_can
from sinergi.regions.models import Region
from sinergi.registry.models import BpuParticipant, Worker
from sinergi.rentan.imports import checks as import_checks
from sinergi.rentan.models import BudgetLine, Candidate, DuplicatePair, Programme, VerificationDecision
from sinergi.rentan.programmes.services import route_occupation

Status = Candidate.Status
Verification = Candidate.Verification

DECISIONS = (Verification.VERIFIED, Verification.NEEDS_CORRECTION, Verification.NOT_ELIGIBLE)
# Rows written per INSERT/UPDATE statement in the enrolment: below SQLite's limit of bound parameters.
CHUNK = 2_000
# The fields Dinsos may correct, in the order of the form and of the corrections file.
CORRECTABLE = ("name", "nik", "birth_date", "sex", "village_code", "occupation", "address")


class WorkflowError(ValidationError):
    """A step refused as a whole, with a message for the person who asked."""


def _require(actor, capability: str) -> None:
    if not user_can(actor, capability):
        raise PermissionDenied


def _audit_bulk(*, actor, action: str, programme_ids, counts: dict, reason: str = "") -> None:
    """One event per programme touched: a bulk step is one event with counts, owned by the programme."""
    for programme in Programme.objects.filter(pk__in=list(programme_ids)):
        audit_record(actor=actor, action=action, obj=programme, after=counts, reason=reason,
                     scope_unit=programme.owner_id)


# --- verification ----------------------------------------------------------------------------------------

def _decisions_insert(rows: QuerySet, *, decision: str, reason: str, actor, at) -> int:
    """One ``VerificationDecision`` per row of ``rows``, written by the database in one INSERT … SELECT."""
    ids_sql, ids_params = rows.order_by().values("pk").query.sql_with_params()
    table, q = VerificationDecision._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(table)} ({q('candidate_id')}, {q('decision')}, {q('reason')}, "  # noqa: S608
            f"{q('decided_by_id')}, {q('decided_at')}) SELECT c.{q('id')}, %s, %s, %s, %s "
            f"FROM {q(Candidate._meta.db_table)} c WHERE c.{q('id')} IN ({ids_sql})",
            [decision, reason, actor.pk, connection.ops.adapt_datetimefield_value(at), *ids_params])
        return cursor.rowcount


def ever_decided_by(candidates: QuerySet, user) -> QuerySet:
    """The rows among ``candidates`` on which ``user`` ever made a verification decision (the history, or
    the current decision for rows decided before the history was kept)."""
    return candidates.filter(Q(verified_by=user) | Exists(VerificationDecision.objects.filter(
        candidate=OuterRef("pk"), decided_by=user)))


@transaction.atomic
def candidates_decide(*, candidates: QuerySet, decision: str, actor, reason: str = "") -> int:
    """The OPD's decision on the pending rows among ``candidates``: verified, needs correction or not eligible
    (the last two need a reason). Returns how many rows were decided; rows not pending are left alone."""
    _require(actor, "rentan.verify")
    if decision not in DECISIONS:
        raise WorkflowError(_("Keputusan verifikasi tidak dikenal."))
    reason = (reason or "").strip()
    if decision != Verification.VERIFIED and not reason:
        raise WorkflowError(_("Tuliskan alasannya: baris yang perlu perbaikan atau tidak layak harus disertai "
                              "alasan untuk Dinsos."), code="reason")
    rows = scoped(candidates, actor).filter(status=Status.VALID, verification=Verification.PENDING)
    first = list(rows.values_list("pk", flat=True)[:2])
    if not first:
        return 0
    programme_ids = list(rows.order_by().values_list("programme_id", flat=True).distinct())
    single = Candidate.objects.get(pk=first[0]) if len(first) == 1 else None
    before = snapshot(single, ["verification", "verification_reason"]) if single else None
    # One UPDATE for the whole selection, however large: the rows are chosen by the same query the page showed.
    now = clock.now()
    kept_reason = reason if decision != Verification.VERIFIED else ""
    count = Candidate.objects.filter(pk__in=rows.values("pk")).update(
        verification=decision, verification_reason=kept_reason, verified_by=actor, verified_at=now)
    # The history, in one INSERT … SELECT: exactly the rows this UPDATE stamped (they are locked by it until
    # the commit, and no other statement writes this person and this instant).
    stamped = scoped(candidates, actor).filter(status=Status.VALID, verification=decision, verified_by=actor,
                                               verified_at=now)
    _decisions_insert(stamped, decision=decision, reason=kept_reason, actor=actor, at=now)
    action = f"rentan.candidate.{decision}"
    if single is not None:
        single.refresh_from_db()
        audit_record(actor=actor, action=action, obj=single, before=before,
                     after=snapshot(single, ["verification", "verification_reason"]), reason=reason)
    else:
        _audit_bulk(actor=actor, action=action, programme_ids=programme_ids, counts={"rows": count},
                    reason=reason)
    return count


# --- corrections -----------------------------------------------------------------------------------------

def correctable(qs: QuerySet) -> QuerySet:
    """Rows Dinsos may correct: sent back by an OPD, or refused by the import's checks."""
    return qs.filter(Q(status=Status.VALID, verification=Verification.NEEDS_CORRECTION) | Q(status=Status.INVALID),
                     participant__isnull=True)


def _revalidate(ids: list[int], actor) -> dict:
    """Re-run the import's row checks (the same rules and reason codes) on the corrected rows."""
    from sinergi.rentan.imports.services import revalidate_candidates

    return revalidate_candidates(Candidate.objects.filter(pk__in=ids), actor=actor)


def _apply_corrections(rows: list[Candidate], changes: list[dict]) -> list[int]:
    changed = []
    for candidate, values in zip(rows, changes, strict=True):
        for name, value in values.items():
            setattr(candidate, name, value)
        candidate.corrections += 1
        # The OPD's earlier decision no longer applies to the corrected data: it decides again.
        candidate.verification = Verification.NOT_ROUTED
        candidate.verification_reason = ""
        candidate.verified_by = None
        candidate.verified_at = None
        changed.append(candidate.pk)
    Candidate.objects.bulk_update(rows, [*CORRECTABLE, "corrections", "verification", "verification_reason",
                                         "verified_by", "verified_at"], batch_size=500)
    return changed


@transaction.atomic
def candidate_correct(*, candidate: Candidate, values: dict, actor) -> Candidate:
    """Dinsos corrects one row; it is re-validated at once and goes back to the OPD queue if valid."""
    _require(actor, "rentan.correct")
    candidate = correctable(scoped(Candidate, actor)).select_for_update().filter(pk=candidate.pk).first()
    if candidate is None:
        raise WorkflowError(_("Baris ini tidak lagi menunggu perbaikan (sudah diperbaiki atau diputuskan)."))
    before = snapshot(candidate, [*CORRECTABLE, "status", "reasons", "verification"])
    _apply_corrections([candidate], [{k: v for k, v in values.items() if k in CORRECTABLE}])
    _revalidate([candidate.pk], actor)
    candidate.refresh_from_db()
    audit_record(actor=actor, action="rentan.candidate.correct", obj=candidate, before=before,
                 after=snapshot(candidate, [*CORRECTABLE, "status", "reasons", "verification"]))
    return candidate


@dataclass
class CorrectionsResult:
    rows: int = 0
    corrected: int = 0
    counts: dict = field(default_factory=dict)  # status after revalidation → rows
    errors: list[str] = field(default_factory=list)  # "Baris 3, kolom TGL_LAHIR: …" — nothing applied if any


# Header aliases of a corrections file (the DTKS names, matched case-insensitively).
CORRECTION_COLUMNS = {
    "id": ("ID", "ID_BARIS"),
    "nik": ("NIK",),
    "name": ("NAMA", "NAMA_LENGKAP"),
    "birth_date": ("TGL_LAHIR", "TANGGAL_LAHIR"),
    "sex": ("JENIS_KELAMIN", "JK"),
    "village_code": ("KODE_DESA", "KODE_WILAYAH"),
    "occupation": ("PEKERJAAN",),
    "address": ("ALAMAT",),
}
# Fields whose text must parse (the others are taken as typed).
PARSED = ("birth_date", "sex", "village_code")


def parse_cells(rows: list[dict]) -> list[dict]:
    """Text cells keyed by field → the values the import would read from them, by the import's own parsing
    (``import_checks.parse_text``: the same date formats, sex words and village codes). A cell that cannot be
    read comes back as None."""
    fields = ("nik", "name", "birth_date", "sex", "village_code", "occupation", "address")
    frame = pl.DataFrame({f"raw:{f}": [r.get(f) for r in rows] for f in fields},
                         schema={f"raw:{f}": pl.String for f in fields})
    return import_checks.parse_text(frame).select(*fields[1:]).to_dicts()


def _parse_one(field_name: str, text: str):
    value = parse_cells([{field_name: text.strip()}])[0][field_name] if text and text.strip() else None
    if value is None:
        raise ValueError(text)
    return value


def parse_date(text: str) -> dt.date:
    """``12/06/1985``, ``12-06-1985``, ``1985-06-12``, an Excel serial number or ``12 Juni 1985``."""
    return _parse_one("birth_date", text)


def parse_sex(text: str) -> str:
    """L/P, LAKI-LAKI/PEREMPUAN → M/F."""
    return _parse_one("sex", text)


def parse_village(text: str) -> str:
    """``6402072001`` or ``64.02.07.2001`` → ``64.02.07.2001``."""
    return _parse_one("village_code", text)


_FORMAT_HINTS = {
    "birth_date": "HH/BB/TTTT, misalnya 12/06/1985",
    "sex": "L atau P",
    "village_code": "10 angka, misalnya 6402072001 atau 64.02.07.2001",
}


@transaction.atomic
def corrections_upload(*, programme: Programme, path: str | Path, actor) -> CorrectionsResult:
    """Apply a corrections file (CSV or XLSX) to the programme's rows that need correction.

    A row is found by ``ID`` (the row id in Sinergi, shown on the corrections page and its export) or, without
    an ID column, by ``NIK``; with an ID column a NIK cell is the corrected NIK. Empty cells leave the field
    as it was. Any error (unknown row, bad date …) refuses the whole file with every error listed, so nothing
    is half-applied; the same file twice corrects nothing the second time (the rows are no longer waiting).
    """
    from sinergi.tables import TableRefused, table_read

    _require(actor, "rentan.correct")
    result = CorrectionsResult()
    try:
        frame = table_read(path).frame
    except TableRefused as refused:
        result.errors.append(refused.message)
        return result
    headers = {str(name).strip().upper(): name for name in frame.columns}
    columns = {}
    for key, aliases in CORRECTION_COLUMNS.items():
        found = next((headers[a] for a in aliases if a in headers), None)
        if found is not None:
            columns[key] = found
    key = "id" if "id" in columns else "nik" if "nik" in columns else None
    if key is None:
        result.errors.append(_("Berkas perbaikan harus memiliki kolom ID (nomor baris di Sinergi) atau NIK."))
        return result
    if not set(columns) - {"id", "nik"} and key == "nik":
        result.errors.append(_("Berkas perbaikan tidak memiliki kolom yang diperbaiki (NAMA, TGL_LAHIR, "
                               "JENIS_KELAMIN, KODE_DESA, PEKERJAAN atau ALAMAT)."))
        return result
    waiting = correctable(scoped(Candidate, actor).filter(programme=programme)).select_for_update()
    records = frame.select([columns[k] for k in columns]).rows()
    keys = [str(record[list(columns).index(key)] or "").strip() for record in records]
    if key == "id":
        found = {str(c.pk): c for c in waiting.filter(pk__in=[k for k in keys if k.isdigit()])}
    else:
        found = {}
        for start in range(0, len(keys), CHUNK):
            for candidate in waiting.filter(nik__in=keys[start:start + CHUNK]):
                found.setdefault(candidate.nik, candidate)
    rows, cells, lines, seen = [], [], [], set()
    for index, record in enumerate(records):
        line = index + 2  # the header is row 1
        if not any(record):
            continue
        result.rows += 1
        candidate = found.get(keys[index])
        if candidate is None:
            result.errors.append(_("Baris %(row)s, kolom %(column)s: %(key)s tidak ada di antara baris yang menunggu "
                                   "perbaikan program ini.")
                                 % {"row": line, "column": columns[key], "key": keys[index] or _("(kosong)")})
            continue
        if candidate.pk in seen:
            result.errors.append(_("Baris %(row)s: baris yang sama sudah diperbaiki di atasnya dalam berkas ini.")
                                 % {"row": line})
            continue
        seen.add(candidate.pk)
        texts = {name: str(cell).strip() for name, cell in zip(columns, record, strict=True)
                 if name != "id" and not (name == "nik" and key == "nik") and cell is not None and str(cell).strip()}
        rows.append(candidate)
        cells.append(texts)
        lines.append(line)
    changes = []
    for texts, parsed, line in zip(cells, parse_cells(cells) if cells else [], lines, strict=True):
        values = {}
        for name, text in texts.items():
            value = text if name == "nik" else parsed[name]
            if value is None and name in PARSED:
                result.errors.append(_("Baris %(row)s, kolom %(column)s: “%(value)s” tidak dapat dibaca (tulis "
                                       "%(hint)s).") % {"row": line, "column": columns[name], "value": text,
                                                        "hint": _FORMAT_HINTS[name]})
            elif value is not None:
                values[name] = value
        changes.append(values)
    if result.errors:
        return result
    ids = _apply_corrections(rows, changes)
    _revalidate(ids, actor)
    result.corrected = len(ids)
    result.counts = dict(Counter(Candidate.objects.filter(pk__in=ids).values_list("status", flat=True)))
    audit_record(actor=actor, action="rentan.candidate.correct_file", obj=programme, scope_unit=programme.owner_id,
                 after={"rows": result.rows, "corrected": result.corrected, **result.counts},
                 reason=Path(path).name)
    return result


# --- probable duplicates ---------------------------------------------------------------------------------

@transaction.atomic
def duplicate_decide(*, pair: DuplicatePair, same: bool, actor) -> DuplicatePair:
    """Decide a probable duplicate. Same person: the later row becomes a duplicate (in the file when both rows
    came in one batch, else in the programme). Different people: the later row is valid and is routed, once no
    other pair holds it in review."""
    _require(actor, "rentan.review_duplicates")
    pair = (scoped(DuplicatePair, actor).select_for_update().select_related("candidate", "other")
            .filter(pk=pair.pk, decision=DuplicatePair.Decision.PENDING).first())
    if pair is None:
        raise WorkflowError(_("Pasangan ini sudah diputuskan."))
    candidate = pair.candidate
    before = snapshot(candidate, ["status", "duplicate_of", "verification", "opd"])
    pair.decision = DuplicatePair.Decision.SAME if same else DuplicatePair.Decision.DIFFERENT
    pair.decided_by, pair.decided_at = actor, clock.now()
    pair.save(update_fields=["decision", "decided_by", "decided_at"])
    if candidate.status == Status.REVIEW:
        if same:
            candidate.status = (Status.DUPLICATE_IN_FILE if candidate.batch_id == pair.other.batch_id
                                else Status.DUPLICATE_IN_PROGRAMME)
            candidate.duplicate_of = pair.other
            candidate.opd, candidate.verification = None, Verification.NOT_ROUTED
            DuplicatePair.objects.filter(candidate=candidate, decision=DuplicatePair.Decision.PENDING).update(
                decision=DuplicatePair.Decision.SAME, decided_by=actor, decided_at=pair.decided_at)
        elif not DuplicatePair.objects.filter(candidate=candidate, decision=DuplicatePair.Decision.PENDING).exists():
            route = route_occupation(list(candidate.programme.routes.all()), candidate.occupation)
            candidate.status, candidate.category, candidate.opd = Status.VALID, route.category, route.opd
            candidate.verification = Verification.PENDING
        candidate.save(update_fields=["status", "duplicate_of", "category", "opd", "verification"])
    audit_record(actor=actor, action=f"rentan.duplicate.{pair.decision}", obj=candidate, before=before,
                 after=snapshot(candidate, ["status", "duplicate_of", "verification", "opd"]),
                 reason=_("Kemungkinan ganda dengan baris %(other)s (probabilitas %(p).2f)")
                 % {"other": pair.other_id, "p": pair.probability})
    return pair


# --- approval and enrolment ------------------------------------------------------------------------------

def awaiting_approval(qs: QuerySet) -> QuerySet:
    return qs.filter(status=Status.VALID, verification=Verification.VERIFIED, participant__isnull=True)


def enrolled_count(programme: Programme) -> int:
    return Candidate.objects.filter(programme=programme, participant__isnull=False).count()


def enrolment_start(programme: Programme, on: dt.date | None = None) -> dt.date:
    """Coverage starts on the first day of the next month, or at the programme's start if that is later."""
    on = on or today()
    next_month = (on.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return max(next_month, programme.period_start)


def following_programme(programme: Programme) -> Programme | None:
    """The same Pemda's next programme (the next budget year's), the first that starts after this one ends
    and is not closed; None when the Pemda has not set one up yet."""
    return (Programme.objects.filter(pemda_id=programme.pemda_id, period_start__gt=programme.period_end)
            .exclude(status=Programme.Status.CLOSED).order_by("period_start", "pk").first())


def ended_message(programme: Programme, start: dt.date) -> str:
    """Why a programme can no longer enrol, and what the Pemda can do instead (shown before and on refusal)."""
    text = _("Peserta yang disetujui hari ini baru terlindungi mulai %(start)s, sesudah program ini berakhir "
             "(%(end)s); APBD program ini tidak membiayai bulan itu.") % {
        "start": start.strftime("%m/%Y"), "end": programme.period_end.strftime("%m/%Y")}
    following = following_programme(programme)
    if following is not None:
        return text + " " + _("Pindahkan baris yang sudah terverifikasi ke program %(next)s (%(code)s) dan "
                              "setujui di sana; riwayat verifikasinya ikut pindah.") % {
            "next": following.name, "code": following.code}
    return text + " " + _("Pemda ini belum memiliki program untuk tahun berikutnya; buat programnya dahulu, lalu "
                          "pindahkan baris yang sudah terverifikasi ke sana.")


@dataclass
class ApprovalResult:
    approved: int
    new_workers: int
    start_date: dt.date
    remaining_quota: int
    skipped_own: int = 0  # rows left out because the approver decided on them (``skip_own``)
    continued: int = 0  # people whose funding by an earlier programme of the Pemda ended the day before


@transaction.atomic
def candidates_approve(*, programme: Programme, candidates: QuerySet, actor, skip_own: bool = False,
                       on: dt.date | None = None) -> ApprovalResult:
    """Approve the verified rows among ``candidates`` and enrol them as BPU participants funded by the
    programme's Pemda (APBD), set-wise. Maker-checker: a row on which the approver ever made a verification
    decision (verified, sent back for correction, found not eligible — even before a correction and another
    OPD's verification) is never approved by them; the selection is refused as a whole, or, with
    ``skip_own`` ("setujui semua"), such rows are left out and counted. Refused as a whole too when it
    would pass the quota, or when coverage would start after the programme's last month (see
    :func:`ended_message` and :func:`sinergi.rentan.verification.continuation.candidates_carry_over`). ``on`` is the day of
    the approval (today; a past day only where history recorded on paper is entered). A person whom another
    programme of the same Pemda still funds is ended there the day before coverage starts here, so one
    person is never paid for twice."""
    _require(actor, "rentan.approve")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)  # one approval at a time: the quota
    rows = awaiting_approval(scoped(candidates, actor).filter(programme=programme))
    mine = VerificationDecision.objects.filter(candidate=OuterRef("pk"), decided_by=actor)
    people = list(rows.annotate(mine=Exists(mine)).order_by("pk").values_list(
        "pk", "nik", "name", "birth_date", "sex", "village_code", "occupation", "verified_by_id", "mine"))
    own = sum(1 for p in people if p[7] == actor.pk or p[8])
    if own and skip_own:
        people = [p for p in people if not (p[7] == actor.pk or p[8])]
        if not people:
            raise WorkflowError(
                _("Semua %(count)s baris yang menunggu dalam pilihan ini pernah Anda putuskan saat verifikasi; "
                  "menurut aturan maker-checker, yang pernah memverifikasi suatu baris tidak boleh menyetujuinya. "
                  "Minta pejabat lain menyetujuinya.") % {"count": own}, code="maker_checker")
    elif own:
        raise WorkflowError(
            _("%(count)s baris dalam pilihan ini pernah Anda putuskan saat verifikasi (diverifikasi, dikembalikan "
              "untuk perbaikan, atau dinyatakan tidak layak); menurut aturan maker-checker, yang pernah "
              "memverifikasi suatu baris tidak boleh menyetujuinya, juga setelah baris itu diperbaiki dan "
              "diverifikasi orang lain. Kecualikan baris tersebut atau minta pejabat lain menyetujuinya.")
            % {"count": own}, code="maker_checker")
    ids = [p[0] for p in people]
    if not ids:
        raise WorkflowError(_("Tidak ada baris terverifikasi yang menunggu persetujuan dalam pilihan ini."))
    enrolled = enrolled_count(programme)
    if enrolled + len(ids) > programme.quota:
        raise WorkflowError(
            _("Persetujuan %(count)s orang melebihi kuota program: kuota %(quota)s, sudah terdaftar %(enrolled)s, "
              "sisa %(left)s. Pilih paling banyak %(left)s baris.")
            % {"count": len(ids), "quota": programme.quota, "enrolled": enrolled,
               "left": max(programme.quota - enrolled, 0)}, code="quota")
    start = enrolment_start(programme, on)
    if start > programme.period_end:
        raise WorkflowError(ended_message(programme, start), code="ended")
    if programme.branch_id is None:
        raise WorkflowError(_("Program belum menyebut kantor cabang BPJS Ketenagakerjaan; lengkapi programnya "
                              "dahulu."), code="branch")
    people = [p[1:7] for p in people]
    niks = [p[0] for p in people]
    if len(set(niks)) != len(niks):
        raise WorkflowError(_("Pilihan ini memuat NIK yang sama lebih dari sekali; putuskan dahulu mana yang "
                              "benar di halaman calon peserta."), code="nik_twice")
    worker_ids: dict[str, int] = {}
    for start_at in range(0, len(niks), CHUNK):
        worker_ids.update(Worker.objects.filter(nik__in=niks[start_at:start_at + CHUNK]).values_list("nik", "pk"))
    villages = {p[4] for p in people if p[4]}
    known_villages = set()
    village_list = list(villages)
    for start_at in range(0, len(village_list), CHUNK):
        known_villages.update(Region.objects.filter(code__in=village_list[start_at:start_at + CHUNK])
                              .values_list("code", flat=True))
    new_workers = [Worker(nik=nik, name=name, birth_date=birth, sex=sex,
                          region_id=village if village in known_villages else None)
                   for nik, name, birth, sex, village, _occupation in people if nik not in worker_ids]
    Worker.objects.bulk_create(new_workers, batch_size=CHUNK)
    missing = [w.nik for w in new_workers]
    for start_at in range(0, len(missing), CHUNK):
        worker_ids.update(Worker.objects.filter(nik__in=missing[start_at:start_at + CHUNK])
                          .values_list("nik", "pk"))
    # Continuation from an earlier programme of the same Pemda: that funding ends where this one starts.
    known = [worker_ids[nik] for nik in niks if nik not in missing]
    continued = 0
    for start_at in range(0, len(known), CHUNK):
        continued += BpuParticipant.objects.filter(
            worker_id__in=known[start_at:start_at + CHUNK], funding=BpuParticipant.Funding.APBD,
            funder_id=programme.pemda_id, end_date__isnull=True, start_date__lt=start,
        ).exclude(programme_code=programme.code).update(end_date=start - dt.timedelta(days=1))
    participants = [
        BpuParticipant(worker_id=worker_ids[nik], branch_id=programme.branch_id, occupation=occupation[:100],
                       declared_income=programme.declared_income, jht=programme.jht,
                       funding=BpuParticipant.Funding.APBD, funder_id=programme.pemda_id,
                       programme_code=programme.code, start_date=start)
        for nik, _name, _birth, _sex, _village, occupation in people]
    BpuParticipant.objects.bulk_create(participants, batch_size=CHUNK)
    if any(p.pk is None for p in participants):  # a backend that does not return the new keys
        by_worker = {}
        for start_at in range(0, len(participants), CHUNK):
            by_worker.update(BpuParticipant.objects.filter(
                worker_id__in=[p.worker_id for p in participants[start_at:start_at + CHUNK]],
                programme_code=programme.code, funder_id=programme.pemda_id, start_date=start,
            ).values_list("worker_id", "pk"))
        for p in participants:
            p.pk = by_worker[p.worker_id]
    # Exactly the rows enrolled above, whatever changed meanwhile, by primary key in one executemany (a
    # correlated subquery per row is slow on freshly inserted tables, Django's bulk_update slow in Python).
    at = clock.now() if on is None else dt.datetime.combine(on, dt.time(10, 0), tzinfo=clock.WIB)
    now = connection.ops.adapt_datetimefield_value(at)
    table, q = Candidate._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement: the pairs as two arrays
            cursor.execute(
                f"UPDATE {q(table)} AS c SET {q('participant_id')} = v.pid, {q('approved_by_id')} = %s, "  # noqa: S608
                f"{q('approved_at')} = %s FROM unnest(%s::bigint[], %s::bigint[]) AS v(cid, pid) "
                f"WHERE c.{q('id')} = v.cid", [actor.pk, now, ids, [p.pk for p in participants]])
        else:
            cursor.executemany(
                f"UPDATE {q(table)} SET {q('participant_id')} = %s, {q('approved_by_id')} = %s, "  # noqa: S608
                f"{q('approved_at')} = %s WHERE {q('id')} = %s",
                [(p.pk, actor.pk, now, pk) for pk, p in zip(ids, participants, strict=True)])
    result = ApprovalResult(approved=len(ids), new_workers=len(new_workers), start_date=start,
                            remaining_quota=programme.quota - enrolled - len(ids),
                            skipped_own=own if skip_own else 0, continued=continued)
    audit_record(actor=actor, action="rentan.candidate.approve", obj=programme, scope_unit=programme.owner_id,
                 after={"approved": result.approved, "new_workers": result.new_workers,
                        "start_date": start.isoformat(), "remaining_quota": result.remaining_quota,
                        "skipped_own": result.skipped_own, "continued": result.continued})
    return result


# --- programme setup -------------------------------------------------------------------------------------

PROGRAMME_FIELDS = ("name", "legal_basis_type", "legal_basis_number", "legal_basis_year", "period_start",
                    "period_end", "jht", "declared_income", "quota", "age_min", "age_max", "eligible_categories",
                    "status", "branch")


@transaction.atomic
def programme_update(*, programme: Programme, values: dict, budget_lines: list[dict], routes: dict, actor
                     ) -> Programme:
    """Change a programme's terms, budget lines and routing table. A budget line is matched by its kode
    rekening; a line that kode iuran already point at cannot be removed. The quota cannot go below the people
    already enrolled."""
    _require(actor, "rentan.manage")
    if not scoped(Programme, actor).filter(pk=programme.pk).exists():
        raise PermissionDenied
    # The scope of a programme is DISTINCT (it crosses the routes), which FOR UPDATE does not allow.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    fields = [*PROGRAMME_FIELDS, "declared_income"]
    before = snapshot(programme, fields)
    for name, value in values.items():
        if name in PROGRAMME_FIELDS:
            setattr(programme, name, value)
    programme.period_start = programme.period_start.replace(day=1)
    programme.period_end = programme.period_end.replace(day=1)
    enrolled = enrolled_count(programme)
    if programme.quota < enrolled:
        raise WorkflowError({"quota": _("Kuota tidak boleh di bawah %(n)s orang yang sudah terdaftar.")
                             % {"n": enrolled}})
    programme.full_clean()
    programme.save()
    existing = {line.code: line for line in programme.budget_lines.all()}
    wanted = {spec["code"]: spec for spec in budget_lines}
    for code, line in existing.items():
        if code not in wanted:
            if line.codes.exists():
                raise WorkflowError(_("Mata anggaran %(code)s sudah dipakai kode iuran dan tidak dapat dihapus.")
                                    % {"code": code})
            line.delete()
    number = max([0, *(line.number for code, line in existing.items() if code in wanted)])
    for code, spec in wanted.items():
        line = existing.get(code)
        if line is None:
            number += 1
            line = BudgetLine(programme=programme, number=number)
        for name in ("source", "account", "code", "name", "amount"):
            setattr(line, name, spec[name])
        line.full_clean()
        line.save()
    for route in programme.routes.all():
        new = routes.get(route.category)
        if new is not None and new.pk != route.opd_id:
            route.opd = new
            route.save(update_fields=["opd"])
    audit_record(actor=actor, action="rentan.programme.update", obj=programme, before=before,
                 after={**snapshot(programme, fields),
                        "budget_lines": sorted(wanted), "routes": {k: v.code for k, v in routes.items()}},
                 scope_unit=programme.owner_id)
    return programme


def programme_counts(programme: Programme) -> dict:
    """The stages of the programme's rows in one query: import status × verification × enrolled."""
    counts = Counter()
    rows = (Candidate.objects.filter(programme=programme)
            .annotate(enrolled=ExpressionWrapper(Q(participant__isnull=False), output_field=BooleanField()))
            .values("status", "verification", "enrolled").annotate(n=Count("pk")).order_by())
    for row in rows:
        counts["rows"] += row["n"]
        counts[row["status"]] += row["n"]
        if row["status"] == Status.VALID:
            counts[row["verification"]] += row["n"]
            if row["enrolled"]:
                counts["enrolled"] += row["n"]
    counts["awaiting_approval"] = counts[Verification.VERIFIED] - counts["enrolled"]
    return dict(counts)


def opd_choices(programme_or_pemda) -> QuerySet:
    """The OPDs of the Pemda that a route may point at."""
    from sinergi.orgs.models import OrgUnit
    from sinergi.orgs.roles import UnitKind

    pemda = getattr(programme_or_pemda, "pemda", programme_or_pemda)
    return OrgUnit.objects.filter(path__startswith=pemda.path, kind=UnitKind.OPD, is_active=True).order_by("name")

