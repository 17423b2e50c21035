"""The receivables demo: the same seed gives the same data, a second run adds nothing, and Budi of KPKNL
Balikpapan finds the seed figure in it — 22 macet employers in Kalimantan owing at least Rp 8 juta each,
about Rp 2 miliar together.

The demo is built at the hidden ``tiny`` scale (about 150 employers, 3.000 workers, 36 months, still with
the 22 planned employers) three times per test run: seed 2025, seed 2026, then seed 2025 again, which the
tests keep. Everything is rolled back at the end of the module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection, transaction

from sinergi.clock import today
from sinergi.demo.receivables import demo_receivables
from sinergi.demo.setup import DEMO_STEPS, DemoOptions
from sinergi.demo.world import BRANCHES, KALIMANTAN, NPP_PREFIX
from sinergi.receivables.aging import aging_compute
from sinergi.registry.models import Employer, Employment, Worker
from sinergi.rules import nik_check
from tests.dates import frozen_moment

SEED, OTHER_SEED = 2025, 2026
TABLES = ("registry_employer", "registry_worker", "registry_employment", "registry_wagereport",
          "receivables_billingrun", "receivables_bill", "receivables_billline", "receivables_payment",
          "receivables_allocation", "audit_auditevent")


@dataclass(frozen=True)
class Fingerprint:
    npps: tuple[str, ...]
    niks: str  # digest of every NIK, KPJ and name in order
    billed: Decimal
    paid: Decimal
    allocated: Decimal
    outstanding: tuple[tuple[str, Decimal], ...]


def fingerprint() -> Fingerprint:
    with connection.cursor() as cursor:
        cursor.execute("SELECT npp FROM registry_employer WHERE npp LIKE %s ORDER BY npp", [f"{NPP_PREFIX}%"])
        npps = tuple(r[0] for r in cursor.fetchall())
        cursor.execute("SELECT nik, kpj, name FROM registry_worker ORDER BY nik")
        niks = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
        cursor.execute("SELECT COALESCE(SUM(principal), 0) FROM receivables_bill")
        billed = Decimal(cursor.fetchone()[0])
        cursor.execute("SELECT COALESCE(SUM(amount), 0) FROM receivables_payment")
        paid = Decimal(cursor.fetchone()[0])
        cursor.execute("SELECT COALESCE(SUM(amount), 0) FROM receivables_allocation")
        allocated = Decimal(cursor.fetchone()[0])
    outstanding = tuple(sorted((e["npp"], e["amount"]) for e in open_employers()))
    return Fingerprint(npps, niks, billed, paid, allocated, outstanding)


def counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            result[table] = cursor.fetchone()[0]
        return result


def whole_months(later: dt.date, earlier: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def open_employers(as_of: dt.date | None = None) -> list[dict]:
    """Per employer with principal outstanding, computed here in SQL (not by the aging module): billed
    principal minus the principal allocations, not reversed, of posted payments; and the due date of its
    oldest bill still unpaid."""
    as_of = as_of or today()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.npp, o.code, b.due_date, b.principal - COALESCE(("
            "  SELECT SUM(a.amount) FROM receivables_allocation a JOIN receivables_payment p ON p.id = a.payment_id"
            "  WHERE a.bill_id = b.id AND a.component = 'principal' AND a.reversed = %s AND p.status = 'posted'"
            "), 0) AS outstanding "
            "FROM receivables_bill b JOIN registry_employer r ON r.id = b.employer_id "
            "JOIN orgs_orgunit o ON o.id = r.branch_id "
            "WHERE b.due_date < %s",
            [False, as_of],
        )
        rows = cursor.fetchall()
    employers: dict[str, dict] = {}
    for npp, branch, due, outstanding in rows:
        if outstanding <= 0:
            continue
        entry = employers.setdefault(npp, {"npp": npp, "branch": branch, "oldest": due, "amount": Decimal(0)})
        entry["oldest"] = min(entry["oldest"], due)
        entry["amount"] += Decimal(outstanding)
    for entry in employers.values():
        entry["months"] = whole_months(as_of, entry["oldest"])
    return list(employers.values())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed 2025 and 2026 built and rolled back, then seed 2025 built again and kept for the module."""
    with django_db_blocker.unblock():
        prints = {}
        for name, seed in (("first", SEED), ("other", OTHER_SEED)):
            with transaction.atomic():
                demo_receivables(DemoOptions(scale="tiny", seed=seed), lambda message: None)
                prints[name] = fingerprint()
                transaction.set_rollback(True)
        with transaction.atomic():
            log: list[str] = []
            demo_receivables(DemoOptions(scale="tiny", seed=SEED), log.append)
            prints["again"] = fingerprint()
            yield {"prints": prints, "log": log}
            transaction.set_rollback(True)


def test_the_receivables_generator_is_a_demo_step():
    assert ("receivables", demo_receivables) in DEMO_STEPS


def test_the_same_seed_gives_the_same_employers_workers_and_amounts(demo):
    first, again = demo["prints"]["first"], demo["prints"]["again"]
    assert first == again
    assert 140 <= len(first.npps) <= 160


def test_another_seed_gives_other_employers_and_amounts(demo):
    first, other = demo["prints"]["first"], demo["prints"]["other"]
    assert first.npps != other.npps
    assert first.niks != other.niks
    assert first.billed != other.billed and first.paid != other.paid


def test_a_second_run_adds_nothing(demo, db):
    before = counts()
    log: list[str] = []
    demo_receivables(DemoOptions(scale="tiny", seed=SEED), log.append)
    assert counts() == before
    assert "sudah ada" in log[0]
    # Another seed or scale on a database that already has the demo changes nothing either.
    demo_receivables(DemoOptions(scale="small", seed=OTHER_SEED), log.append)
    assert counts() == before


def pupn_candidates(as_of: dt.date | None = None) -> list[dict]:
    """Kalimantan employers that are macet (oldest unpaid bill due more than 9 whole months ago) and owe at
    least Rp 8 juta of principal."""
    return [e for e in open_employers(as_of) if e["months"] > 9 and e["branch"] in KALIMANTAN
            and e["amount"] >= 8_000_000]


def test_when_the_calendar_moves_on_a_run_tops_up_the_new_months_and_keeps_the_22(demo, db, time_machine):
    now = today()
    later = now + dt.timedelta(days=62)
    months = whole_months(later.replace(day=1), now.replace(day=1))
    time_machine.move_to(frozen_moment(later), tick=True)
    before = counts()
    pupn_before = sorted((e["npp"], e["amount"]) for e in pupn_candidates(now))
    log: list[str] = []
    demo_receivables(DemoOptions(scale="tiny", seed=SEED), log.append)
    after = counts()
    assert after["receivables_billingrun"] == before["receivables_billingrun"] + months
    assert after["receivables_payment"] > before["receivables_payment"]
    assert after["registry_employer"] == before["registry_employer"]
    assert sorted((e["npp"], e["amount"]) for e in pupn_candidates(later)) == pupn_before
    assert fingerprint().allocated == fingerprint().paid
    # And on that later day, once topped up, a run adds nothing again.
    demo_receivables(DemoOptions(scale="tiny", seed=SEED), log.append)
    assert counts() == after


def test_the_log_speaks_indonesian_with_counts_and_seconds(demo):
    log = "\n".join(demo["log"])
    for words in ("pemberi kerja demo", "tenaga kerja", "penagihan", "pembayaran", "kolektibilitas", "detik"):
        assert words in log


def test_every_demo_nik_passes_the_rules_check_and_matches_birth_date_and_sex(demo, db):
    workers = list(Worker.objects.values_list("nik", "kpj", "birth_date", "sex", "region_id"))
    assert 2_500 <= len(workers) <= 3_500
    for nik, kpj, birth, sex, region in workers:
        result = nik_check(nik)
        assert result.valid, (nik, result.errors)
        assert (result.birth_date, result.sex) == (birth, sex)
        assert nik[12:] != "0000" and len(kpj) == 11 and kpj.isdigit()
        assert region.replace(".", "") == nik[:6]


def test_employers_are_plausible_for_their_branch(demo, db):
    employers = list(Employer.objects.filter(npp__startswith=NPP_PREFIX).select_related("branch", "region"))
    digits = {b.code: b.digit for b in BRANCHES}
    for employer in employers:
        assert len(employer.npp) == 8 and employer.npp[1] == digits[employer.branch.code]
        assert employer.name.split()[0] in ("PT", "CV")
        assert len(employer.kbli) == 5 and employer.sector and 1 <= employer.jkk_risk_group <= 5
        assert employer.branch.jurisdiction.filter(code__in=[employer.region_id, employer.region_id[:2]]).exists()
        assert len(employer.npwp) in (15, 16)
    mining = [e.jkk_risk_group for e in employers if e.sector == "B" and e.kbli in ("05100", "06100")]
    shops = [e.jkk_risk_group for e in employers if e.kbli == "47111"]
    assert all(group == 5 for group in mining) and all(group == 1 for group in shops)
    assert {e.branch.code for e in employers} == {b.code for b in BRANCHES}
    assert Employment.objects.filter(end_date__isnull=False).exists()
    assert Employment.objects.filter(jp=False, employer__size_class__in=("mikro", "kecil")).exists()
    assert not Employment.objects.filter(jp=False, employer__size_class__in=("menengah", "besar")).exists()


def test_wages_rise_every_january_as_new_reports(demo, db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT employment_id, effective_from, wage FROM registry_wagereport "
                       "ORDER BY employment_id, effective_from")
        reports = defaultdict(list)
        for employment_id, effective, wage in cursor.fetchall():
            reports[employment_id].append((effective, Decimal(wage)))
    raised = [r for r in reports.values() if len(r) >= 3]
    assert len(raised) > len(reports) // 2
    for rows in raised:
        assert all(later[0].month == 1 and later[0].day == 1 for later in rows[1:])
        assert rows[-1][1] >= rows[1][1]


def test_every_payment_is_fully_allocated_and_nothing_is_left_as_credit(demo, db):
    first = demo["prints"]["again"]
    assert first.paid > 0 and first.allocated == first.paid


def test_budi_of_kpknl_balikpapan_finds_22_macet_employers_of_at_least_8_juta_about_2_miliar(demo, db):
    macet = [e for e in open_employers() if e["months"] > 9]
    pupn = pupn_candidates()
    assert len(pupn) == 22
    total = sum(e["amount"] for e in pupn)
    assert Decimal(1_900_000_000) <= total <= Decimal(2_100_000_000)
    # Spread over the jurisdictions of KPKNL Balikpapan, Samarinda (with Tenggarong), Bontang and Tarakan.
    branches = {e["branch"] for e in pupn}
    for branch in ("bpjs-cabang-balikpapan", "bpjs-cabang-samarinda", "bpjs-cabang-bontang", "bpjs-cabang-tarakan"):
        assert branch in branches
    # The Rp 8 juta threshold matters, and Kupang has macet employers of its own.
    assert [e for e in macet if e["branch"] in KALIMANTAN and e["amount"] < 8_000_000]
    assert [e for e in macet if e["branch"] == "bpjs-cabang-kupang"]


def test_the_aging_report_shows_all_four_classes_and_agrees_on_macet(demo, db):
    result = aging_compute(as_of=today(), keep_rows=True)
    for klass in ("lancar", "kurang_lancar", "diragukan", "macet"):
        assert result.classes[klass].employers > 0, klass
    mine = {e["npp"] for e in open_employers() if e["months"] > 9}
    npps = dict(Employer.objects.values_list("pk", "npp"))
    theirs = {npps[employer] for employer, _branch, _m, _a, klass in result.rows if klass == "macet"}
    assert mine == theirs
