"""Sari records who works where, with which programmes, and the wages the employers report."""

from __future__ import annotations

import datetime as dt

from sinergi.audit.models import AuditEvent
from sinergi.registry.imports import registry_import
from sinergi.registry.models import Employment, WageReport
from tests.registry.import_helpers import codes, csv_file, employer, employment, nik, worker, xlsx_file

SITI = nik(12, 6, 85, 1, female=True)
BUDI = nik(3, 11, 90, 2)
EMPLOYMENT = ["NPP", "NIK", "TGL_MULAI", "TGL_BERAKHIR", "JKK", "JKM", "JHT", "JP", "JKP"]
WAGES = ["NPP", "NIK", "BERLAKU_MULAI", "UPAH"]


def _people():
    return employer("64000101", name="PT Borneo Sawit"), worker(SITI, "Siti"), worker(BUDI, "Budi")


def test_employment_periods_are_recorded_with_their_programmes(world, tmp_path):
    _people()
    rows = [EMPLOYMENT, ["64000101", SITI, "01/01/2024", "", "Y", "Y", "Y", "T", "1"],
            ["64000101", BUDI, "2023-03-01", "31/12/2024", "1", "1", "1", "1", "0"]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employment", actor=world.person("sari"))
    assert result.inserted == 2, result.errors
    siti = Employment.objects.get(worker__nik=SITI)
    assert (siti.start_date, siti.end_date, siti.jp, siti.jkp) == (dt.date(2024, 1, 1), None, False, True)
    budi = Employment.objects.get(worker__nik=BUDI)
    assert budi.end_date == dt.date(2024, 12, 31) and not budi.jkp


def test_an_employment_file_names_only_known_employers_and_workers(world, tmp_path):
    _people()
    rows = [EMPLOYMENT, ["64999999", SITI, "01/01/2024", "", "", "", "", "", ""],
            ["64000101", nik(1, 1, 70, 7), "01/01/2024", "", "", "", "", "", ""],
            ["64000101", BUDI, "01/02/2024", "01/01/2024", "", "", "", "", ""],
            ["64000101", SITI, "01/01/2024", "", "mungkin", "", "", "", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employment", actor=world.person("sari"))
    assert codes(result) == {(2, "npp_tidak_dikenal"), (3, "nik_tidak_dikenal"), (4, "berakhir_sebelum_mulai"),
                             (5, "ya_tidak_tidak_valid")}
    assert "NPP 64999999 tidak terdaftar" in result.errors[0].message
    assert Employment.objects.count() == 0


def test_sari_cannot_record_employment_at_a_kupang_employer(world, tmp_path):
    employer("53000101", branch="bpjs-cabang-kupang")
    worker(SITI)
    rows = [EMPLOYMENT, ["53000101", SITI, "01/01/2024", "", "", "", "", "", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employment", actor=world.person("sari"))
    assert codes(result) == {(2, "npp_di_luar_cakupan")}


def test_ending_an_employment_updates_it_and_the_same_file_again_changes_nothing(world, tmp_path):
    sawit, siti, _ = _people()
    employment(siti, sawit, start=dt.date(2024, 1, 1))
    path = csv_file(tmp_path, [["NPP", "NIK", "TMT", "TGL_KELUAR"], ["64000101", SITI, "01/01/2024", "30/06/2025"]])
    first = registry_import(path=path, kind="employment", actor=world.person("sari"))
    assert (first.inserted, first.updated) == (0, 1)
    assert Employment.objects.get().end_date == dt.date(2025, 6, 30)
    second = registry_import(path=path, kind="employment", actor=world.person("sari"))
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 1)


def test_wages_are_effective_dated_a_raise_adds_a_report_and_never_overwrites(world, tmp_path):
    sawit, siti, budi = _people()
    employment(siti, sawit, start=dt.date(2024, 1, 1))
    employment(budi, sawit, start=dt.date(2024, 1, 1))
    january = csv_file(tmp_path, [WAGES, ["64000101", SITI, "01/01/2025", "3.762.431"],
                                  ["64000101", BUDI, "01/01/2025", "Rp 5.000.000"]], name="januari.csv")
    first = registry_import(path=january, kind="wages", actor=world.person("sari"))
    assert first.inserted == 2, first.errors
    again = registry_import(path=january, kind="wages", actor=world.person("sari"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    july = csv_file(tmp_path, [WAGES, ["64000101", SITI, "01/07/2025", "4000000"]], name="juli.csv")
    raised = registry_import(path=july, kind="wages", actor=world.person("sari"))
    assert (raised.inserted, raised.updated) == (1, 0)
    assert list(WageReport.objects.filter(employment__worker=siti).order_by("effective_from")
                .values_list("effective_from", "wage")) == [(dt.date(2025, 1, 1), 3_762_431), (dt.date(2025, 7, 1), 4_000_000)]
    assert WageReport.objects.get(employment__worker=budi).reported_on is not None


def test_a_corrected_wage_for_the_same_month_is_updated_and_audited(world, tmp_path):
    sawit, siti, _ = _people()
    employment(siti, sawit, start=dt.date(2024, 1, 1))
    registry_import(path=csv_file(tmp_path, [WAGES, ["64000101", SITI, "01/01/2025", "3000000"]]), kind="wages",
                    actor=world.person("sari"))
    rows = [["NPP", "NIK", "TGL_BERLAKU", "GAJI"], ["64000101", SITI, "2025-01-01", "3.100.000"]]
    fixed = registry_import(path=xlsx_file(tmp_path, rows), kind="wages", actor=world.person("sari"))
    assert (fixed.inserted, fixed.updated) == (0, 1)
    report = WageReport.objects.get()
    assert report.wage == 3_100_000
    event = AuditEvent.objects.get(action="registry.wagereport.update", object_id=str(report.pk))
    assert (event.before, event.after) == ({"wage": 3_000_000}, {"wage": 3_100_000})
    assert event.scope_unit.code == "bpjs-cabang-balikpapan"


def test_malformed_negative_and_fractional_wages_are_reported(world, tmp_path):
    sawit, siti, budi = _people()
    employment(siti, sawit, start=dt.date(2024, 1, 1))
    employment(budi, sawit, start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))
    rows = [WAGES, ["64000101", SITI, "01/01/2025", "lima juta"], ["64000101", SITI, "01/02/2025", "-500000"],
            ["64000101", SITI, "01/03/2025", "4500000,50"], ["64000101", BUDI, "01/01/2025", "4000000"],
            ["64000101", SITI, "tanggal", "4000000"]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="wages", actor=world.person("sari"))
    assert codes(result) == {(2, "angka_tidak_valid"), (3, "upah_negatif"), (4, "rupiah_pecahan"),
                             (5, "hubungan_kerja_tidak_ada"), (6, "tanggal_tidak_valid")}
    assert next(e for e in result.errors if e.row == 2).column == "UPAH"
    assert WageReport.objects.count() == 0


def test_a_wage_attaches_to_the_employment_that_covers_its_date(world, tmp_path):
    sawit, siti, _ = _people()
    old = employment(siti, sawit, start=dt.date(2020, 1, 1), end=dt.date(2022, 12, 31))
    new = employment(siti, sawit, start=dt.date(2024, 1, 1))
    rows = [WAGES, ["64000101", SITI, "01/06/2021", "3000000"], ["64000101", SITI, "01/06/2024", "4000000"]]
    registry_import(path=csv_file(tmp_path, rows), kind="wages", actor=world.person("sari"))
    assert WageReport.objects.get(employment=old).wage == 3_000_000
    assert WageReport.objects.get(employment=new).wage == 4_000_000
