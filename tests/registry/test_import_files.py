"""Whatever file Sari picks by mistake, she gets a clear Indonesian answer and a report, never a traceback."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi import tables
from sinergi.registry.imports import KINDS, registry_import
from sinergi.registry.models import Employer, Worker
from tests.registry.import_helpers import csv_file, report_lines, report_summary, xlsx_file

HEADER = "NPP,NAMA_PERUSAHAAN,KANTOR_CABANG,TGL_TERDAFTAR\r\n"


def _refused(result, code: str) -> None:
    assert result.status == "refused", result.errors
    assert [e.code for e in result.errors] == [code]
    assert result.report.startswith(b"PK") and report_lines(result.report)[0]["Kode"] == code
    assert report_summary(result.report)["Hasil"] == "Ditolak"


def test_a_zero_byte_file_is_refused(world, tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    _refused(result, "berkas_kosong")
    assert "0 bita" in result.message


def test_a_file_over_200_mb_is_refused_before_it_is_read(world, tmp_path, monkeypatch):
    path = tmp_path / "besar.csv"
    with path.open("wb") as handle:  # sparse: 201 MB on paper, nothing on disk
        handle.truncate(201 * 1024 * 1024)

    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(tables.Path, "read_bytes", never)
    result = registry_import(path=path, kind="workers", actor=world.person("sari"))
    _refused(result, "berkas_terlalu_besar")
    assert "201 MB" in result.message and "200 MB" in result.message


def test_random_bytes_are_not_a_table(world, tmp_path):
    path = tmp_path / "foto.csv"
    path.write_bytes(bytes(range(256)) * 40)
    _refused(registry_import(path=path, kind="employers", actor=world.person("sari")), "bukan_tabel")


def test_a_damaged_xlsx_is_refused(world, tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 200)
    _refused(registry_import(path=path, kind="employers", actor=world.person("sari")), "xlsx_tidak_terbaca")


def test_a_missing_file_is_refused(world, tmp_path):
    _refused(registry_import(path=tmp_path / "tidak-ada.csv", kind="employers", actor=world.person("sari")),
             "berkas_tidak_ada")


def test_a_header_without_rows_is_an_empty_table(world, tmp_path):
    path = tmp_path / "judul.csv"
    path.write_text(HEADER + "\r\n,,,\r\n")
    _refused(registry_import(path=path, kind="employers", actor=world.person("sari")), "tabel_kosong")


def test_an_empty_spreadsheet_has_no_header(world, tmp_path):
    path = tmp_path / "kosong.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet()
    workbook.close()
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    assert result.status == "refused" and result.errors[0].code in {"tanpa_judul", "tabel_kosong"}


def test_two_columns_meaning_the_same_field_are_refused(world, tmp_path):
    path = csv_file(tmp_path, [["NPP", "NAMA", "NAMA_PERUSAHAAN", "KANTOR_CABANG", "TGL_TERDAFTAR"],
                               ["64000001", "A", "B", "Balikpapan", "01/01/2020"]])
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    _refused(result, "kolom_ganda")
    assert "'NAMA' dan 'NAMA_PERUSAHAAN'" in result.message


def test_blank_lines_keep_the_row_numbers_the_user_sees(world, tmp_path):
    path = tmp_path / "baris.csv"
    path.write_text(HEADER + "64000001,PT A,Balikpapan,01/01/2020\r\n\r\n6400000,PT B,Balikpapan,01/01/2020\r\n")
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    assert result.rows == 2 and [(e.row, e.code) for e in result.errors] == [(4, "npp_tidak_valid")]


def _fuzz_file(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), kind=st.sampled_from(KINDS))
def test_random_bytes_never_crash_the_import(world, tmp_path, data, kind):
    result = registry_import(path=_fuzz_file(tmp_path, data, "acak.bin"), kind=kind, actor=world.person("sari"))
    assert result.status in {"refused", "rejected", "applied"} and result.report.startswith(b"PK")
    assert result.message


CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["64000001", "=1+1", "01/02/2020", "-5", "Balikpapan",
                                                         "6471015206850002", '"', ";", "\n", "12 Juni 1985"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=6), kind=st.sampled_from(KINDS),
       header=st.permutations(["NPP", "NIK", "NAMA", "KANTOR_CABANG", "TGL_TERDAFTAR", "UPAH", "BERLAKU_MULAI",
                               "TGL_MULAI"]),
       sep=st.sampled_from([",", ";"]), encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_table_shaped_nonsense_never_crashes_the_import(world, tmp_path, rows, kind, header, sep, encoding):
    text = "\n".join(sep.join(cells) for cells in [list(header), *rows])
    data = text.encode(encoding, errors="replace")
    result = registry_import(path=_fuzz_file(tmp_path, data, "acak.csv"), kind=kind, actor=world.person("admin"),
                             accept_valid=True)
    assert result.status in {"refused", "rejected", "applied"} and result.report.startswith(b"PK")
    assert result.inserted + result.updated + result.unchanged + result.invalid <= result.rows


def test_one_bad_row_among_many_writes_nothing_at_all(world, tmp_path):
    lines = [f"64{n:06d},PT Nomor {n},Balikpapan,01/01/2020" for n in range(1, 501)]
    lines[250] = "64ABCDEF,PT Rusak,Balikpapan,01/01/2020"
    path = tmp_path / "banyak.csv"
    path.write_text(HEADER + "\r\n".join(lines))
    result = registry_import(path=path, kind="employers", actor=world.person("sari"))
    assert result.status == "rejected" and [(e.row, e.code) for e in result.errors] == [(252, "npp_tidak_valid")]
    assert Employer.objects.count() == 0 and Worker.objects.count() == 0


def test_a_database_refusal_mid_write_rolls_the_whole_import_back(world, tmp_path, monkeypatch):
    from django.db import IntegrityError

    from sinergi.registry import imports

    def explode(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(imports, "update_rows", explode)
    Employer.objects.create(npp="64000001", name="Lama", branch=world.unit("bpjs-cabang-balikpapan"),
                            registered_on="2020-01-01")
    path = io.StringIO(HEADER + "64000001,PT Baru,Balikpapan,01/01/2020\r\n64000002,PT Dua,Balikpapan,01/01/2020\r\n")
    file = tmp_path / "dua.csv"
    file.write_text(path.getvalue())
    result = registry_import(path=file, kind="employers", actor=world.person("sari"))
    _refused(result, "penulisan_ditolak")
    assert not Employer.objects.filter(npp="64000002").exists()
    assert Employer.objects.get(npp="64000001").name == "Lama"


def test_a_sheet_whose_table_starts_lower_reports_the_rows_the_user_sees(world, tmp_path):
    rows = [[], [], [None, "NPP", "NAMA_PERUSAHAAN", "KANTOR_CABANG", "TGL_TERDAFTAR"],
            [None, "64000001", "PT Benar", "Balikpapan", "01/01/2020"], [],
            [None, "6400002", "PT Salah", "Balikpapan", "01/01/2020"]]
    result = registry_import(path=xlsx_file(tmp_path, rows), kind="employers", actor=world.person("sari"))
    assert [(e.row, e.code) for e in result.errors] == [(6, "npp_tidak_valid")]


XLSX_CELLS = st.one_of(st.none(), st.integers(-10**17, 10**17), st.floats(allow_nan=False, allow_infinity=False),
                       st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
                       st.text(max_size=15).filter(lambda t: not t.startswith("=")), CELLS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(XLSX_CELLS, max_size=5), max_size=5), kind=st.sampled_from(KINDS),
       header=st.permutations(["NPP", "NIK", "NAMA", "KANTOR_CABANG", "TGL_TERDAFTAR", "UPAH", "BERLAKU_MULAI"]))
def test_spreadsheets_full_of_nonsense_never_crash_the_import(world, tmp_path, rows, kind, header):
    path = xlsx_file(tmp_path, [list(header)[:5], *rows], name="acak.xlsx")
    result = registry_import(path=path, kind=kind, actor=world.person("admin"), accept_valid=True)
    assert result.status in {"refused", "rejected", "applied"} and result.report.startswith(b"PK")


def test_invisible_control_characters_make_a_cell_invalid(world, tmp_path):
    path = tmp_path / "kendali.csv"
    filler = "".join(f"6410{n:04d},PT Pengisi {n},Balikpapan,01/01/2020\r\n" for n in range(2000))  # past 64 KB
    path.write_text(HEADER + "64000001,PT Satu\x01Byte,Balikpapan,01/01/2020\r\n"
                    + "64000002,PT Baik,Balikpapan,01/01/2020\r\n" + filler
                    + "64000003,PT Nul\x00Byte,Balikpapan,01/01/2020\r\n")
    result = registry_import(path=path, kind="employers", actor=world.person("sari"), accept_valid=True)
    assert {(e.row, e.code) for e in result.errors} == {(2, "karakter_tidak_sah"), (2004, "karakter_tidak_sah")}
    assert result.inserted == 2001
    assert not Employer.objects.filter(npp__in=["64000001", "64000003"]).exists()


def test_a_small_xlsx_that_unpacks_to_gigabytes_is_refused_unopened(world, tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNPACKED", 1024)
    path = xlsx_file(tmp_path, [["NPP", "NAMA_PERUSAHAAN", "KANTOR_CABANG", "TGL_TERDAFTAR"]] + [["x" * 50] * 4] * 50)
    _refused(registry_import(path=path, kind="employers", actor=world.person("sari")), "berkas_terlalu_besar")
