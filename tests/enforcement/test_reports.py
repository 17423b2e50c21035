"""The monev report for the prosecutors and the PUPN report per Kanwil DJKN."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import polars as pl
import pytest
from pypdf import PdfReader

from sinergi.clock import today
from sinergi.enforcement.reports.selectors import Period, monev_report, pupn_report
from tests.enforcement.factories import skk_make
from tests.enforcement.test_pupn import _handed_over, _letters_in_tmp, macet  # noqa: F401 (autouse fixture)
from tests.world import person, unit

YEAR_2024 = Period.year(2024)


def _ntt_register():
    """Kupang's 2024 register in small: three SKK at Kejari Kota Kupang, one at Kejari Ende, one in 2023."""
    skk_make(kejari="kejari-kota-kupang", dated=dt.date(2024, 2, 1), principal=10_000_000, status="settled",
             legacy=True, legacy_realised=10_000_000, settled_on=dt.date(2024, 5, 1))
    skk_make(kejari="kejari-kota-kupang", dated=dt.date(2024, 3, 1), principal=6_000_000, penalty=1_000_000,
             status="negotiation", legacy=True, legacy_realised=2_000_000)
    skk_make(kejari="kejari-kota-kupang", dated=dt.date(2024, 4, 1), principal=3_000_000, status="failed",
             obstacle="closed")
    skk_make(kejari="kejari-ende", dated=dt.date(2024, 6, 1), principal=4_000_000, status="returned",
             obstacle="not_found")
    skk_make(kejari="kejari-ende", dated=dt.date(2023, 12, 1), principal=9_000_000, status="settled", legacy=True,
             legacy_realised=9_000_000)


def _rows(report):
    return {r.kejari_code: r for r in report.rows}


def test_agustinus_of_kejati_ntt_gets_every_kejari_of_his_province_with_totals(world):
    _ntt_register()
    report = monev_report(user=person("agustinus"), province="53", period=YEAR_2024)
    rows = _rows(report)
    assert len(rows) == 15 and "kejari-sikka" in rows and rows["kejari-sikka"].skk == 0
    kupang = rows["kejari-kota-kupang"]
    assert (kupang.skk, kupang.potential, kupang.realised) == (3, Decimal(20_000_000), Decimal(12_000_000))
    assert (kupang.settled, kupang.in_progress, kupang.failed) == (1, 1, 1)
    assert kupang.realisation_pct == Decimal("60.00")
    assert rows["kejari-ende"].failed == 1 and dict(rows["kejari-ende"].obstacles) == {"not_found": 1}
    total = report.total
    assert (total.skk, total.potential, total.realised) == (4, Decimal(24_000_000), Decimal(12_000_000))
    assert total.realisation_pct == Decimal("50.00") and total.settled == 1 and total.failed == 2


def test_rina_of_kejari_kota_kupang_gets_her_own_row_only(world):
    _ntt_register()
    report = monev_report(user=person("rina"), province="53", period=YEAR_2024)
    assert [r.kejari_code for r in report.rows] == ["kejari-kota-kupang"]
    assert report.total.skk == 3


def test_a_date_range_narrows_the_period(world):
    _ntt_register()
    report = monev_report(user=None, province="53", period=Period(dt.date(2023, 12, 1), dt.date(2024, 2, 29)))
    assert report.total.skk == 2 and report.total.realised == Decimal(19_000_000)


def test_hendra_of_kanwil_kalimantan_sees_no_ntt_skk(world):
    _ntt_register()
    report = monev_report(user=person("hendra"), province="53", period=YEAR_2024)
    assert len(report.rows) == 15 and report.total.skk == 0 and report.total.realisation_pct is None


def test_the_monev_page_and_its_downloads_are_in_indonesian(login):
    _ntt_register()
    client = login("agustinus")
    page = client.get("/penegakan/laporan/monev/?provinsi=53&tahun=2024").content.decode()
    assert "Kejaksaan Negeri Kota Kupang" in page and "Kejaksaan Negeri Sikka" in page and "60,00%" in page
    pdf = client.get("/penegakan/laporan/monev/?provinsi=53&tahun=2024&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Laporan Monitoring dan Evaluasi SKK" in text and "Kejaksaan Negeri Ende" in text
    xlsx = client.get("/penegakan/laporan/monev/?provinsi=53&tahun=2024&format=xlsx")
    sheet = pl.read_excel(io.BytesIO(xlsx.content), engine="calamine", has_header=False, infer_schema_length=0)
    values = {str(v) for row in sheet.rows() for v in row if v is not None}
    assert "Kejaksaan Negeri Kota Kupang" in values and "Jumlah" in values
    assert {"20000000", "20000000.0"} & values


def test_a_malformed_period_falls_back_with_a_message(login):
    page = login("agustinus").get("/penegakan/laporan/monev/?provinsi=53&dari=2024-05-01").content.decode()
    assert "Isi kedua tanggal rentang" in page


# --- PUPN ------------------------------------------------------------------------------------------------

@pytest.fixture
def kaltimtara_handovers(world):
    balikpapan = _handed_over([macet(name="PT Satu"), macet(name="PT Dua")])
    tarakan = _handed_over([macet(branch="bpjs-cabang-tarakan", region="65.71")], kpknl="kpknl-tarakan",
                           actor="admin")
    from sinergi.enforcement.pupn.services import pupn_stage_record

    first = balikpapan.cases.order_by("pk").first()
    pupn_stage_record(pupn_case=first, stage="sp3n", dated=today(), reference="SP3N-1", amount=1_000_000,
                      actor=person("budi"))
    return balikpapan, tarakan


def test_the_pupn_report_has_one_row_per_kpknl_with_stages_and_recoveries(kaltimtara_handovers):
    balikpapan, tarakan = kaltimtara_handovers
    report = pupn_report(user=None, kanwil=unit("djkn-kanwil-kaltimtara"), period=Period.year(today().year))
    rows = {r.kpknl_code: r for r in report.rows}
    assert set(rows) == {"kpknl-balikpapan", "kpknl-samarinda", "kpknl-bontang", "kpknl-tarakan"}
    assert (rows["kpknl-balikpapan"].handovers, rows["kpknl-balikpapan"].employers) == (1, 2)
    assert rows["kpknl-balikpapan"].stages == {"sp3n": 1, "submitted": 1}
    assert rows["kpknl-balikpapan"].recovered == Decimal(1_000_000)
    assert rows["kpknl-samarinda"].employers == 0
    assert report.total.employers == 3
    assert report.total.amount == sum(c.amount for h in (balikpapan, tarakan) for c in h.cases.all())


def test_budi_reports_on_kpknl_balikpapan_only(kaltimtara_handovers, login):
    report = pupn_report(user=person("budi"), kanwil=unit("djkn-kanwil-kaltimtara"), period=Period.year(today().year))
    assert [r.kpknl_code for r in report.rows] == ["kpknl-balikpapan"]
    page = login("budi").get("/penegakan/laporan/pupn/").content.decode()
    assert "KPKNL Balikpapan" in page and "KPKNL Tarakan" not in page
    pdf = login("budi").get("/penegakan/laporan/pupn/?format=pdf")
    assert "KPKNL Balikpapan" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
