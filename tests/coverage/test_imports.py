"""Importing workforce estimates as BPS publishes them: per-row errors in Indonesian, all or nothing,
re-import replaces the same source and period."""

from __future__ import annotations

import io

import polars as pl
import pytest

from sinergi.audit.models import AuditEvent
from sinergi.coverage.imports import workforce_import
from sinergi.coverage.models import WorkforceEstimate
from tests.world import person

pytestmark = pytest.mark.django_db

SAKERNAS = "BPS Sakernas Agustus"


def _csv(tmp_path, text: str, name: str = "sakernas.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bps_table_by_code_and_by_name_is_imported(tmp_path):
    path = _csv(tmp_path, "Kode Wilayah;Kabupaten/Kota;Tahun;Penduduk Bekerja\n"
                          "53;Nusa Tenggara Timur;2025;1.676.573\n"
                          ";Kota Kupang;2025;215.400\n"
                          ";Kab. Kupang;2025;198000\n"
                          ";Sumba Timur;2025;140.000\n")
    result = workforce_import(path=path, source=SAKERNAS, actor=person("sari"), publication="Keadaan Angkatan Kerja")
    assert result.status == "applied", result.errors
    values = dict(WorkforceEstimate.objects.filter(source=SAKERNAS).values_list("region_id", "value"))
    assert values == {"53": 1_676_573, "53.71": 215_400, "53.01": 198_000, "53.11": 140_000}
    assert AuditEvent.objects.filter(action="coverage.workforce_import").count() == 1


def test_an_xlsx_with_sectors_and_an_exclusion_group_is_imported(tmp_path):
    path = tmp_path / "kaltim.xlsx"
    pl.DataFrame({"Kode Wilayah": ["64", "64", "64"], "Tahun": ["2022", "2022", "2022"],
                  "Lapangan Usaha": ["", "H", ""], "Kategori": ["Penduduk bekerja", "", "ASN/TNI/Polri"],
                  "Jumlah": ["1820000", "95000", "61000"]}).write_excel(path)
    result = workforce_import(path=path, source="BPS Kaltim", actor=None)
    assert result.status == "applied", result.errors
    rows = {(e.sector, e.category): e.value for e in WorkforceEstimate.objects.filter(source="BPS Kaltim")}
    assert rows == {("", "workforce"): 1_820_000, ("H", "workforce"): 95_000, ("", "asn_tni_polri"): 61_000}


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(tmp_path):
    path = _csv(tmp_path, "Kode Wilayah;Tahun;Penduduk Bekerja\n"
                          "53;2025;1.676.573\n"
                          "99.99;2025;100\n"
                          "53.71;25;100\n"
                          "53.01;2025;1,5 juta\n"
                          "53;2025;12\n")
    result = workforce_import(path=path, source=SAKERNAS, actor=None)
    assert result.status == "rejected" and not WorkforceEstimate.objects.exists()
    by_row = {row: (column, code, message) for row, column, code, message in result.errors}
    assert by_row[3][:2] == ("Kode Wilayah", "kode_wilayah_tidak_dikenal")
    assert by_row[4][1] == "tahun_tidak_valid" and by_row[4][2].startswith("Baris 4, kolom Tahun:")
    assert by_row[5][:2] == ("Penduduk Bekerja", "jumlah_tidak_valid")
    assert by_row[6][1] == "baris_ganda" and "baris 2" in by_row[6][2]
    assert "Impor dibatalkan" in result.message
    sheet = pl.read_excel(io.BytesIO(result.report), sheet_name="Kesalahan")
    assert sheet.height == 4


def test_an_ambiguous_name_asks_for_the_code(tmp_path):
    path = _csv(tmp_path, "Kabupaten/Kota,Tahun,Penduduk Bekerja\nKota Kupang,2025,1\nKupangan,2025,2\n")
    result = workforce_import(path=path, source=SAKERNAS, actor=None)
    assert [e[2] for e in result.errors] == ["nama_wilayah_tidak_dikenal"]


def test_re_importing_the_same_source_and_year_replaces_it(tmp_path):
    first = _csv(tmp_path, "Kode Wilayah;Tahun;Penduduk Bekerja\n53;2025;1.600.000\n53.71;2025;200.000\n", "a.csv")
    second = _csv(tmp_path, "Kode Wilayah;Tahun;Penduduk Bekerja\n53;2025;1.676.573\n", "b.csv")
    workforce_import(path=first, source=SAKERNAS, actor=None)
    workforce_import(path=first, source=SAKERNAS, actor=None)
    assert WorkforceEstimate.objects.count() == 2
    result = workforce_import(path=second, source=SAKERNAS, actor=None)
    assert result.replaced == 2 and result.inserted == 1
    assert list(WorkforceEstimate.objects.values_list("region_id", "value")) == [("53", 1_676_573)]
    workforce_import(path=first, source="Sumber lain", actor=None)
    assert WorkforceEstimate.objects.count() == 3  # several sources coexist


def test_missing_columns_and_people_without_the_capability_are_refused(tmp_path):
    path = _csv(tmp_path, "Wilayah;Jumlah\n53;1\n")
    result = workforce_import(path=path, source=SAKERNAS, actor=None)
    assert result.status == "refused" and "Tahun" in result.message
    ok = _csv(tmp_path, "Kode Wilayah;Tahun;Penduduk Bekerja\n53;2025;1\n", "ok.csv")
    result = workforce_import(path=ok, source=SAKERNAS, actor=person("hendra"))
    assert result.status == "refused" and "tidak berwenang" in result.message
