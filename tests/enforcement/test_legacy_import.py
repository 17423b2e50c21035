"""The legacy SKK register of BPJS Kupang: the spreadsheet the branch kept before Sinergi, loaded as legacy
SKK cases with the same discipline as every import (aliases, row errors, all or nothing, idempotent)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import polars as pl
import pytest

from sinergi.audit.models import AuditEvent
from sinergi.enforcement.models import LegacyImport, Skk, SkkEvent
from sinergi.enforcement.skk.imports import legacy_import, obstacle_code
from sinergi.enforcement.skk.recoveries import skk_realised
from tests.receivables.factories import employer
from tests.world import person

pytestmark = pytest.mark.django_db

HEADER = "No. NPP;Nama Pemberi Kerja;Kejaksaan Negeri;Nomor SKK;Tgl SKK;Nilai Potensi;Status;Realisasi;Tgl. Selesai;Kendala"


@pytest.fixture
def kupang():
    return [employer(branch="bpjs-cabang-kupang", npp=npp, name=name) for npp, name in (
        ("96000001", "PT Sasando Jaya"), ("96000002", "CV Kelimutu Indah"), ("96000003", "PT Timor Raya"))]


def write(tmp_path, *lines, name="register.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


GOOD = (
    "96000001;PT Sasando Jaya;Kejari Kota Kupang;B-01/SKK/2024;15/02/2024;25.000.000;Selesai;25.000.000;30/04/2024;",
    "96000002;CV Kelimutu Indah;KEJAKSAAN NEGERI ENDE;B-02/SKK/2024;2024-03-01;Rp 12.500.000;Tidak berhasil;0;"
    "15/08/2024;Perusahaan tutup sejak 2023",
    "96000003;PT Timor Raya;Kejati NTT;B-03/SKK/2024;12 Juni 2024;8000000;Negosiasi;1.000.000;;",
)


def test_a_register_with_indonesian_headers_becomes_legacy_skks(kupang, tmp_path):
    result = legacy_import(path=write(tmp_path, *GOOD), actor=person("maria"))
    assert result.status == "applied", result.errors
    assert (result.inserted, result.existing, result.invalid) == (3, 0, 0)
    skks = {s.number: s for s in Skk.objects.select_related("kejari")}
    first, second, third = skks["B-01/SKK/2024"], skks["B-02/SKK/2024"], skks["B-03/SKK/2024"]
    assert (first.kejari.code, second.kejari.code, third.kejari.code) == ("kejari-kota-kupang", "kejari-ende",
                                                                          "kejati-ntt")
    assert (first.status, first.amount, first.principal, first.penalty) == ("settled", 25_000_000, 25_000_000, 0)
    assert first.legacy and first.settled_on == dt.date(2024, 4, 30)
    assert (second.status, second.obstacle, second.obstacle_note) == ("failed", "closed", "Perusahaan tutup sejak 2023")
    assert third.dated == dt.date(2024, 6, 12) and third.settled_on is None
    assert skk_realised(Skk.objects.all()) == {first.pk: Decimal(25_000_000), second.pk: Decimal(0),
                                               third.pk: Decimal(1_000_000)}
    assert SkkEvent.objects.filter(skk=first).count() == 2
    assert LegacyImport.objects.get().counts["inserted"] == 3
    assert AuditEvent.objects.filter(action="enforcement.skk.legacy_import").count() == 1


def test_the_same_register_twice_adds_nothing(kupang, tmp_path):
    path = write(tmp_path, *GOOD)
    legacy_import(path=path, actor=None)
    again = legacy_import(path=path, actor=None)
    assert (again.status, again.inserted, again.existing) == ("applied", 0, 3)
    assert Skk.objects.count() == 3 and SkkEvent.objects.count() == 6
    assert LegacyImport.objects.count() == 1


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(kupang, tmp_path):
    path = write(
        tmp_path, GOOD[0],
        "96999999;PT Hantu;Kejari Kota Kupang;B-04/SKK/2024;01/03/2024;5.000.000;Proses;;;",
        "96000002;CV Kelimutu Indah;Kejari Atlantis;B-05/SKK/2024;31/02/2024;5.000.000;Proses;;;",
        "96000003;PT Timor Raya;Kejari Ende;B-06/SKK/2024;01/03/2024;5.000.000;Tidak berhasil;6.000.000;01/04/2024;",
    )
    result = legacy_import(path=path, actor=None)
    assert result.status == "rejected" and result.inserted == 0
    found = {(row, column, code) for row, column, code, _message in result.errors}
    assert found == {
        (3, "No. NPP", "npp_tidak_dikenal"), (4, "Kejaksaan Negeri", "kejari_tidak_dikenal"),
        (4, "Tgl SKK", "tanggal_tidak_valid"), (5, "Realisasi", "realisasi_melebihi_potensi"),
        (5, "Kendala", "kendala_wajib"),
    }
    messages = {code: message for _row, _column, code, message in result.errors}
    assert messages["npp_tidak_dikenal"] == "NPP 96999999 tidak terdaftar di Sinergi."
    assert "Kejari Atlantis" in messages["kejari_tidak_dikenal"]
    assert Skk.objects.count() == 0
    report = pl.read_excel(io.BytesIO(result.report), sheet_name="Kesalahan")
    assert sorted(report.get_column("Baris").to_list()) == [3, 4, 4, 5, 5]


def test_with_accept_valid_the_good_rows_are_written_and_the_rest_reported(kupang, tmp_path):
    path = write(tmp_path, GOOD[0], "96999999;PT Hantu;Kejari Kota Kupang;B-04/SKK/2024;01/03/2024;5.000.000;Proses;;;")
    result = legacy_import(path=path, actor=None, accept_valid=True)
    assert (result.status, result.inserted, result.invalid) == ("applied", 1, 1)


def test_yusuf_of_balikpapan_cannot_load_kupangs_register_and_rina_may_not_import(kupang, tmp_path):
    path = write(tmp_path, GOOD[0])
    result = legacy_import(path=path, actor=person("yusuf"))
    assert result.status == "rejected"
    assert {code for _r, _c, code, _m in result.errors} == {"npp_di_luar_cakupan"}
    refused = legacy_import(path=path, actor=person("rina"))
    assert refused.status == "refused" and "tidak berwenang" in refused.message


def test_a_branch_option_refuses_employers_of_another_branch(kupang, tmp_path):
    other = employer(branch="bpjs-cabang-balikpapan", npp="91000009")
    path = write(tmp_path, f"{other.npp};PT Lain;Kejari Balikpapan;B-09/SKK/2024;01/03/2024;5.000.000;Proses;;;")
    result = legacy_import(path=path, actor=None, branch="bpjs-cabang-kupang")
    assert {code for _r, _c, code, _m in result.errors} == {"npp_cabang_lain"}


def test_a_file_without_the_required_columns_is_refused_with_their_names(tmp_path):
    path = tmp_path / "salah.csv"
    path.write_text("NPP;Nama\n96000001;PT Sasando Jaya\n", encoding="utf-8")
    result = legacy_import(path=path, actor=None)
    assert result.status == "refused"
    assert "KEJARI" in result.message and "NOMOR_SKK" in result.message


@pytest.mark.parametrize(("text", "code"), [
    ("Perusahaan sudah tutup", "closed"), ("alamat tidak ditemukan", "not_found"), ("Pailit 2023", "bankrupt"),
    ("Menolak membayar", "refuses"), ("Membantah jumlah tunggakan", "disputes"), ("Tidak mampu bayar", "no_funds"),
    ("Direktur meninggal", "other"), ("", ""),
])
def test_an_obstacle_written_freely_is_classified(text, code):
    assert obstacle_code(text) == code


def test_the_command_imports_a_register_as_a_job_and_says_where_the_report_is(kupang, tmp_path, capsys, settings):
    import json

    from sinergi.cli import main

    settings.JOB_FILES_DIR = tmp_path / "jobs"
    path = write(tmp_path, *GOOD)
    assert main(["enforcement", "import", str(path), "--branch", "bpjs-cabang-kupang", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["counts"]["inserted"] == 3
    assert "Laporan per baris:" in out.err
    bad = write(tmp_path, "96999999;PT Hantu;Kejari Kota Kupang;B-04/SKK/2024;01/03/2024;5.000.000;Proses;;;",
                name="salah.csv")
    assert main(["enforcement", "import", str(bad), "--json"]) == 1
    assert Skk.objects.filter(branch__code="bpjs-cabang-kupang").count() == 3


def test_an_skk_number_longer_than_sinergi_keeps_is_a_row_error(kupang, tmp_path):
    long_number = "B-" + "9" * 70
    path = write(tmp_path, f"96000001;PT Sasando Jaya;Kejari Kota Kupang;{long_number};01/03/2024;5.000.000;Proses;;;")
    result = legacy_import(path=path, actor=None)
    assert {(row, code) for row, _c, code, _m in result.errors} == {(2, "nomor_terlalu_panjang")}
