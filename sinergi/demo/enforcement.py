"""Demo step ``enforcement``: NTT's 2024 SKK register (seed 001) and open work for Kejari Kota Kupang.

Source 001: BPJS Ketenagakerjaan NTT gave **131 SKK** to the prosecutors in 2024 for **Rp 2,93 miliar** of
contributions and recovered **Rp 1,51 miliar (51,65 %)** in **66 settled** cases. The demo loads exactly that,
the way a real office would: as a legacy register (a CSV generated here) through
``enforcement.legacy_import`` — the ledger window of the receivables demo covers 2024 only partly, and an
office's 2024 register predates Sinergi anyway.

- **The figures are exact**: potential 2.930.000.000 (the register's nilai potensi sums to it to the rupiah:
  the amounts are split with ``rules.money.split_amount``, the last taking the remainder), realised
  1.513.345.000 = 51,65 % of it exactly, 66 settled, 27 closed without success (24 failed with their
  obstacles, 3 returned to BPJS) and 38 still in progress at the end of the register (handed over, summoned,
  clarification, negotiation, commitment). Settled SKKs realised their whole amount; part of the realised
  total comes from SKKs under a commitment or in negotiation.
- **Spread over the NTT Kejari** by :data:`KEJARI_COUNTS` (demo constants, weighted by where employers are:
  Kota Kupang first, every Kejari at least one). Each row names a Kupang-branch demo employer (NPP 9xxxxxxx)
  whose regency lies in the Kejari's jurisdiction and that was registered before the SKK date; where the
  demo has none (the ``tiny`` scale of the tests), any Kupang demo employer — the register's figures do not
  depend on which employer a row names.
- **Deterministic**: a fixed ``random.Random`` stream (the register is the seed's table, not a sample), so
  every run writes the same file; **idempotent**: the import skips SKK numbers it already holds.
- **Recoveries** of these legacy SKKs are the register's figures; ledger payments count from the day after
  the import (``enforcement.recoveries``). The figures are therefore exact on the day the demo is built; the
  payments a later top-up of the demo posts count for the SKKs still in progress, as they would in an office.
- **Live work**: a few SKKs of this year handed by the Kupang branch to Kejari Kota Kupang for demo employers
  of Kota Kupang in arrears (one under an instalment commitment, one summoned, one in negotiation), so
  ``kejari.kupang`` has open cases. Added once (skipped when the Kupang branch already has non-legacy SKKs).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sinergi.rules.money import split_amount

BRANCH = "bpjs-cabang-kupang"
NPP_PREFIX = "9"
YEAR = 2024
POTENTIAL = Decimal(2_930_000_000)  # source 001: "Rp 2,93 miliar"
REALISED = Decimal(1_513_345_000)  # source 001: "Rp 1,51 miliar (51,65 %)": 0,5165 × 2.930.000.000
SETTLED_POTENTIAL = Decimal(1_400_000_000)  # demo constant: what the 66 settled SKKs were worth
# SKKs per Kejari in 2024 (demo constants, sum 131).
KEJARI_COUNTS = {
    "kejari-kota-kupang": 38, "kejari-kabupaten-kupang": 14, "kejari-sikka": 11, "kejari-manggarai-barat": 10,
    "kejari-manggarai": 9, "kejari-ende": 8, "kejari-sumba-timur": 7, "kejari-belu": 7,
    "kejari-timor-tengah-selatan": 6, "kejari-timor-tengah-utara": 5, "kejari-flores-timur": 5, "kejari-alor": 3,
    "kejari-ngada": 3, "kejari-sumba-barat": 3, "kejari-rote-ndao": 2,
}
# Status at the end of the register (sum 131): 66 settled per the source, the rest demo constants.
STATUSES = {"settled": 66, "failed": 24, "returned": 3, "handed_over": 6, "summoned": 8, "clarification": 6,
            "negotiation": 8, "commitment": 10}
STATUS_WORDS = {"settled": "Selesai", "failed": "Tidak berhasil", "returned": "Dikembalikan",
                "handed_over": "Diserahkan", "summoned": "Pemanggilan", "clarification": "Klarifikasi",
                "negotiation": "Negosiasi", "commitment": "Komitmen"}
OBSTACLES = (  # (count, text as a register writes it); classified by legacy_import.obstacle_code
    (7, "Perusahaan sudah tutup"), (6, "Alamat perusahaan tidak ditemukan"), (4, "Pemberi kerja menolak membayar"),
    (2, "Perusahaan pailit"), (3, "Pemberi kerja membantah jumlah tunggakan"),
    (2, "Tidak mampu membayar karena kesulitan keuangan"),
)
PARTIAL = ("commitment", "negotiation")  # in progress with part of the amount already recovered
KOTA_KUPANG = "53.71"
LIVE = 4  # open SKKs of this year for Kejari Kota Kupang (demo constant)
REGISTER_NAME = f"register-skk-ntt-{YEAR}.csv"
HEADER = ("NPP", "Nama Pemberi Kerja", "Kejari", "Nomor SKK", "Tanggal SKK", "Nilai Potensi", "Status",
          "Nilai Realisasi", "Tanggal Selesai", "Kendala")


def live_candidates() -> list[str]:
    """NPPs of Kota Kupang demo employers longest in arrears (at most :data:`LIVE`): kept out of the 2024
    register so that they can be handed to Kejari Kota Kupang this year."""
    from sinergi.receivables.models import EmployerSummary

    return list(EmployerSummary.objects.filter(
        employer__branch__code=BRANCH, employer__npp__startswith=NPP_PREFIX,
        employer__region__code__startswith=KOTA_KUPANG, arrears__gt=0, months_overdue__gte=3,
    ).order_by("-months_overdue", "employer__npp").values_list("employer__npp", flat=True)[:LIVE])


def _pools(kejari_codes: list[str]) -> tuple[dict[str, list], list]:
    """Kupang demo employers (npp, name, registered_on) per Kejari jurisdiction, and all of them."""
    from sinergi.orgs.models import OrgUnit
    from sinergi.registry.models import Employer

    served: dict[str, set[str]] = {}
    for code, region in OrgUnit.jurisdiction.through.objects.filter(orgunit__code__in=kejari_codes).values_list(
            "orgunit__code", "region_id"):
        served.setdefault(code, set()).add(region)
    reserved = set(live_candidates())
    employers = list(Employer.objects.filter(branch__code=BRANCH, npp__startswith=NPP_PREFIX).exclude(
        npp__in=reserved).order_by("npp").values_list("npp", "name", "registered_on", "region_id"))
    pools = {code: [e[:3] for e in employers if (e[3] or "")[:5] in served.get(code, set())] for code in kejari_codes}
    return pools, [e[:3] for e in employers]


def register_rows() -> list[tuple]:
    """The 2024 register, one tuple per SKK in :data:`HEADER` order (deterministic)."""
    rng = random.Random(f"sinergi-demo-skk-ntt-{YEAR}")
    kejari = [code for code, n in KEJARI_COUNTS.items() for _ in range(n)]
    statuses = [s for s, n in STATUSES.items() for _ in range(n)]
    rng.shuffle(statuses)
    # Dates through the year, a little busier after the first quarter's warnings have run out.
    days = sorted(dt.date(YEAR, 1, 8) + timedelta(days=int(rng.triangular(0, 350, 200))) for _ in kejari)
    rng.shuffle(kejari)
    weights = [Decimal(str(round(rng.lognormvariate(0, 0.8), 4))) + Decimal("0.05") for _ in kejari]
    settled = [i for i, s in enumerate(statuses) if s == "settled"]
    others = [i for i, s in enumerate(statuses) if s != "settled"]
    amounts: dict[int, Decimal] = {}
    for group, total in ((settled, SETTLED_POTENTIAL), (others, POTENTIAL - SETTLED_POTENTIAL)):
        amounts.update(zip(group, split_amount(total, [weights[i] for i in group]), strict=True))
    realised = {i: amounts[i] for i in settled}
    partial = [i for i in others if statuses[i] in PARTIAL]
    rest = REALISED - sum(realised.values(), Decimal(0))
    realised.update(zip(partial, split_amount(rest, [amounts[i] for i in partial]), strict=True))
    obstacles = [text for n, text in OBSTACLES for _ in range(n)]
    rng.shuffle(obstacles)
    pools, everyone = _pools(list(KEJARI_COUNTS))
    used: dict[str, set[str]] = {}
    rows = []
    for index, (code, dated) in enumerate(zip(kejari, days, strict=True)):
        status = statuses[index]
        pool = [e for e in pools.get(code) or everyone if e[2] < dated] or pools.get(code) or everyone
        fresh = [e for e in pool if e[0] not in used.setdefault(code, set())] or pool
        npp, name, _registered = rng.choice(fresh)
        used[code].add(npp)
        closed_on = ""
        obstacle = ""
        if status in ("settled", "failed", "returned"):
            span = {"settled": (20, 150), "failed": (45, 240), "returned": (30, 120)}[status]
            closed_on = (dated + timedelta(days=rng.randint(*span))).strftime("%d/%m/%Y")
        if status == "failed":
            obstacle = obstacles.pop()
        elif status == "returned":
            obstacle = "Dikembalikan untuk pemutakhiran data tunggakan"
        number = f"{index + 1:03d}/SKK/KC-KPG/{dated.month:02d}/{YEAR}"
        rows.append((npp, name, code, number, dated.strftime("%d/%m/%Y"), str(amounts[index]),
                     STATUS_WORDS[status], str(realised.get(index, Decimal(0))), closed_on, obstacle))
    return rows


def _kejari_name_of(codes) -> dict[str, str]:
    from sinergi.orgs.models import OrgUnit

    return dict(OrgUnit.objects.filter(code__in=list(codes)).values_list("code", "name"))


def register_write(path: Path) -> int:
    rows = register_rows()
    names = _kejari_name_of(KEJARI_COUNTS)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow((*row[:2], names.get(row[2], row[2]), *row[3:]))
    return len(rows)


def _live_work(log: Callable[[str], None]) -> None:
    """SKKs of this year to Kejari Kota Kupang, with a summons, a negotiation and an instalment plan."""
    from sinergi.clock import today
    from sinergi.enforcement.models import Skk
    from sinergi.enforcement.skk.services import (
        SkkError,
        instalments_equal,
        skk_amounts,
        skk_commit,
        skk_create,
        skk_record,
    )
    from sinergi.registry.models import Employer

    if Skk.objects.filter(branch__code=BRANCH, legacy=False).exists():
        log("SKK berjalan Kejari Kota Kupang: sudah ada")
        return
    on = today()
    open_npps = set(Skk.objects.filter(status__in=Skk.OPEN_STATUSES).values_list("employer__npp", flat=True))
    reserved = live_candidates()
    candidates = sorted((e for e in Employer.objects.filter(branch__code=BRANCH, npp__startswith=NPP_PREFIX,
                                                            region__code__startswith=KOTA_KUPANG)
                         if e.npp not in open_npps), key=lambda e: (e.npp not in reserved, e.npp))
    made = []
    for offset in (75, 50, 30, 12)[:LIVE]:
        dated = on - timedelta(days=offset)
        for employer in candidates:
            if employer in (m.employer for m in made):
                continue
            if skk_amounts(employer, dated).amount > 0:
                try:
                    made.append(skk_create(employer=employer, dated=dated, actor=None, note="Data demo",
                                           documents=["Rekapitulasi tunggakan iuran per bulan",
                                                      "Surat Peringatan 1 dan 2"]))
                except SkkError:
                    continue
                break
    steps = [("summoned", 5), ("commitment", 14)], [("summoned", 7)], [("summoned", 7), ("negotiation", 21)]
    for skk, plan in zip(made, steps, strict=False):
        for status, days in plan:
            when = min(skk.dated + timedelta(days=days), on)
            if status == "commitment":
                schedule = instalments_equal(amount=skk.amount, count=3, first_due=when + timedelta(days=30))
                skk = skk_commit(skk=skk, dated=when, amount=skk.amount, schedule=schedule, actor=None,
                                 note="Data demo")
            else:
                skk = skk_record(skk=skk, status=status, dated=when, actor=None, note="Data demo")
    log(f"SKK berjalan Kejari Kota Kupang: {len(made)} baru")


def demo_enforcement(options, log: Callable[[str], None]) -> None:
    """The ``sinergi demo`` step: see the module docstring."""
    from sinergi.enforcement.models import Skk
    from sinergi.enforcement.skk.imports import legacy_import
    from sinergi.enforcement.skk.recoveries import with_realised
    from sinergi.formatting import format_rupiah_short
    from sinergi.orgs.models import OrgUnit
    from sinergi.registry.models import Employer

    if not OrgUnit.objects.filter(code=BRANCH).exists() or not Employer.objects.filter(
            branch__code=BRANCH, npp__startswith=NPP_PREFIX).exists():
        log("SKK demo: pemberi kerja demo Kupang belum ada; langkah ini dilewati")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / REGISTER_NAME
        register_write(path)
        result = legacy_import(path=path, actor=None, branch=BRANCH)
    if result.status != "applied":
        log(f"SKK demo: register NTT {YEAR} tidak dimuat — {result.message}")
        return
    year = with_realised(Skk.objects.filter(legacy=True, branch__code=BRANCH, dated__year=YEAR))
    rows = list(year.values_list("amount", "realised", "status"))
    potential = sum((r[0] for r in rows), Decimal(0))
    realised = sum((Decimal(r[1]) for r in rows), Decimal(0))
    pct = (realised * 100 / potential).quantize(Decimal("0.01")) if potential else Decimal(0)
    log(f"SKK NTT {YEAR} (register lama): {len(rows)} SKK ({result.inserted} baru), potensi "
        f"{format_rupiah_short(potential)}, realisasi {format_rupiah_short(realised)} "
        f"({str(pct).replace('.', ',')} %), selesai {sum(1 for r in rows if r[2] == 'settled')}")
    _live_work(log)
