"""Demo step ``rentan``: Kutai Kartanegara's vulnerable-worker programme of the current year (seed 004).

What it builds, each part through the services users call, so the demo exercises the real code:

1. the programme ``kukar-rentan-<year>`` (owner Distransnaker Kukar, Dinsos data, BPKD, BPJS Tenggarong,
   Rp 10 miliar in an APBD JKK line of Rp 6 miliar and a JKM line of Rp 4 miliar, quota 60.000) and its
   wadah employer (NPP ``886402SS``, see :mod:`sinergi.rentan.payments.services`);
2. a DTKS file of 90.000 rows (``--scale tiny``: 900) from the deterministic generator with the demo mix
   (``DEMO_MIX``: Excel-damaged NIKs, wrong birth dates and sexes, people already insured, duplicates,
   people from other regencies, ages out of range, empty cells), imported by the Dinsos data officer
   through the import pipeline — about 60.000 rows valid;
3. the OPDs' decisions on every valid row, by each OPD's verifier (the demo's Disbun and Dishub logins;
   the system administrator for the OPDs without a demo login): about 95 % verified, 4 % sent back for
   correction and 1 % not eligible, with the reasons verifiers write — so about 57.000 are verified and,
   with the rows the import refused, about 30.000 need correction;
4. approval of the verified rows by the Disnaker login, which enrols them as BPU participants;
5. a payment batch for every month from the enrolment month to the current month: the oldest reconciled
   (posted to the wadah's ledger), the next ones paid (SP2D), the previous month submitted to BPKD and
   the current month a draft.

The programmes follow the calendar as a regency's budget years do (docs/dates.md). Enrolment began
``ENROLMENT_MONTHS_BACK`` months before the current month. When that month lies in the current year, all of
the above happens in the current year's programme. When it lies in the previous year (January to April), the
file was imported, verified and enrolled in last year's programme, whose batches run to December, and its
participants were carried over into this year's programme (:mod:`sinergi.rentan.verification.continuation`) and enrolled
there from January, when the new budget year's batches begin. In the programme's last month, when an approval
would start coverage after the programme ends, the next year's programme is already set up, as the next
APBD is by then, so the approval page offers to carry verified rows over.

History is written with today's services and dated back only where a service stamps "now": approvals are
given as of the month before coverage starts (``on=``), and each batch was submitted on the 3rd of its month
and paid by SP2D on the 12th. The step is idempotent: each part runs only when its result is missing, so a
second run adds nothing; ``--seed`` changes the generated file of a new database only.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Mod

from sinergi.clock import today
from sinergi.orgs.models import OrgUnit, User
from sinergi.regions.models import Region
from sinergi.registry.models import Worker
from sinergi.rentan.models import Candidate, ImportBatch, PaymentBatch, Programme
from sinergi.rentan.payments.services import (
    batch_prepare,
    batch_reconcile,
    batch_record_sp2d,
    batch_submit,
    programme_wadah_ensure,
)
from sinergi.rentan.programmes.services import BudgetLineSpec, programme_create
from sinergi.rules.periods import add_months

ROWS = {"tiny": 900, "small": 90_000, "region": 90_000}
# Shares of the valid rows by OPD decision (per 100, by row number): the rest is verified.
NEEDS_CORRECTION = 4
NOT_ELIGIBLE = 1
CORRECTION_REASONS = (
    "Pekerjaan di lapangan tidak sesuai dengan data DTKS",
    "Alamat tidak ditemukan saat verifikasi lapangan",
    "Nomor KK tidak sesuai dengan Kartu Keluarga yang ditunjukkan",
)
NOT_ELIGIBLE_REASON = "Sudah bekerja sebagai karyawan tetap (peserta penerima upah)"
ENROLMENT_MONTHS_BACK = 4


def programme_code(year: int) -> str:
    return f"kukar-rentan-{year}"


def _users() -> dict[str, User | None]:
    found = {u.username: u for u in User.objects.filter(username__in=[
        "kukar.disnaker", "kukar.dinsos", "kukar.disbun", "kukar.dishub", "kukar.bpkd", "admin"])}
    return {name: found.get(name) for name in ("kukar.disnaker", "kukar.dinsos", "kukar.disbun", "kukar.dishub",
                                               "kukar.bpkd", "admin")}


def _programme(year: int, actor) -> Programme:
    code = programme_code(year)
    existing = Programme.objects.filter(code=code).first()
    if existing is not None:
        return existing
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["pemkab-kukar", "bpjs-cabang-tenggarong"])}
    return programme_create(
        code=code, name=f"Perlindungan Jaminan Sosial Pekerja Rentan Kutai Kartanegara {year}",
        pemda=units["pemkab-kukar"], region=Region.objects.get(code="64.02"), legal_basis_type="perbup",
        legal_basis_number="12", legal_basis_year=year - 1, period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 1), quota=60_000, branch=units["bpjs-cabang-tenggarong"], actor=actor,
        budget_lines=[
            BudgetLineSpec("apbd", "JKK", f"2.07.01.2.02.0001.5.1.02.01.01.{year % 100:02d}01",
                           "Belanja iuran JKK pekerja rentan", Decimal("6000000000")),
            BudgetLineSpec("apbd", "JKM", f"2.07.01.2.02.0001.5.1.02.01.01.{year % 100:02d}02",
                           "Belanja iuran JKM pekerja rentan", Decimal("4000000000")),
        ],
    )


def _import(programme: Programme, *, rows: int, seed: int, actor, log) -> ImportBatch:
    from sinergi.rentan.imports.generator import DEMO_MIX, dtks_generate
    from sinergi.rentan.imports.services import rentan_import

    done = programme.batches.filter(status=ImportBatch.Status.DONE).order_by("number").first()
    if done is not None:
        return done
    # People already insured in the demo registry (active employment in the regency's branch), so the file
    # can plant a share of them as double coverage.
    registered = list(Worker.objects.filter(
        employments__employer__branch__code="bpjs-cabang-tenggarong", employments__end_date__isnull=True)
        .order_by("pk").values_list("nik", flat=True).distinct()[:max(rows // 20, 10)])
    with tempfile.TemporaryDirectory(prefix="sinergi-dtks-") as folder:
        path = Path(folder) / f"dtks-kukar-{programme.period_start.year}.csv"
        started = time.perf_counter()
        dtks_generate(path=path, rows=rows, seed=seed, region_code="64.02", mix=DEMO_MIX, registered=registered,
                      reference_date=programme.period_start)
        log(f"rentan: berkas DTKS {rows:,} baris dibuat ({time.perf_counter() - started:.1f} s)".replace(",", "."))
        started = time.perf_counter()
        batch = rentan_import(programme=programme, path=path, file_name=path.name, actor=actor)
    counts = batch.counts or {}
    log(f"rentan: impor DTKS {counts.get('rows', 0)} baris — valid {counts.get('valid', 0)}, tidak valid "
        f"{counts.get('invalid', 0)}, ganda {counts.get('duplicate_in_file', 0)}, sudah peserta "
        f"{counts.get('already_participant', 0)}, ditinjau {counts.get('review', 0)} "
        f"({time.perf_counter() - started:.1f} s)")
    return batch


def _decide(programme: Programme, users: dict, log) -> None:
    from sinergi.rentan.verification.services import candidates_decide

    pending = Candidate.objects.filter(programme=programme, status=Candidate.Status.VALID,
                                       verification=Candidate.Verification.PENDING)
    if not pending.exists():
        return
    started = time.perf_counter()
    verifiers = {"kukar-disbun": users["kukar.disbun"], "kukar-dishub": users["kukar.dishub"]}
    counts = {"verified": 0, "needs_correction": 0, "not_eligible": 0}
    opds = OrgUnit.objects.filter(pk__in=pending.values("opd_id")).order_by("code")
    for opd in opds:
        actor = verifiers.get(opd.code) or users["admin"]
        rows = pending.filter(opd=opd).annotate(bucket=Mod(F("row_number"), 100))
        for index, reason in enumerate(CORRECTION_REASONS):
            share = rows.filter(bucket__gte=index * NEEDS_CORRECTION // len(CORRECTION_REASONS),
                                bucket__lt=(index + 1) * NEEDS_CORRECTION // len(CORRECTION_REASONS))
            counts["needs_correction"] += candidates_decide(candidates=Candidate.objects.filter(
                pk__in=share.values("pk")), decision="needs_correction", actor=actor, reason=reason)
        not_eligible = rows.filter(bucket__gte=NEEDS_CORRECTION, bucket__lt=NEEDS_CORRECTION + NOT_ELIGIBLE)
        counts["not_eligible"] += candidates_decide(candidates=Candidate.objects.filter(
            pk__in=not_eligible.values("pk")), decision="not_eligible", actor=actor, reason=NOT_ELIGIBLE_REASON)
        counts["verified"] += candidates_decide(candidates=Candidate.objects.filter(
            pk__in=pending.filter(opd=opd).values("pk")), decision="verified", actor=actor)
    log(f"rentan: verifikasi OPD — terverifikasi {counts['verified']}, perlu perbaikan "
        f"{counts['needs_correction']}, tidak layak {counts['not_eligible']} ({time.perf_counter() - started:.1f} s)")


def _approve(programme: Programme, *, actor, start: dt.date, log) -> None:
    from sinergi.rentan.verification.services import awaiting_approval, candidates_approve

    waiting = awaiting_approval(Candidate.objects.filter(programme=programme))
    if not waiting.exists():
        return
    started = time.perf_counter()
    # Demo history: these people were approved when the verification ended, the month before coverage began.
    result = candidates_approve(programme=programme, candidates=waiting, actor=actor, on=add_months(start, -1))
    log(f"rentan: {result.approved} peserta {programme.code} disetujui dan didaftarkan sebagai peserta BPU mulai "
        f"{result.start_date:%m/%Y} ({time.perf_counter() - started:.1f} s)")


def _carry_over(source: Programme, target: Programme, *, actor, log) -> None:
    from sinergi.rentan.verification.continuation import candidates_carry_over

    if target.batches.exists():
        return
    started = time.perf_counter()
    result = candidates_carry_over(source=source, target=target, actor=actor, include_enrolled=True)
    log(f"rentan: {result.moved} peserta {source.code} dilanjutkan ke {target.code} "
        f"({time.perf_counter() - started:.1f} s)")


def _batches(programme: Programme, users: dict, *, start: dt.date, current: dt.date, log) -> None:
    months = []
    month = start
    while month <= min(current, programme.period_end):
        months.append(month)
        month = add_months(month, 1)
    existing = set(PaymentBatch.objects.filter(programme=programme).values_list("period", flat=True))
    andi, dewi, admin = users["kukar.disnaker"], users["kukar.bpkd"], users["admin"]
    started = time.perf_counter()
    made = []
    for index, period in enumerate(months):
        if period in existing:
            continue
        # The current month stays a draft, the previous one waits at BPKD, the oldest is reconciled.
        with transaction.atomic():
            batch = batch_prepare(programme=programme, period=period, actor=andi)
            if period == current:
                made.append((period, batch.get_status_display()))
                continue
            batch = batch_submit(batch=batch, actor=andi)
            submitted = dt.datetime.combine(period.replace(day=3), dt.time(9, 0), tzinfo=dt.UTC)
            PaymentBatch.objects.filter(pk=batch.pk).update(submitted_at=submitted, created_at=submitted)
            batch.refresh_from_db()
            if period < add_months(current, -1):
                sp2d = min(period.replace(day=12), today())
                batch = batch_record_sp2d(batch=batch, actor=dewi, sp2d_date=sp2d,
                                          sp2d_number=f"{index + 1:04d}/SP2D-LS/BPKD/{period.year}")
                if index == 0:
                    batch = batch_reconcile(batch=batch, actor=admin)
            made.append((period, batch.get_status_display()))
    if made:
        log("rentan: batch pembayaran — " + ", ".join(f"{p:%Y-%m} {s}" for p, s in made)
            + f" ({time.perf_counter() - started:.1f} s)")


def history_start(current: dt.date) -> dt.date:
    """The month the demo's enrolment began: ``ENROLMENT_MONTHS_BACK`` months before the current month."""
    return add_months(current.replace(day=1), -ENROLMENT_MONTHS_BACK)


def demo_programme_codes(on: dt.date) -> dict[str, str]:
    """Which programme holds what on day ``on``: ``imported`` (the DTKS file, its verification and first
    enrolment) and ``current`` (this month's batches); the same code from May to December."""
    current = on.replace(day=1)
    return {"imported": programme_code(history_start(current).year), "current": programme_code(current.year)}


def demo_rentan(options, log: Callable[[str], None]) -> None:
    """The demo step (see the module docstring)."""
    from sinergi.rentan.verification.services import enrolment_start

    users = _users()
    if users["kukar.disnaker"] is None or users["kukar.dinsos"] is None:
        log("rentan: pengguna demo Kukar belum ada; langkah dilewati")
        return
    started = time.perf_counter()
    current = today().replace(day=1)
    start = history_start(current)
    owner = users["kukar.disnaker"]
    imported = _programme(start.year, owner)
    programme_wadah_ensure(programme=imported, actor=users["admin"])
    imported.refresh_from_db()
    rows = ROWS.get(options.scale, ROWS["small"])
    _import(imported, rows=rows, seed=options.seed, actor=users["kukar.dinsos"], log=log)
    _decide(imported, users, log)
    _approve(imported, actor=owner, start=start, log=log)
    _batches(imported, users, start=start, current=current, log=log)
    programme = imported
    if start.year < current.year:  # the budget year turned since enrolment began: the participants continue
        programme = _programme(current.year, owner)
        programme_wadah_ensure(programme=programme, actor=users["admin"])
        programme.refresh_from_db()
        _carry_over(imported, programme, actor=owner, log=log)
        _approve(programme, actor=owner, start=programme.period_start, log=log)
        _batches(programme, users, start=programme.period_start, current=current, log=log)
    if enrolment_start(programme) > programme.period_end:  # its last month: next year's programme is set up
        following = _programme(current.year + 1, owner)
        programme_wadah_ensure(programme=following, actor=users["admin"])
        log(f"rentan: program tahun berikutnya {following.code} disiapkan")
    log(f"rentan: program {programme.code} siap ({time.perf_counter() - started:.1f} s)")
