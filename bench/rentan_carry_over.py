#!/usr/bin/env python3
"""Benchmark carrying a programme's people into the next budget year's programme, and enrolling them there.

- sinergi_s: ``candidates_carry_over(include_enrolled=True)`` — every verified row of this year's programme
  copied into next year's as one batch "Lanjutan", with each row's verification history, the NIKs already
  there left out, one audit event, one transaction.
- insert_select_s: the limit — the same rows and their history copied by two bare INSERT … SELECT statements
  into another batch (no checks, no audit), measured in the same run.
- naive_s: the floor — one ``Candidate.objects.create`` and one ``VerificationDecision.objects.create`` per
  row, timed on ``--naive-rows`` rows and extrapolated to all of them (``naive_extrapolated_s``).
- approve_s: ``candidates_approve`` of the carried rows in next year's programme, which also ends each
  person's funding by this year's programme on 31 December (set-wise).

Data: ``bench/rentan_batches.py``'s programme of ``--participants`` enrolled candidates, each with one
verification decision, in a throw-away database (SQLite, or ``bench_sinergi_<pid>`` on DATABASE_URL's
server).
Usage: python bench/rentan_carry_over.py --participants 60000 --json
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from decimal import Decimal

from _harness import bench_parser, figures_print, throwaway_database, timed
from django.db import connection, transaction
from rentan_batches import CHUNK, generate, setup_database

from sinergi.rentan.verification.continuation import (
    COPIED,  # the columns a carry-over copies, for the baselines
)


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--participants", type=int, default=60_000)
    parser.add_argument("--naive-rows", type=int, default=1_000)
    args = parser.parse_args()
    with throwaway_database():
        result = measure(args.participants, args.naive_rows)
    return figures_print(result, args)


def _people():
    from sinergi.orgs.models import OrgUnit
    from sinergi.orgs.roles import R
    from sinergi.orgs.services import user_create

    owner = OrgUnit.objects.get(code="kukar-distransnaker")
    verifier = OrgUnit.objects.get(code="kukar-disbun")
    andi = user_create(username="bench.andi", org_unit=owner, roles=[R.PEMDA_OWNER], actor=None, validate=False)
    rahmat = user_create(username="bench.rahmat", org_unit=verifier, roles=[R.OPD_VERIFIER], actor=None,
                         validate=False)
    return andi, rahmat


def _history(programme, verifier) -> None:
    from sinergi.rentan.models import Candidate, VerificationDecision

    at = datetime(2026, 1, 20, 3, 0, tzinfo=UTC)
    Candidate.objects.filter(programme=programme).update(verified_by=verifier, verified_at=at)
    ids = list(Candidate.objects.filter(programme=programme).values_list("pk", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            VerificationDecision.objects.bulk_create([
                VerificationDecision(candidate_id=pk, decision="verified", decided_by=verifier, decided_at=at)
                for pk in ids[start:start + CHUNK]])


def _next_year(source, code: str):
    from sinergi.rentan.programmes.services import BudgetLineSpec, programme_create

    return programme_create(
        code=code, name=f"Program uji {code}", pemda=source.pemda, region=source.region, legal_basis_type="perbup",
        legal_basis_number="1", legal_basis_year=2026, period_start=date(2027, 1, 1), period_end=date(2027, 12, 1),
        quota=source.quota, branch=source.branch, budget_lines=[
            BudgetLineSpec("apbd", "JKK", "5.1.1", "JKK", Decimal(10_000 * source.quota * 12)),
            BudgetLineSpec("apbd", "JKM", "5.1.2", "JKM", Decimal(6_800 * source.quota * 12))])


def _insert_select(source, target) -> int:
    """The limit: the rows and their history by two INSERT … SELECT (the NIK is unique in the new batch)."""
    from sinergi.rentan.models import ImportBatch

    batch = ImportBatch.objects.create(programme=target, number=99, file_name="baseline", file_sha256="1" * 64,
                                       status=ImportBatch.Status.DONE)
    columns = ", ".join(COPIED)
    picked = ", ".join(f"c.{name}" for name in COPIED)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO rentan_candidate (programme_id, batch_id, row_number, status, reasons, verification, "  # noqa: S608
            f"{columns}) SELECT %s, %s, ROW_NUMBER() OVER (ORDER BY c.row_number), 'valid', '', 'verified', "
            f"{picked} FROM rentan_candidate c WHERE c.programme_id = %s AND c.status = 'valid' "
            "AND c.verification = 'verified'", [target.pk, batch.pk, source.pk])
        rows = cursor.rowcount
        cursor.execute(
            "INSERT INTO rentan_verificationdecision (candidate_id, decision, reason, decided_by_id, decided_at) "
            "SELECT n.id, d.decision, d.reason, d.decided_by_id, d.decided_at FROM rentan_verificationdecision d "
            "JOIN rentan_candidate o ON o.id = d.candidate_id JOIN rentan_candidate n ON n.batch_id = %s "
            "AND n.nik = o.nik WHERE o.programme_id = %s", [batch.pk, source.pk])
    return rows


def _naive(source, target, rows: int) -> int:
    """The floor: one ORM create per row and per decision."""
    from sinergi.rentan.models import Candidate, ImportBatch, VerificationDecision

    batch = ImportBatch.objects.create(programme=target, number=98, file_name="naive", file_sha256="2" * 64,
                                       status=ImportBatch.Status.DONE)
    with transaction.atomic():
        for index, old in enumerate(Candidate.objects.filter(programme=source).order_by("pk")[:rows], start=1):
            new = Candidate.objects.create(programme=target, batch=batch, row_number=index, status="valid",
                                           verification="verified", **{n: getattr(old, n) for n in COPIED})
            for decision in old.decisions.all():
                VerificationDecision.objects.create(candidate=new, decision=decision.decision, reason=decision.reason,
                                                    decided_by_id=decision.decided_by_id,
                                                    decided_at=decision.decided_at)
    return rows


def measure(participants: int, naive_rows: int) -> dict:
    from sinergi.rentan.models import Candidate
    from sinergi.rentan.verification.continuation import candidates_carry_over
    from sinergi.rentan.verification.services import candidates_approve

    setup_database()
    andi, rahmat = _people()
    source = generate(participants)
    _history(source, rahmat)
    target, limit_target, naive_target = (_next_year(source, f"bench-next-{n}") for n in ("a", "b", "c"))
    sinergi_s, moved = timed(lambda: candidates_carry_over(source=source, target=target, actor=andi,
                                                           include_enrolled=True))
    insert_select_s, copied = timed(lambda: _insert_select(source, limit_target))
    naive_rows = min(naive_rows, participants)
    naive_s, _ = timed(lambda: _naive(source, naive_target, naive_rows))
    approve_s, approved = timed(lambda: candidates_approve(
        programme=target, candidates=Candidate.objects.filter(programme=target), actor=andi,
        on=date(2026, 12, 15)))
    naive_extrapolated_s = naive_s * participants / naive_rows
    sinergi_s, insert_select_s, naive_s, approve_s = (round(s, 3) for s in (sinergi_s, insert_select_s, naive_s,
                                                                           approve_s))
    return {
        "participants": participants, "moved": moved.moved, "baseline_rows": copied, "naive_rows": naive_rows,
        "approved": approved.approved, "continued": approved.continued,
        "sinergi_s": sinergi_s, "insert_select_s": insert_select_s,
        "ratio_vs_insert_select": round(sinergi_s / insert_select_s, 2) if insert_select_s else None,
        "naive_s": naive_s, "naive_extrapolated_s": round(naive_extrapolated_s, 1),
        "speedup_vs_naive": round(naive_extrapolated_s / sinergi_s, 1) if sinergi_s else None,
        "approve_s": approve_s, "database": connection.vendor,
    }


if __name__ == "__main__":
    sys.exit(main())
