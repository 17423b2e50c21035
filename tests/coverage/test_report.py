"""The coverage report: participants against a named denominator, growth from the two numbers, by segment,
sector and regency, through the user's scope; and `sinergi report coverage`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from sinergi.cli import main
from sinergi.clock import now
from sinergi.coverage.models import CoverageFact, WorkforceEstimate
from sinergi.coverage.selectors import coverage_report, scope_resolve
from tests.world import person, unit

pytestmark = pytest.mark.django_db

NOV_2022, NOV_2021 = dt.date(2022, 11, 1), dt.date(2021, 11, 1)


def fact(month, regency, participants, *, sector="C", segment="pu", branch="bpjs-cabang-balikpapan",
         definition="billed", programme="jkk", pemda=None, disnaker=None):
    return CoverageFact.objects.create(
        month=month, definition=definition, province_code=regency[:2], regency_code=regency, branch=unit(branch),
        sector=sector, segment=segment, programme=programme, participants=participants, computed_at=now(),
        pemda_regency=unit(pemda) if pemda else None, disnaker_regency=unit(disnaker) if disnaker else None)


def estimate(region, year, value, *, source="BPS Sakernas Agustus", category="workforce"):
    return WorkforceEstimate.objects.create(region_id=region, year=year, value=value, source=source,
                                            category=category, imported_at=now())


@pytest.fixture
def kaltim(world):
    # Kaltim November 2022 (seed 002): 935.910 covered, up from 820.290; transport grew fastest.
    fact(NOV_2022, "64.71", 600_000, sector="C")
    fact(NOV_2022, "64.71", 100_000, sector="H")
    fact(NOV_2022, "64.02", 235_910, sector="A", pemda="pemkab-kukar", disnaker="kukar-distransnaker",
         branch="bpjs-cabang-tenggarong")
    fact(NOV_2021, "64.71", 540_290, sector="C")
    fact(NOV_2021, "64.71", 80_000, sector="H")
    fact(NOV_2021, "64.02", 200_000, sector="A", pemda="pemkab-kukar", disnaker="kukar-distransnaker",
         branch="bpjs-cabang-tenggarong")
    fact(NOV_2022, "64.71", 1, programme="jht")  # another programme is not added
    estimate("64", 2022, 1_900_000)
    estimate("64", 2022, 60_000, category="asn_tni_polri")
    estimate("64.71", 2022, 1_000_000)


def test_kaltim_reads_14_1_percent_growth_from_the_two_numbers(kaltim):
    report = coverage_report(user=None, month=NOV_2022, scope=scope_resolve(province="64"))
    assert (report.participants, report.previous_year) == (935_910, 820_290)
    assert report.growth_year == Decimal("14.1")
    sectors = {r.key: r for r in report.by_sector}
    assert sectors["H"].growth == Decimal("25.0") and sectors["H"].label == "Transportasi dan pergudangan"
    assert max(report.by_sector, key=lambda r: r.growth).key == "H"


def test_the_potential_subtracts_the_stored_exclusions_and_names_its_source(kaltim):
    report = coverage_report(user=None, month=NOV_2022, scope=scope_resolve(province="64"))
    d = report.denominator
    assert (d.estimate, d.potential, d.source) == (1_900_000, 1_900_000 - 60_000, "BPS Sakernas Agustus")
    assert d.exclusions == [{"category": "asn_tni_polri", "value": 60_000, "applied": True}]
    assert report.coverage == Decimal("50.86") and report.gap == 1_840_000 - 935_910
    assert report.definition.code == "billed"
    none = coverage_report(user=None, month=NOV_2022, scope=scope_resolve(province="64"), exclusions=())
    assert none.denominator.potential == 1_900_000


def test_regencies_are_shaded_by_their_own_estimate(kaltim):
    report = coverage_report(user=None, month=NOV_2022, scope=scope_resolve(province="64"))
    rows = {r.key: r for r in report.regencies}
    assert rows["64.71"].label == "Kota Balikpapan" and rows["64.71"].coverage == Decimal("70.00")
    assert rows["64.02"].coverage is None  # no estimate of Kukar stored


def test_a_compare_month_and_the_trend(kaltim):
    report = coverage_report(user=None, month=NOV_2022, scope=scope_resolve(province="64"), compare="2021-11")
    assert report.growth_compare == Decimal("14.1") and len(report.trend) == 12
    assert report.trend[-1] == (NOV_2022, 935_910) and report.trend[0] == (dt.date(2021, 12, 1), 0)


def test_the_pemda_of_kukar_sees_only_its_regency_and_a_branch_only_its_own(kaltim):
    andi = coverage_report(user=person("andi"), month=NOV_2022)
    assert andi.participants == 235_910
    sari = coverage_report(user=person("sari"), month=NOV_2022)
    assert sari.participants == 700_000
    hendra = coverage_report(user=person("hendra"), month=NOV_2022)
    assert hendra.participants == 935_910
    assert coverage_report(user=person("maria"), month=NOV_2022).participants == 0


def test_the_report_reads_the_cube_in_a_fixed_number_of_queries(kaltim, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        coverage_report(user=person("hendra"), month=NOV_2022, scope=scope_resolve(province="64"))


def test_the_cli_prints_the_report_as_json(kaltim, capsys):
    assert main(["report", "coverage", "--province", "64", "--month", "2022-11", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["participants"] == 935_910 and data["same_month_last_year"]["growth_pct"] == "14.1"
    assert data["definition"]["code"] == "billed" and data["denominator"]["source"] == "BPS Sakernas Agustus"
    assert data["coverage_pct"] == "50.86"


def test_the_cli_refuses_an_unknown_province(world, capsys):
    assert main(["report", "coverage", "--province", "99", "--month", "2022-11"]) == 2
    assert "bukan provinsi" in capsys.readouterr().err


def test_the_cli_imports_workforce_and_computes_facts(world, capsys, tmp_path):
    path = tmp_path / "ntt.csv"
    path.write_text("Kode Wilayah;Tahun;Penduduk Bekerja\n53;2025;1.676.573\n", encoding="utf-8")
    assert main(["coverage", "import-workforce", str(path), "--source", "BPS Sakernas Agustus", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "succeeded" and data["counts"]["inserted"] == 1
    assert main(["coverage", "compute", "--month", "2025-05", "--definition", "billed", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["months"] == 1
