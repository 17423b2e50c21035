"""The coverage pages: Hendra's Kalimantan figures with their basis, the exports, the drill-down only for
those who may see employers, the prospecting list, and the workforce upload."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sinergi.coverage.services import coverage_facts_compute
from sinergi.jobs.models import Job
from tests.coverage.factories import MAY, coverage_world
from tests.coverage.test_report import estimate, kaltim  # noqa: F401 (fixture)
from tests.registry.factories import employer_make
from tests.world import person

pytestmark = pytest.mark.django_db
URL = reverse("coverage:coverage")


def test_hendra_sees_kaltim_with_its_definition_source_and_growth(login, kaltim, django_assert_max_num_queries):  # noqa: F811
    client = login("hendra")
    with django_assert_max_num_queries(22):
        response = client.get(URL, {"bulan": "2022-11", "provinsi": "64"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="tile-participants">935.910<' in html
    assert 'data-testid="tile-growth">14,1%<' in html
    assert "Tertagih" in html and "BPS Sakernas Agustus 2022" in html
    assert 'data-regency="64.71"' in html and 'data-sector="H"' in html
    assert 'data-testid="coverage-trend"' in html and "/cakupan/pemberi-kerja/?bulan=2022-11" in html


def test_the_xlsx_and_pdf_hold_the_same_report(login, kaltim):  # noqa: F811
    client = login("hendra")
    xlsx = client.get(URL, {"bulan": "2022-11", "provinsi": "64", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    import polars as pl

    sheet = pl.read_excel(io.BytesIO(xlsx.content), sheet_name="Kabupaten-kota", has_header=False)
    assert "935910" in " ".join(str(v) for v in sheet.to_numpy().ravel())
    pdf = client.get(URL, {"bulan": "2022-11", "provinsi": "64", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_month_without_facts_says_how_to_compute_them(login):
    html = login("hendra").get(URL, {"bulan": "2030-01"}).content.decode()
    assert 'data-testid="coverage-empty"' in html and "sinergi coverage compute --month 2030-01" in html


def test_a_malformed_month_is_an_indonesian_error(login):
    html = login("hendra").get(URL, {"bulan": "Mei 2025"}).content.decode()
    assert "Tulis bulan sebagai TTTT-BB" in html


def test_andi_of_kukar_sees_his_regency_but_no_employers(login, kaltim):  # noqa: F811
    client = login("andi")
    html = client.get(URL, {"bulan": "2022-11"}).content.decode()
    assert 'data-testid="tile-participants">235.910<' in html
    assert "/cakupan/pemberi-kerja/" not in html
    assert client.get(reverse("coverage:employers"), {"bulan": "2022-11"}).status_code == 403


def test_the_drill_down_lists_the_employers_behind_a_regency(login):
    coverage_world()
    coverage_facts_compute(month=MAY, definition="billed", actor=None, paid_by=dt.date(2025, 7, 31))
    html = login("hendra").get(reverse("coverage:employers"), {"bulan": "2025-05", "kabupaten": "64.71"}).content.decode()
    assert "PT Teluk" in html and "CV Sasando" not in html


def test_prospects_list_registered_employers_without_active_workers(login):
    coverage_world()
    employer_make(branch="bpjs-cabang-balikpapan", name="PT Belum Ada Pekerja", registered_on=dt.date(2024, 1, 1))
    html = login("hendra").get(reverse("coverage:prospects"), {"bulan": "2025-05"}).content.decode()
    assert "PT Belum Ada Pekerja" in html
    assert "PT Teluk" in html  # one of its workers has no JP
    assert "CV Sasando" not in html  # Kupang is not Hendra's


def test_sari_uploads_a_workforce_table_as_a_job(login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ntt.csv", b"Kode Wilayah;Tahun;Penduduk Bekerja\n53;2025;1.676.573\n",
                                content_type="text/csv")
    response = login("sari").post(reverse("coverage:workforce"), {
        "file": upload, "source": "BPS Sakernas Agustus", "period": "agustus", "confidence": "C2"})
    assert response.status_code == 302
    job = Job.objects.get(kind="coverage.workforce_import")
    assert job.params["source"] == "BPS Sakernas Agustus" and job.created_by == person("sari")


def test_hendra_may_read_the_estimates_but_not_upload(login):
    client = login("hendra")
    assert 'data-testid="workforce-form"' not in client.get(reverse("coverage:workforce")).content.decode()
    assert client.post(reverse("coverage:workforce"), {}).status_code == 403
