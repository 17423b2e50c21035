"""The bank-file import: set-wise checks with Indonesian messages per row and column, "sudah dibukukan"
for references already posted, nothing half-imported, a per-row XLSX report safe to open, then allocation."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import polars as pl
import pytest
import xlsxwriter

from sinergi.cli import main
from sinergi.jobs.models import Job
from sinergi.jobs.registry import get_kind
from sinergi.receivables.ledger import employer_balance
from sinergi.receivables.models import Allocation, Payment
from sinergi.receivables.payments import payment_code_for, payments_import
from tests.receivables.factories import bill, employer, total

D = dt.date


def csv(tmp_path, text: str, name: str = "mutasi.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def report_rows(result) -> list[dict]:
    return pl.read_excel(io.BytesIO(result.report), sheet_name="Laporan", infer_schema_length=0).to_dicts()


@pytest.fixture
def teluk(world):
    emp = employer(npp="64000001", name="PT Teluk Balikpapan Sejahtera")
    bill(emp, "2025-03")
    bill(emp, "2025-04")
    return emp


def test_dimas_imports_a_bank_file_and_the_payments_are_posted_and_allocated(world, teluk, tmp_path):
    code = payment_code_for(npp=teluk.npp, period="2025-03")
    path = csv(tmp_path, "KODE_BAYAR;NPP;JUMLAH;TANGGAL;REFERENSI\n"
                         f"{code};;Rp 1.978.000;10/04/2025;BNI-250410-001\n"
                         f";{teluk.npp};1978000,00;2025-05-12;BNI-250512-007\n")
    result = payments_import(path=path, actor=world.person("dimas"))
    assert not result.rejected, result.message
    assert result.counts["rows"] == 2 and result.counts["posted"] == 2 and result.counts["errors"] == 0
    assert result.counts["allocated_principal"] == str(2 * total())
    first = Payment.objects.get(reference="BNI-250410-001")
    assert first.payment_code == code and first.channel == Payment.Channel.BANK_FILE and first.amount == total()
    assert first.created_by.username == "dimas"
    assert Allocation.objects.filter(payment__employer=teluk).count() == 8
    assert employer_balance(teluk, D(2025, 5, 31)).outstanding == 0
    assert [r["Status"] for r in report_rows(result)] == ["dibukukan", "dibukukan"]


def test_the_same_file_again_is_already_posted_and_changes_nothing(world, teluk, tmp_path):
    path = csv(tmp_path, f"NPP,JUMLAH,TANGGAL,REFERENSI\n{teluk.npp},1978000,10/04/2025,BNI-1\n")
    payments_import(path=path, actor=world.person("dimas"))
    again = payments_import(path=path, actor=world.person("dimas"))
    assert not again.rejected
    assert again.counts["already_posted"] == 1 and again.counts["posted"] == 0 and again.counts["errors"] == 0
    assert Payment.objects.filter(reference="BNI-1").count() == 1
    assert [r["Status"] for r in report_rows(again)] == ["sudah dibukukan"]


def test_every_bad_row_is_reported_by_row_and_column_in_indonesian_and_nothing_is_posted(world, teluk, tmp_path):
    kupang = employer(branch="bpjs-cabang-kupang", name="CV Flobamora", npp="53000001")
    path = csv(tmp_path, "\n".join([
        "NPP,JUMLAH,TANGGAL,REFERENSI",
        f"{teluk.npp},1978000,10/04/2025,R-OK",       # 2: valid
        "99999999,1000,10/04/2025,R-2",                # 3: unknown NPP
        f"{teluk.npp},12a,10/04/2025,R-3",             # 4: not a number
        f"{teluk.npp},\"1500000,50\",10/04/2025,R-4",  # 5: cents
        f"{teluk.npp},1000,31/02/2025,R-5",            # 6: no such date
        f"{teluk.npp},1000,01/01/2099,R-6",            # 7: in the future
        f"{teluk.npp},1000,10/04/2025,R-OK",           # 8: the reference of row 2 again
        f"{teluk.npp},1000,10/04/2025,",               # 9: no reference
        f"{kupang.npp},1000,10/04/2025,R-9",           # 10: a Kupang employer, outside Dimas's branch
        "1234567,1000,10/04/2025,R-10",                # 11: a leading zero lost by a spreadsheet
        f"{teluk.npp},-5000,10/04/2025,R-11",          # 12: negative
    ]) + "\n")
    result = payments_import(path=path, actor=world.person("dimas"))
    assert result.rejected and result.counts["posted"] == 0
    assert not Payment.objects.filter(reference__startswith="R-").exists()
    assert "10 dari 11 baris bermasalah" in result.message
    got = {(e.row, e.column): e.message for e in result.errors}
    assert got == {
        (3, "NPP"): "NPP 99999999 tidak terdaftar atau di luar wilayah kerja Anda",
        (4, "JUMLAH"): "bukan angka rupiah yang valid: '12a'",
        (5, "JUMLAH"): "tidak boleh memuat sen: '1500000,50'",
        (6, "TANGGAL"): "tanggal tidak dikenali: '31/02/2025' (gunakan HH/BB/TTTT atau TTTT-BB-HH)",
        (7, "TANGGAL"): "tanggal di masa depan: '01/01/2099'",
        (8, "REFERENSI"): "ganda dalam berkas (sama dengan baris 2)",
        (9, "REFERENSI"): "wajib diisi",
        (10, "NPP"): f"NPP {kupang.npp} tidak terdaftar atau di luar wilayah kerja Anda",
        (11, "NPP"): "NPP harus 8 digit angka: '1234567'",
        (12, "JUMLAH"): "harus lebih dari nol: '-5000'",
    }
    assert str(result.errors[0]) == "Baris 3, kolom NPP: NPP 99999999 tidak terdaftar atau di luar wilayah kerja Anda"
    rows = report_rows(result)
    assert rows[0]["Status"] == "valid, tidak dibukukan (berkas ditolak)"
    assert rows[1]["Status"] == "galat" and rows[1]["Kolom"] == "NPP" and rows[1]["Baris"] == "3"


def test_with_accept_valid_only_the_valid_rows_are_posted(world, teluk, tmp_path):
    path = csv(tmp_path, f"NPP,JUMLAH,TANGGAL,REFERENSI\n{teluk.npp},1978000,10/04/2025,R-A\n"
                         f"{teluk.npp},abc,10/04/2025,R-B\n")
    result = payments_import(path=path, actor=world.person("dimas"), accept_valid=True)
    assert not result.rejected and result.counts["posted"] == 1 and result.counts["errors"] == 1
    assert list(Payment.objects.filter(reference__in=["R-A", "R-B"]).values_list("reference", flat=True)) == ["R-A"]


def test_an_xlsx_file_with_date_cells_and_a_formula_in_a_cell_gives_a_report_that_runs_no_formula(world, teluk,
                                                                                                   tmp_path):
    path = tmp_path / "mutasi.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Kode Iuran", "Jumlah Bayar", "Tgl Bayar", "No Referensi"])
    sheet.write_string(1, 0, payment_code_for(npp=teluk.npp, period="2025-03"))
    sheet.write_number(1, 1, 1978000)
    sheet.write_datetime(1, 2, dt.date(2025, 4, 10), dates)
    sheet.write_string(1, 3, "MANDIRI-77")
    sheet.write_string(2, 0, "=HYPERLINK(\"http://evil.example\",\"klik\")")
    sheet.write_number(2, 1, 1000)
    sheet.write_number(2, 2, 45757)  # a date typed as a number: 10 April 2025
    sheet.write_string(2, 3, "@SUM(1+1)")
    book.close()
    result = payments_import(path=path, actor=world.person("dimas"), accept_valid=True)
    assert result.counts["posted"] == 1 and result.counts["errors"] == 1
    assert Payment.objects.get(reference="MANDIRI-77").paid_on == D(2025, 4, 10)
    rows = report_rows(result)
    assert rows[1]["Kode Iuran"].startswith("'=HYPERLINK") and rows[1]["No Referensi"] == "'@SUM(1+1)"
    assert rows[1]["Kolom"] == "Kode Iuran"
    with zipfile.ZipFile(io.BytesIO(result.report)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "kosong.csv", "kosong (0 byte)"),
    (b"NPP,NOMINAL_TRANSFER,TANGGAL\n64000001,1000,10/04/2025\n", "salah.csv",
     "Kolom wajib tidak ditemukan: JUMLAH, REFERENSI. Kolom yang ada: NPP, NOMINAL_TRANSFER, TANGGAL."),
    (b"NPP,JUMLAH,TANGGAL,REFERENSI\n", "judul.csv", "tidak memuat baris data"),
    (b"\x00\x01\x02binary", "rusak.csv", "bukan teks CSV"),
    (b"NPP,JUMLAH,TANGGAL,REFERENSI\n", "mutasi.pdf", "tidak didukung; gunakan .csv atau .xlsx"),
    (b"not a zip", "palsu.xlsx", "bukan XLSX yang valid"),
    (b"NPP,KODE_IURAN,KODE_BAYAR,JUMLAH,TANGGAL,REFERENSI\n", "ganda.csv", "KODE_IURAN dan KODE_BAYAR berarti sama"),
])
def test_a_file_that_cannot_be_imported_says_why_in_indonesian(world, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = payments_import(path=path, actor=world.person("dimas"))
    assert result.rejected and message in result.message
    assert report_rows(result)[0]["Pesan"] == result.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(world, tmp_path, settings):
    settings.RECEIVABLES_IMPORT_MAX_BYTES = 2 * 2**20
    path = tmp_path / "besar.csv"
    with path.open("wb") as handle:
        handle.write(b"NPP,JUMLAH,TANGGAL,REFERENSI\n")
        handle.truncate(3 * 2**20)
    result = payments_import(path=path, actor=world.person("dimas"))
    assert result.rejected and "terlalu besar (3 MB); batasnya 2 MB" in result.message


def test_sari_may_not_import_payments(world, tmp_path):
    from django.core.exceptions import PermissionDenied

    path = csv(tmp_path, "NPP,JUMLAH,TANGGAL,REFERENSI\n64000001,1000,10/04/2025,X\n")
    with pytest.raises(PermissionDenied):
        payments_import(path=path, actor=world.person("sari"))


def test_the_cli_imports_through_the_job_and_exits_1_for_a_rejected_file(world, teluk, tmp_path, capsys):
    assert get_kind("receivables.payments_import").capability == "receivables.payments"
    good = csv(tmp_path, f"NPP,JUMLAH,TANGGAL,REFERENSI\n{teluk.npp},1978000,10/04/2025,CLI-1\n", "baik.csv")
    assert main(["payments", "import", str(good), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "succeeded" and out["counts"]["posted"] == 1 and out["counts"]["status"] == "applied"
    bad = csv(tmp_path, f"NPP,JUMLAH,TANGGAL,REFERENSI\n{teluk.npp},x,10/04/2025,CLI-2\n", "buruk.csv")
    assert main(["payments", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Laporan per baris:" in err and "tidak ada pembayaran yang dibukukan" in err
    job = Job.objects.filter(kind="receivables.payments_import").order_by("-created_at").first()
    assert job.counts["status"] == "rejected" and job.files[0]["name"] == "laporan-impor-pembayaran.xlsx"
    assert main(["payments", "import", str(tmp_path / "tidak-ada.csv")]) == 2
