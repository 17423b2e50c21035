#!/usr/bin/env python3
"""Benchmark a monthly payment batch of a vulnerable-worker programme and its documents.

- sinergi_s: ``batch_prepare()`` for one month — the enrolled participants active in the month, one line
  each by INSERT … SELECT, the budget split into kode iuran, the audit event, in one transaction.
- insert_select_s: the floor — the same lines written by the bare INSERT … SELECT into another month's
  batch (no budget, codes or audit), measured in the same run.
- ratio_vs_insert_select: sinergi_s / insert_select_s.
- recap_xlsx_s, recap_pdf_s, attachment_xlsx_s, attachment_pdf_s: the four documents of the batch (the
  attachment lists every participant).

Data: a Kukar programme and ``--participants`` enrolled candidates (workers, BPU memberships, candidate rows)
written with bulk inserts into a throw-away database (SQLite, or ``bench_sinergi_<pid>`` on the server of
DATABASE_URL).
Usage: python bench/rentan_batches.py --participants 60000 --json
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

from _harness import bench_parser, figures_print, reference_load, throwaway_database, timed
from django.db import connection, transaction

MONTH = date(2026, 3, 1)
BASELINE_MONTH = date(2026, 4, 1)
OCCUPATIONS = ("Petani", "Nelayan", "Tukang ojek", "Pemulung", "Marbot", "Pedagang kecil")
CHUNK = 2000


def setup_database() -> None:

    reference_load(orgs=True)


def generate(participants: int):
    """The programme and its enrolled participants, written in bulk."""
    from sinergi.orgs.models import OrgUnit
    from sinergi.regions.models import Region
    from sinergi.registry.models import BpuParticipant, Worker
    from sinergi.rentan.models import Candidate, ImportBatch, Programme
    from sinergi.rentan.programmes.services import BudgetLineSpec, programme_create

    code = f"bench-{participants}"
    existing = Programme.objects.filter(code=code).first()
    if existing is not None:
        return existing
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["pemkab-kukar", "bpjs-cabang-tenggarong"])}
    programme = programme_create(
        code=code, name="Program uji", pemda=units["pemkab-kukar"], region=Region.objects.get(code="64.02"),
        legal_basis_type="perbup", legal_basis_number="1", legal_basis_year=2025, period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 1), quota=participants, branch=units["bpjs-cabang-tenggarong"], budget_lines=[
            BudgetLineSpec("apbd", "JKK", "5.1.1", "JKK", Decimal(10_000 * participants * 12)),
            BudgetLineSpec("apbd", "JKM", "5.1.2", "JKM", Decimal(6_800 * participants * 12)),
        ])
    villages = list(Region.objects.filter(code__startswith="64.02.", level=4).values_list("code", flat=True))
    routes = {r.category: r.opd_id for r in programme.routes.all()}
    with transaction.atomic():
        batch = ImportBatch.objects.create(programme=programme, number=1, file_name="bench.csv",
                                           file_sha256="0" * 64, status=ImportBatch.Status.DONE)
        for start in range(0, participants, CHUNK):
            numbers = range(start, min(start + CHUNK, participants))
            workers = Worker.objects.bulk_create([Worker(nik=f"6402{n:012d}", name=f"Peserta {n}")
                                                  for n in numbers])
            if any(w.pk is None for w in workers):
                ids = dict(Worker.objects.filter(nik__in=[w.nik for w in workers]).values_list("nik", "pk"))
                for w in workers:
                    w.pk = ids[w.nik]
            members = BpuParticipant.objects.bulk_create([
                BpuParticipant(worker_id=w.pk, branch_id=programme.branch_id, declared_income=Decimal(1_000_000),
                               funding="apbd", funder_id=programme.pemda_id, programme_code=code,
                               start_date=date(2026, 1, 1)) for w in workers])
            if any(m.pk is None for m in members):
                ids = dict(BpuParticipant.objects.filter(worker_id__in=[w.pk for w in workers])
                           .values_list("worker_id", "pk"))
                for m in members:
                    m.pk = ids[m.worker_id]
            Candidate.objects.bulk_create([
                Candidate(programme=programme, batch=batch, row_number=n + 2, nik=w.nik, name=w.name,
                          birth_date=date(1985, 6, 12), sex="M", village_code=villages[n % len(villages)],
                          occupation=OCCUPATIONS[n % len(OCCUPATIONS)], category="other", status="valid",
                          opd_id=routes["other"], verification="verified", participant_id=m.pk)
                for n, w, m in zip(numbers, workers, members, strict=True)])
    return programme


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--participants", type=int, default=60_000)
    args = parser.parse_args()

    with throwaway_database():
        result = measure(args.participants)
    return figures_print(result, args)


def measure(participants: int) -> dict:
    from sinergi.rentan.models import PaymentBatch
    from sinergi.rentan.payments import exports
    from sinergi.rentan.payments.services import _INSERT_LINES, batch_prepare, month_last_day

    setup_database()
    generate_s, programme = timed(lambda: generate(participants))
    sinergi_s, batch = timed(lambda: batch_prepare(programme=programme, period=MONTH, actor=None))

    baseline = PaymentBatch.objects.create(programme=programme, period=BASELINE_MONTH)

    def insert_select():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_INSERT_LINES, [baseline.pk, 10_000, 6_800, 0, 16_800, programme.pk,
                                           month_last_day(BASELINE_MONTH), BASELINE_MONTH])
            return cursor.rowcount

    insert_select_s, rows = timed(insert_select)
    # Seconds to the millisecond, the ratio of the rounded figures.
    generate_s, sinergi_s, insert_select_s = (round(s, 3) for s in (generate_s, sinergi_s, insert_select_s))
    result = {
        "participants": participants, "lines": batch.participants, "baseline_lines": rows,
        "codes": batch.codes.count(), "total": str(batch.total),
        "generate_s": generate_s, "sinergi_s": sinergi_s, "insert_select_s": insert_select_s,
        "ratio_vs_insert_select": round(sinergi_s / insert_select_s, 2) if insert_select_s else None,
        "database": connection.vendor,
    }
    for kind in exports.KINDS:
        for fmt in exports.FORMATS:
            seconds, content = timed(lambda k=kind, f=fmt: exports.batch_export(batch, k, f))
            name = "recap" if kind == "rekap" else "attachment"
            result[f"{name}_{fmt}_s"] = round(seconds, 3)
            result[f"{name}_{fmt}_bytes"] = len(content)
    return result


if __name__ == "__main__":
    sys.exit(main())
