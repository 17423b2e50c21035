#!/usr/bin/env python3
"""Benchmark the legacy SKK register import against a per-row ORM loop, and the recovery annotation.

In a throw-away database (SQLite, or ``bench_sinergi_<pid>`` on DATABASE_URL): regions, reference units, ``--employers``
Kupang employers (bulk insert) and a register of ``--rows`` SKKs over the NTT Kejari (CSV, seeded RNG). Times:

- ``import_s``: ``enforcement.legacy_import`` (read, validate set-wise with polars, COPY/executemany, report);
  ``import_again_s``: the same file again (idempotent: nothing written);
- ``baseline_orm_loop_s``: the same rows written by the naive way — per row a lookup of the employer and the
  Kejari and ``Skk.objects.create`` + ``SkkEvent.objects.create`` in one transaction (no validation, no
  report), the floor of what a loop costs;
- ``realised_s``: ``recoveries.skk_realised`` over every SKK (one query) against ``realised_loop_s``: one
  query per SKK for its payments (timed over at most 2.000 SKKs and extrapolated).

Usage: python bench/skk_legacy_import.py [--rows 20000] [--employers 2000] [--json]
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

from _harness import WORKDIR, Stopwatch, bench_parser, figures_print, reference_database, timed
from django.db import connection


def make_employers(count: int) -> list[str]:
    from sinergi.orgs.models import OrgUnit
    from sinergi.registry.models import Employer

    kupang = OrgUnit.objects.get(code="bpjs-cabang-kupang")
    rows = [Employer(npp=f"{97_000_000 + i:08d}", name=f"PT Bangku {i}", name_search=f"pt bangku {i}", branch=kupang,
                     registered_on=dt.date(2015, 1, 1), region_id="53.71") for i in range(count)]
    Employer.objects.bulk_create(rows, batch_size=2000)
    return [e.npp for e in rows]


def write_register(path: Path, rows: int, npps: list[str], prefix: str) -> None:
    from sinergi.orgs.models import OrgUnit

    rng = random.Random(2024)
    kejari = list(OrgUnit.objects.filter(kind="kejari", parent__code="kejati-ntt").values_list("name", flat=True))
    statuses = ("Selesai", "Tidak berhasil", "Negosiasi", "Diserahkan", "Komitmen")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("NPP", "Nama Pemberi Kerja", "Kejari", "Nomor SKK", "Tanggal SKK", "Nilai Potensi",
                         "Status", "Nilai Realisasi", "Tanggal Selesai", "Kendala"))
        for i in range(rows):
            status = rng.choice(statuses)
            dated = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
            amount = rng.randrange(2_000_000, 80_000_000, 1000)
            closed = status in ("Selesai", "Tidak berhasil")
            writer.writerow((rng.choice(npps), "", rng.choice(kejari), f"{prefix}-{i:06d}", dated.strftime("%d/%m/%Y"),
                             f"{amount:,}".replace(",", "."), status, amount if status == "Selesai" else 0,
                             (dated + dt.timedelta(days=60)).strftime("%d/%m/%Y") if closed else "",
                             "Perusahaan tutup" if status == "Tidak berhasil" else ""))


def _day(text: str) -> dt.date:
    day, month, year = (int(p) for p in text.split("/"))
    return dt.date(year, month, day)


def orm_loop(path: Path) -> int:
    """The naive writer: per row two lookups and two INSERTs (no validation, no report)."""
    from django.db import transaction

    from sinergi.enforcement.models import Skk, SkkEvent
    from sinergi.enforcement.skk.imports import STATUSES, _norm, kejaksaan_aliases
    from sinergi.orgs.models import OrgUnit
    from sinergi.registry.models import Employer

    aliases = kejaksaan_aliases()
    written = 0
    with transaction.atomic(), path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for npp, _name, kejari, number, dated, amount, status, realised, closed, obstacle in reader:
            employer = Employer.objects.get(npp=npp)
            unit = OrgUnit.objects.get(pk=aliases[_norm(kejari)])
            value = Decimal(amount.replace(".", ""))
            skk = Skk.objects.create(
                employer=employer, branch_id=employer.branch_id, kejari=unit, number=number,
                dated=_day(dated), principal=value, amount=value,
                status=STATUSES[status.upper()], legacy=True, legacy_realised=Decimal(realised or 0),
                settled_on=_day(closed) if closed else None,
                obstacle_note=obstacle)
            SkkEvent.objects.create(skk=skk, status="handed_over", dated=skk.dated)
            written += 1
    return written


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--employers", type=int, default=2_000)
    args = parser.parse_args()

    with reference_database(orgs=True):
        from sinergi.enforcement.models import Skk
        from sinergi.enforcement.skk.imports import legacy_import
        from sinergi.enforcement.skk.recoveries import skk_realised
        from sinergi.receivables.models import Payment

        npps = make_employers(args.employers)
        register, naive = WORKDIR / "register.csv", WORKDIR / "naive.csv"
        write_register(register, args.rows, npps, "REG")
        write_register(naive, args.rows, npps, "ORM")

        import_s, result = timed(lambda: legacy_import(path=register, actor=None, branch="bpjs-cabang-kupang"))
        assert result.status == "applied" and result.inserted == args.rows, result.message
        again_s, again = timed(lambda: legacy_import(path=register, actor=None, branch="bpjs-cabang-kupang"))
        assert again.inserted == 0

        loop_s, _ = timed(lambda: orm_loop(naive))

        skks = Skk.objects.filter(number__startswith="REG-")
        realised_s, realised = timed(lambda: skk_realised(skks))
        with Stopwatch() as loop:
            for employer_id, dated in skks.values_list("employer_id", "dated")[:2000]:
                list(Payment.objects.filter(employer_id=employer_id, paid_on__gte=dated, status="posted")
                     .values_list("amount", flat=True))
        realised_loop_s = loop.s * len(realised) / min(len(realised), 2000)

    return figures_print({
        "database": connection.vendor, "rows": args.rows, "employers": args.employers,
        "import_s": round(import_s, 3), "import_again_s": round(again_s, 3),
        "baseline_orm_loop_s": round(loop_s, 3), "speedup_vs_orm_loop": round(loop_s / max(import_s, 1e-6), 1),
        "realised_s": round(realised_s, 3), "realised_loop_s": round(realised_loop_s, 3),
        "realised_skks": len(realised),
    }, args)


if __name__ == "__main__":
    sys.exit(main())
