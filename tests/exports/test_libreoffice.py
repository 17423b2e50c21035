"""Every XLSX Sinergi writes, opened in LibreOffice Calc: the project standard says an export must open there.

Each test builds the files of one area the way that area's own tests do, opens them all in one soffice call
(see the ``libreoffice`` fixture) and checks what a user depends on: the sheet names, the Indonesian header
row, a known name and amount, and that a name typed as a formula is shown as the text the producer wrote
(neutralised with an apostrophe), never run: no ``Err:``/``#NAME?`` and no formula result.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import polars as pl
import pytest
from django.db.models import Sum
from django.urls import reverse

from sinergi.enforcement.reports.selectors import exchange_build
from sinergi.receivables.ledger import employer_balance
from sinergi.receivables.models import Bill
from sinergi.receivables.payments import payments_import
from sinergi.receivables.statement import net_balance
from sinergi.receivables.statement_exports import XLSX_HEADER_ROW
from sinergi.registry.imports import registry_import
from sinergi.rentan.imports.generator import HEADER as DTKS_HEADER
from sinergi.rentan.imports.generator import dtks_generate
from sinergi.rentan.imports.services import rentan_import
from sinergi.rentan.payments.exports import attachment_xlsx, recap_xlsx
from sinergi.rentan.payments.services import batch_prepare, programme_wadah_ensure
from tests.enforcement.factories import case_make, employer_in_arrears, skk_make
from tests.receivables.factories import bill, employer, pay, total
from tests.registry.import_helpers import csv_file
from tests.rentan.conftest import kukar_programme
from tests.rentan.import_helpers import dtks_csv
from tests.rentan.import_helpers import person as dtks_person
from tests.rentan.test_payments import MARCH, enrolled_make, programme_2026
from tests.world import person

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'
SHOWN = "'" + FORMULA  # what ``neutralise`` writes, and so what a user must see
ERROR = re.compile(r"^(Err:\d+|#NAME\?|#VALUE!|#REF!|#DIV/0!|#N/A|#NUM!|#NULL!)$")


def inert(book: dict[str, list[list[str]]]) -> None:
    """No cell of the workbook is a formula error, and no formula ran (HYPERLINK would show "klik")."""
    for name, rows in book.items():
        for row in rows:
            for cell in row:
                assert not ERROR.match(cell), f"{name}: {cell}"
                assert cell != "klik", f"{name}: a formula was evaluated"


def row_of(rows: list[list[str]], text: str) -> list[str]:
    """The first row holding a cell ``text``."""
    return next(row for row in rows if text in row)


def table(rows: list[list[str]], first: str) -> list[dict[str, str]]:
    """The rows below the header row that starts with ``first``, as dicts by header."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first)
    return [dict(zip(rows[start], row, strict=False)) for row in rows[start + 1:]]


def number(cell: str) -> Decimal:
    return Decimal(cell)  # raises unless Calc holds the cell as a number


# --- enforcement: the reports (sheets_xlsx), the case list, the SKK list ----------------------------------

def test_enforcement_reports_and_lists_open_in_calc(login, libreoffice):
    kupang = employer_in_arrears(branch="bpjs-cabang-kupang", months=3, region_id="53.71", name=FORMULA,
                                 address="Jl. El Tari 1")
    ende = employer_in_arrears(branch="bpjs-cabang-kupang", months=2, region_id="53.08", name="CV Ende Jaya")
    skk_make(employer=kupang, kejari="kejari-kota-kupang", number="SKK.0001/KUPANG/2024",
             dated=dt.date(2024, 3, 1), principal=10_000_000, penalty=400_000)
    case = case_make(employer=kupang, amount=5_000_000)
    agustinus = login("agustinus")
    exchange = agustinus.get("/penegakan/laporan/pertukaran-data/?format=xlsx")
    monev = agustinus.get("/penegakan/laporan/monev/?provinsi=53&tahun=2024&format=xlsx")
    skks = agustinus.get(reverse("enforcement:skk_list"), {"format": "xlsx"})
    cases = login("maria").get("/penegakan/kasus/?format=xlsx")
    books = libreoffice(exchange.content, monev.content, skks.content, cases.content)
    for book in books:
        inert(book)
    exchange_book, monev_book, skk_book, case_book = books

    assert list(exchange_book) == ["Tunggakan"]
    sheet = exchange_book["Tunggakan"]
    assert sheet[0][0] == "Data Tunggakan Iuran Pemberi Kerja per Wilayah Kejaksaan Negeri"
    rows = {r["NPP"]: r for r in table(sheet, "Kejari")}
    assert rows[kupang.npp]["Nama pemberi kerja"] == SHOWN and rows[ende.npp]["Nama pemberi kerja"] == "CV Ende Jaya"
    assert rows[kupang.npp]["Kejari"] == "Kejaksaan Negeri Kota Kupang"
    expected = {r.npp: r for r in exchange_build(user=person("agustinus")).rows}[kupang.npp]
    assert number(rows[kupang.npp]["Tunggakan iuran (Rp)"]) == int(expected.principal) > 0
    assert rows[kupang.npp]["Bulan tunggakan"] == str(expected.months)

    assert list(monev_book) == ["Monev SKK"]
    sheet = monev_book["Monev SKK"]
    assert sheet[0][0].startswith("Laporan Monitoring dan Evaluasi SKK — ")
    rows = {r["Kejaksaan"]: r for r in table(sheet, "Kejaksaan")}
    assert list(rows["Kejaksaan Negeri Kota Kupang"])[:3] == ["Kejaksaan", "Jumlah SKK", "Potensi (Rp)"]
    assert number(rows["Kejaksaan Negeri Kota Kupang"]["Potensi (Rp)"]) == 10_400_000
    assert rows["Jumlah"]["Jumlah SKK"] == "1"

    assert list(skk_book) == ["SKK"]
    skk = {r["Nomor SKK"]: r for r in table(skk_book["SKK"], "Nomor SKK")}["SKK.0001/KUPANG/2024"]
    assert number(skk["Nilai SKK (Rp)"]) == 10_400_000 and SHOWN in skk.values()

    assert list(case_book) == ["Kasus kepatuhan"]
    assert case_book["Kasus kepatuhan"][0][:3] == ["Nomor kasus", "NPP", "Pemberi kerja"]
    row = {r["Nomor kasus"]: r for r in table(case_book["Kasus kepatuhan"], "Nomor kasus")}[case.number]
    assert row["Pemberi kerja"] == SHOWN and row["NPP"] == kupang.npp and number(row["Nilai (Rp)"]) == 5_000_000


# --- pekerja rentan: payment documents, candidate list, DTKS import report, generated DTKS file ------------

def test_rentan_documents_reports_and_the_generated_dtks_file_open_in_calc(login, libreoffice, tmp_path):
    programme = programme_2026()
    programme_wadah_ensure(programme=programme, actor=None)
    people = enrolled_make(programme, 2)
    people[0].name = FORMULA
    people[0].save(update_fields=["name"])
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    candidates = login("fitri").get(reverse("rentan:candidates", args=[programme.pk]) + "?format=xlsx")
    imported = rentan_import(programme=kukar_programme(), path=dtks_csv(tmp_path, [
        dtks_person(901), dtks_person(902, NAMA=FORMULA, TGL_LAHIR="13/06/1985")]), file_name="dtks.csv",
        actor=person("fitri"))
    generated = dtks_generate(path=tmp_path / "dtks.xlsx", rows=40, seed=1, fmt="xlsx")
    books = libreoffice(recap_xlsx(batch), attachment_xlsx(batch), candidates.content, imported.report_path,
                        generated.path)
    for book in books:
        inert(book)
    recap_book, attachment_book, candidate_book, report_book, dtks_book = books

    assert list(recap_book) == ["Rekapitulasi"]
    sheet = recap_book["Rekapitulasi"]
    assert sheet[0][0] == "Rekapitulasi Pembayaran Iuran Pekerja Rentan"
    codes = {r["Kode iuran"]: r for r in table(sheet, "Kode iuran") if r.get("Kode iuran")}
    assert {c.code for c in batch.codes.all()} <= set(codes)
    assert number(row_of(sheet, "Jumlah")[6]) == batch.total == sum(number(codes[c.code]["Jumlah iuran (Rp)"])
                                                                       for c in batch.codes.all())

    assert list(attachment_book) == ["Lampiran"]
    rows = table(attachment_book["Lampiran"], "No.")
    assert list(rows[0])[:3] == ["No.", "Nama", "NIK (disamarkan)"]
    by_nik = {r["NIK (disamarkan)"]: r for r in rows}
    assert by_nik[people[0].nik_masked]["Nama"] == SHOWN and people[1].nik_masked in by_nik
    assert number(by_nik[people[1].nik_masked]["Jumlah (Rp)"]) > 0

    assert list(candidate_book) == ["Calon peserta"]
    rows = table(candidate_book["Calon peserta"], "BATCH")
    assert list(rows[0])[:4] == ["BATCH", "BARIS", "NIK", "NAMA"]
    by_nik = {r["NIK"]: r for r in rows}  # Fitri sees the full NIK: all 16 digits as text, not 6,40E+15
    assert by_nik[people[0].nik]["NAMA"] == SHOWN and by_nik[people[1].nik]["NAMA"] == people[1].name

    assert list(report_book) == ["Ringkasan", "Baris bermasalah"]
    assert row_of(report_book["Ringkasan"], "Berkas")[1] == "dtks.csv"
    rows = table(report_book["Baris bermasalah"], "Baris")
    assert list(rows[0])[:3] == ["Baris", "NIK", "Nama"]
    wrong = next(r for r in rows if r["Baris"] == "3")
    assert wrong["Nama"] == SHOWN and wrong["NIK"] == "6402011206850902"
    assert "Tanggal lahir dalam NIK berbeda" in wrong["Alasan"]

    assert list(dtks_book) == ["DTKS"]
    calc = dtks_book["DTKS"]
    assert calc[0] == DTKS_HEADER and len(calc) == 41
    written = pl.read_excel(generated.path, engine="calamine", has_header=False, infer_schema_length=0)
    for mine, theirs in zip(calc, written.rows(), strict=True):
        assert [_same(a, b) for a, b in zip(mine, theirs, strict=True)] == [True] * len(DTKS_HEADER), mine
    assert all(re.fullmatch(r"\d{16}|[\d.,]+E\+15|\d{12}0000|", row[0]) for row in calc[1:])


def _same(calc: str, written) -> bool:
    """Calc's text of a cell against the generator's value (a date serial written as a number may read back
    as ``31234`` in one and ``31234.0`` in the other)."""
    written = "" if written is None else str(written)
    if calc == written:
        return True
    try:
        return float(calc) == float(written)
    except ValueError:
        return False


# --- receivables: the bank-file report, the statement, the aging report ------------------------------------

def test_receivables_reports_open_in_calc(login, world, libreoffice, tmp_path):
    dimas = person("dimas")
    teluk = employer(name=FORMULA)
    bill(teluk, "2025-03")
    bill(teluk, "2025-04")
    pay(teluk, 1_000_000, "2025-05-12", actor=dimas, reference="BNI-250512-007")
    old = employer(name="PT Macet Lama")
    for month in ("2024-01", "2024-02", "2024-03"):
        bill(old, month)
    text = io.StringIO()
    csv.writer(text).writerows([["NPP", "JUMLAH", "TANGGAL", "REFERENSI"],
                                [teluk.npp, "1978000", "10/04/2025", "BNI-250410-001"],
                                [teluk.npp, "abc", "10/04/2025", FORMULA]])
    bankfile = tmp_path / "mutasi.csv"
    bankfile.write_text(text.getvalue(), encoding="utf-8")
    imported = payments_import(path=bankfile, actor=dimas, accept_valid=True)
    (tmp_path / "kosong.csv").write_bytes(b"")
    refused = payments_import(path=tmp_path / "kosong.csv", actor=dimas)
    client = login("dimas")
    statement = client.get(f"/pemberi-kerja/{teluk.pk}/rekening-koran/?dari=2025-03-01&sampai=2025-07-31"
                           "&format=xlsx")
    aging = client.get("/piutang/umur/", {"as_of": "2026-01-20", "format": "xlsx"})
    books = libreoffice(imported.report, refused.report, statement.content, aging.content)
    for book in books:
        inert(book)
    report_book, refused_book, statement_book, aging_book = books

    assert list(report_book) == ["Laporan", "Ringkasan"]
    rows = table(report_book["Laporan"], "Baris")
    assert list(rows[0])[:4] == ["Baris", "Status", "Kolom", "Pesan"]
    assert [r["Status"] for r in rows] == ["dibukukan", "galat"]
    assert SHOWN in rows[1].values() and "1978000" in rows[0].values()
    assert row_of(report_book["Ringkasan"], "Berkas")[1] == "mutasi.csv"
    assert table(refused_book["Laporan"], "Baris")[0]["Pesan"] == refused.message

    assert list(statement_book) == ["Rekening koran", "Ringkasan"]
    sheet = statement_book["Rekening koran"]
    assert sheet[0][0] == "Rekening Koran Iuran" and row_of(sheet, "Nama pemberi kerja")[2] == SHOWN
    assert sheet[XLSX_HEADER_ROW][:3] == ["Tanggal", "Jenis", "Uraian"]
    rows = table(sheet, "Tanggal")
    closing = next(r for r in rows if r["Uraian"] == "Saldo akhir")
    expected = net_balance(employer_balance(teluk, dt.date(2025, 7, 31)))
    assert number(closing["Saldo (Rp)"]) == expected > 0  # the arrears of April and the denda
    assert row_of(statement_book["Ringkasan"], "Nama pemberi kerja")[1] == SHOWN

    assert list(aging_book) == ["Umur piutang"]
    sheet = aging_book["Umur piutang"]
    assert sheet[0][0] == "Umur piutang iuran per 20 Januari 2026"
    classes = {r["Kolektibilitas"]: r for r in table(sheet, "Kolektibilitas")[:4]}
    assert set(classes) == {"Lancar", "Kurang lancar", "Diragukan", "Macet"}
    assert number(classes["Macet"]["Tunggakan iuran (Rp)"]) == 3 * total()
    assert classes["Macet"]["Pemberi kerja"] == "1"


# --- registry: the employer list and the import report ------------------------------------------------------

def test_registry_list_and_import_report_open_in_calc(login, world, libreoffice, tmp_path):
    listed = employer_in_arrears(branch="bpjs-cabang-balikpapan", months=2, name=FORMULA)
    header = ["NPP", "NAMA_PERUSAHAAN", "KELOMPOK_RISIKO", "KANTOR_CABANG", "TGL_TERDAFTAR"]
    source = csv_file(tmp_path, [header, ["6400001", FORMULA, "1", "Balikpapan", "01/01/2020"],
                                 ["64000027", "PT Yang Benar", "1", "Balikpapan", "01/01/2020"]])
    result = registry_import(path=source, kind="employers", actor=person("sari"))
    export = login("dimas").get("/pemberi-kerja/", {"format": "xlsx", "q": listed.npp})
    books = libreoffice(export.content, result.report)
    for book in books:
        inert(book)
    list_book, report_book = books

    assert list(list_book) == ["Pemberi kerja"]
    rows = table(list_book["Pemberi kerja"], "NPP")
    assert list(rows[0])[:3] == ["NPP", "Nama badan usaha", "Kantor cabang"]
    row = {r["NPP"]: r for r in rows}[listed.npp]
    billed = Bill.objects.filter(employer=listed).aggregate(s=Sum("principal"))["s"]
    assert row["Nama badan usaha"] == SHOWN and number(row["Tunggakan iuran (Rp)"]) == billed > 0
    assert row["Kantor cabang"] == listed.branch.name

    assert list(report_book) == ["Ringkasan", "Kesalahan"]
    rows = table(report_book["Kesalahan"], "Baris")
    assert list(rows[0]) == ["Baris", "Kolom", "Kode", "Keterangan", *header]
    wrong = next(r for r in rows if r["Kode"] == "npp_tidak_valid")
    assert wrong["Baris"] == "2" and wrong["NAMA_PERUSAHAAN"] == SHOWN and "8 digit" in wrong["Keterangan"]


# --- claims: the list ----------------------------------------------------------------------------------------

def test_the_claims_list_opens_in_calc(login, world, libreoffice):
    from sinergi.claims.models import Claim
    from tests.claims.factories import jkp_submit, phk_history

    claim = jkp_submit(phk_history(months=12, name=FORMULA, employer_name="PT Teluk Balikpapan Sejahtera"),
                       actor=person("nur"))
    export = login("nur").get(reverse("claims:claim_list"), {"format": "xlsx"})
    (book,) = libreoffice(export.content)
    inert(book)
    assert list(book) == ["Klaim"]
    rows = table(book["Klaim"], "Nomor klaim")
    row = {r["Nomor klaim"]: r for r in rows}[claim.number]
    assert row["Tenaga kerja"] == SHOWN and row["Program"] == "JKP"
    assert number(row["Nilai manfaat (Rp)"]) == Claim.objects.get(pk=claim.pk).amount > 0
    # A date cell (not text): Calc's CSV export writes date values in its own default (en-US) form.
    month, day, year = (int(part) for part in row["Tanggal kejadian"].split("/"))
    assert dt.date(year, month, day) == claim.event_date
