"""Sari, membership officer of BPJS TK Balikpapan, imports the employers of her branch from CSV and XLSX."""

from __future__ import annotations

import datetime as dt

from sinergi.audit.models import AuditEvent
from sinergi.registry.imports import registry_import
from sinergi.registry.models import Employer
from tests.registry.import_helpers import codes, csv_file, employer, report_lines, report_summary, xlsx_file

HEADER = ["NPP", "NAMA_PERUSAHAAN", "NPWP", "KBLI", "SKALA_USAHA", "KELOMPOK_RISIKO", "KANTOR_CABANG",
          "KODE_WILAYAH", "ALAMAT", "STATUS", "TGL_TERDAFTAR", "PROYEK_JAKON"]
ROWS = [
    ["64000001", "PT Borneo Sawit Lestari", "012345678901000", "01262", "Besar", "3", "Balikpapan", "64.71",
     "Jl. Jend. Sudirman 1", "Aktif", "12/06/2019", "T"],
    ["64000002", "CV Karya Teluk", "", "41011", "kecil", "2", "bpjs-cabang-balikpapan", "6471011001",
     "", "aktif", "2020-01-15", "Y"],
    ["64000003", "PT Pelabuhan Semayang", "", "52101", "MENENGAH", "1",
     "BPJS Ketenagakerjaan Kantor Cabang Balikpapan", "", "", "NONAKTIF", "3 Maret 2021", "0"],
]


def test_sari_imports_three_employers_of_her_branch_from_a_csv_with_indonesian_headers(world, tmp_path):
    sari = world.person("sari")
    result = registry_import(path=csv_file(tmp_path, [HEADER, *ROWS]), kind="employers", actor=sari)
    assert result.status == "applied", result.errors
    assert (result.rows, result.inserted, result.updated, result.unchanged, result.invalid) == (3, 3, 0, 0, 0)
    sawit = Employer.objects.get(npp="64000001")
    assert sawit.name == "PT Borneo Sawit Lestari" and sawit.name_search == "pt borneo sawit lestari"
    assert (sawit.kbli, sawit.sector, sawit.size_class, sawit.jkk_risk_group) == ("01262", "A", "besar", 3)
    assert sawit.branch.code == "bpjs-cabang-balikpapan" and sawit.region_id == "64.71"
    assert sawit.registered_on == dt.date(2019, 6, 12) and not sawit.is_construction_project
    karya = Employer.objects.get(npp="64000002")
    assert karya.is_construction_project and karya.sector == "F" and karya.region_id == "64.71.01.1001"
    assert karya.npwp == "" and karya.status == "active"
    semayang = Employer.objects.get(npp="64000003")
    assert semayang.status == "non_active" and semayang.registered_on == dt.date(2021, 3, 3)
    assert semayang.size_class == "menengah" and semayang.region_id is None
    assert report_summary(result.report)["Ditambahkan"] == "3"


def test_the_same_file_imported_twice_changes_nothing_the_second_time(world, tmp_path):
    path = csv_file(tmp_path, [HEADER, *ROWS])
    registry_import(path=path, kind="employers", actor=world.person("sari"))
    events = AuditEvent.objects.count()
    again = registry_import(path=path, kind="employers", actor=world.person("sari"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.count() == events + 1  # the import itself, nothing per record


def test_a_changed_employer_is_updated_and_its_history_shows_before_and_after(world, tmp_path):
    registry_import(path=csv_file(tmp_path, [HEADER, *ROWS]), kind="employers", actor=world.person("sari"))
    changed = [row[:] for row in ROWS]
    changed[0][1], changed[0][5] = "PT Borneo Sawit Lestari Tbk", "4"
    result = registry_import(path=csv_file(tmp_path, [HEADER, *changed], name="b.csv"), kind="employers",
                             actor=world.person("sari"))
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 2)
    sawit = Employer.objects.get(npp="64000001")
    assert sawit.jkk_risk_group == 4 and sawit.name_search == "pt borneo sawit lestari tbk"
    event = AuditEvent.objects.get(action="registry.employer.update", object_id=str(sawit.pk))
    assert event.before == {"name": "PT Borneo Sawit Lestari", "jkk_risk_group": 3}
    assert event.after == {"name": "PT Borneo Sawit Lestari Tbk", "jkk_risk_group": 4}
    assert event.actor_username == "sari" and event.scope_unit.code == "bpjs-cabang-balikpapan"


def test_an_empty_cell_keeps_what_the_registry_already_knows(world, tmp_path):
    employer("64000009", name="PT Lama", risk=5)
    path = csv_file(tmp_path, [["NPP", "NAMA", "KODE_CABANG", "TGL_TERDAFTAR", "RISIKO_JKK"],
                               ["64000009", "PT Lama", "bpjs-cabang-balikpapan", "02/01/2020", ""]])
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    assert (result.updated, result.unchanged) == (0, 1)
    assert Employer.objects.get(npp="64000009").jkk_risk_group == 5


def test_an_xlsx_with_header_aliases_numbers_and_excel_dates_is_read_like_the_csv(world, tmp_path):
    rows = [
        ["No. NPP", "Nama Badan Usaha", "Kode Cabang", "Risiko JKK", "Tgl. Terdaftar", "Kode Wilayah", "Jakon"],
        [64000011, "PT Kalimantan Baja", "bpjs-cabang-balikpapan", 2, dt.date(2018, 2, 28), "6471", "Ya"],
        ["64000012", "PT Teluk Minyak", "KC Balikpapan", "5", 43831, 6471, 1],
    ]
    result = registry_import(path=xlsx_file(tmp_path, rows), kind="employers", actor=world.person("sari"))
    assert result.status == "applied", result.errors
    baja = Employer.objects.get(npp="64000011")
    assert (baja.jkk_risk_group, baja.registered_on, baja.region_id) == (2, dt.date(2018, 2, 28), "64.71")
    assert baja.is_construction_project
    minyak = Employer.objects.get(npp="64000012")
    assert minyak.registered_on == dt.date(2020, 1, 1)  # Excel serial day 43831


def test_wrong_headers_stop_the_import_with_one_message_naming_the_missing_columns(world, tmp_path):
    path = csv_file(tmp_path, [["NOMOR", "PERUSAHAAN", "KANTOR_CABANG"], ["64000001", "PT A", "Balikpapan"]])
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    assert result.status == "refused" and [e.code for e in result.errors] == ["kolom_wajib_tidak_ada"]
    assert "NPP" in result.message and "NAMA_PERUSAHAAN" in result.message and "TGL_TERDAFTAR" in result.message
    assert "KANTOR_CABANG" not in result.message.split("Judul")[0]
    assert report_lines(result.report)[0]["Kode"] == "kolom_wajib_tidak_ada"
    assert not Employer.objects.filter(npp="64000001").exists()


def test_malformed_values_are_reported_by_row_and_column_and_nothing_is_written(world, tmp_path):
    rows = [
        HEADER,
        ["6400001", "PT Tujuh Digit", "", "", "", "1", "Balikpapan", "", "", "", "01/01/2020", ""],
        ["64000021", "PT Risiko Tujuh", "", "", "", "7", "Balikpapan", "", "", "", "01/01/2020", ""],
        ["64000022", "PT Risiko Huruf", "", "", "", "tinggi", "Balikpapan", "", "", "", "01/01/2020", ""],
        ["64000023", "PT Tanggal Salah", "", "", "", "1", "Balikpapan", "", "", "", "31/02/2020", ""],
        ["64000024", "PT Cabang Antah", "", "", "", "1", "Cabang Atlantis", "", "", "", "01/01/2020", ""],
        ["64000025", "PT Wilayah Antah", "", "", "", "1", "Balikpapan", "99.99", "", "", "01/01/2020", ""],
        ["64000026", "PT Skala Raksasa", "", "1234", "raksasa", "1", "Balikpapan", "", "", "bubar", "01/01/2020", "mungkin"],
        ["64000027", "PT Yang Benar", "", "", "", "1", "Balikpapan", "", "", "", "01/01/2020", ""],
    ]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employers", actor=world.person("sari"))
    assert result.status == "rejected" and result.invalid == 7 and result.inserted == 0
    assert "tidak ada data yang ditulis" in result.message
    assert {(2, "npp_tidak_valid"), (3, "risiko_di_luar_1_5"), (4, "angka_tidak_valid"), (5, "tanggal_tidak_valid"),
            (6, "cabang_tidak_dikenal"), (7, "wilayah_tidak_dikenal"), (8, "kbli_tidak_valid"),
            (8, "skala_tidak_valid"), (8, "status_tidak_valid"), (8, "ya_tidak_tidak_valid")} <= codes(result)
    by_row = {(e.row, e.code): e for e in result.errors}
    assert by_row[(2, "npp_tidak_valid")].column == "NPP"
    assert "8 digit" in by_row[(2, "npp_tidak_valid")].message
    assert by_row[(3, "risiko_di_luar_1_5")].column == "KELOMPOK_RISIKO"
    assert not Employer.objects.filter(npp__startswith="640000").exists()  # not even the valid row
    lines = report_lines(result.report)
    first = next(line for line in lines if line["Kode"] == "npp_tidak_valid")
    assert first["Baris"] == "2" and first["Kolom"] == "NPP" and first["NAMA_PERUSAHAAN"] == "PT Tujuh Digit"


def test_with_accept_valid_the_valid_rows_are_written_and_the_rest_reported(world, tmp_path):
    rows = [HEADER, ROWS[0], ["640000X1", "PT Salah", "", "", "", "1", "Balikpapan", "", "", "", "01/01/2020", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employers", actor=world.person("sari"),
                             accept_valid=True)
    assert result.status == "applied" and (result.inserted, result.invalid) == (1, 1)
    assert codes(result) == {(3, "npp_tidak_valid")}
    assert Employer.objects.filter(npp="64000001").exists()


def test_duplicate_rows_are_flagged_and_a_contradicting_file_keeps_neither(world, tmp_path):
    rows = [HEADER, ROWS[0], ROWS[1], ROWS[0], [ROWS[1][0], "CV Karya Teluk Baru", *ROWS[1][2:]]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employers", actor=world.person("sari"),
                             accept_valid=True)
    assert codes(result) == {(4, "baris_ganda"), (3, "kunci_ganda"), (5, "kunci_ganda")}
    assert "baris 2" in next(e.message for e in result.errors if e.code == "baris_ganda")
    assert (result.inserted, result.invalid) == (1, 3)
    assert list(Employer.objects.filter(npp__in=["64000001", "64000002"]).values_list("npp", flat=True)) == ["64000001"]


def test_sari_cannot_import_an_employer_of_the_kupang_branch(world, tmp_path):
    rows = [HEADER, ["53000001", "PT Flobamora", "", "", "", "1", "bpjs-cabang-kupang", "", "", "", "01/01/2020", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employers", actor=world.person("sari"))
    assert result.status == "rejected" and codes(result) == {(2, "cabang_di_luar_cakupan")}
    assert "di luar cakupan unit Anda" in result.errors[0].message
    assert not Employer.objects.filter(npp="53000001").exists()


def test_sari_cannot_move_a_kupang_employer_into_her_branch(world, tmp_path):
    employer("53000002", branch="bpjs-cabang-kupang", name="PT Sasando")
    rows = [HEADER, ["53000002", "PT Sasando", "", "", "", "1", "Balikpapan", "", "", "", "02/01/2020", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employers", actor=world.person("sari"))
    assert codes(result) == {(2, "npp_di_luar_cakupan")}
    assert Employer.objects.get(npp="53000002").branch.code == "bpjs-cabang-kupang"


def test_the_administrator_imports_for_any_branch(world, tmp_path):
    rows = [HEADER, ["53000003", "PT Timor Jaya", "", "", "", "1", "Kupang", "53.71", "", "", "01/01/2020", ""],
            ROWS[0]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employers", actor=world.person("admin"))
    assert result.inserted == 2


def test_maria_a_compliance_inspector_may_not_import_at_all(world, tmp_path):
    result = registry_import(path=csv_file(tmp_path, [HEADER, *ROWS]), kind="employers",
                             actor=world.person("maria"))
    assert result.status == "refused" and result.errors[0].code == "tidak_berwenang"
    assert not Employer.objects.filter(npp="64000001").exists()


def test_a_semicolon_windows_1252_file_from_excel_is_read_with_its_accents(world, tmp_path):
    rows = [HEADER, ["64000031", "PT Café Mahakam – Cabang Kota", "", "56101", "Mikro", "1", "Balikpapan", "",
                     "Jl. Ahmad Yani, Gedung «Sentosa»", "Aktif", "01-02-2022", "T"]]
    path = csv_file(tmp_path, rows, sep=";", encoding="cp1252")
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    assert result.status == "applied", result.errors
    cafe = Employer.objects.get(npp="64000031")
    assert cafe.name == "PT Café Mahakam – Cabang Kota" and cafe.address == "Jl. Ahmad Yani, Gedung «Sentosa»"
    assert cafe.registered_on == dt.date(2022, 2, 1)


def test_a_utf8_file_with_a_bom_and_lower_case_headers_is_read(world, tmp_path):
    rows = [[h.lower() for h in HEADER], ROWS[0]]
    result = registry_import(path=csv_file(tmp_path, rows, bom=True), kind="employers", actor=world.person("sari"))
    assert result.inserted == 1, result.errors


def test_formulas_in_the_file_are_neutralised_in_the_report(world, tmp_path):
    rows = [HEADER,
            ["6400004", "=HYPERLINK(\"http://evil.example\",\"klik\")", "", "", "", "1", "Balikpapan", "",
             "@SUM(A1:A9)", "+62 811", "-1", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="employers", actor=world.person("sari"))
    line = next(line for line in report_lines(result.report) if line["Kode"] == "npp_tidak_valid")
    assert line["NAMA_PERUSAHAAN"] == "'=HYPERLINK(\"http://evil.example\",\"klik\")"
    assert line["ALAMAT"] == "'@SUM(A1:A9)" and line["STATUS"] == "'+62 811" and line["TGL_TERDAFTAR"] == "'-1"
