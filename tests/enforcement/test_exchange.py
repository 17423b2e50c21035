"""The arrears data exchange for the prosecutors: scoping by jurisdiction, XLSX and the machine CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl

from sinergi.enforcement.reports.exports import EXCHANGE_COLUMNS
from sinergi.enforcement.reports.selectors import exchange_build
from tests.enforcement.factories import employer_in_arrears
from tests.receivables.factories import pay
from tests.world import person, unit


def _kupang_and_ende_and_balikpapan():
    kupang = employer_in_arrears(branch="bpjs-cabang-kupang", months=3, region_id="53.71", name="PT Kota Karang",
                                 address="Jl. El Tari 1")
    ende = employer_in_arrears(branch="bpjs-cabang-kupang", months=2, region_id="53.08", name="CV Ende Jaya",
                               address="Jl. Kelimutu 2")
    balikpapan = employer_in_arrears(branch="bpjs-cabang-balikpapan", months=4, region_id="64.71",
                                     name="PT Teluk Menunggak", address="Jl. Sudirman 3")
    return kupang, ende, balikpapan


def test_rina_receives_the_employers_of_kota_kupang_only(world):
    kupang, ende, balikpapan = _kupang_and_ende_and_balikpapan()
    rows = exchange_build(user=person("rina")).rows
    assert [r.npp for r in rows] == [kupang.npp]
    assert rows[0].kejari_code == "kejari-kota-kupang" and rows[0].months >= 3 and rows[0].principal > 0


def test_agustinus_receives_every_ntt_employer_under_its_kejari(world):
    kupang, ende, balikpapan = _kupang_and_ende_and_balikpapan()
    rows = {r.npp: r for r in exchange_build(user=person("agustinus")).rows}
    assert set(rows) == {kupang.npp, ende.npp}
    assert rows[ende.npp].kejari_code == "kejari-ende"


def test_bpjs_users_receive_the_employers_of_their_scope_through_scoped(world):
    kupang, ende, balikpapan = _kupang_and_ende_and_balikpapan()
    assert {r.npp for r in exchange_build(user=person("maria")).rows} == {kupang.npp, ende.npp}
    hendra = {r.npp: r for r in exchange_build(user=person("hendra")).rows}
    assert set(hendra) == {balikpapan.npp} and hendra[balikpapan.npp].kejari_code == "kejari-balikpapan"
    assert exchange_build(user=person("budi")).rows == []


def test_the_csv_has_the_documented_columns_iso_dates_and_plain_integers(login):
    kupang, *_ = _kupang_and_ende_and_balikpapan()
    pay(kupang, 500_000, dt.date(2024, 6, 3))
    response = login("rina").get("/penegakan/laporan/pertukaran-data/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [name for name, _meaning in EXCHANGE_COLUMNS]
    row = rows[0]
    assert row["npp"] == kupang.npp and row["kejari"] == "kejari-kota-kupang" and row["regency"] == "53.71"
    assert row["principal_arrears"].isdigit() and row["penalties"].isdigit()
    assert row["last_payment_date"] == "2024-06-03"


def test_the_xlsx_and_the_page_show_the_same_rows(login):
    kupang, ende, _ = _kupang_and_ende_and_balikpapan()
    client = login("agustinus")
    page = client.get("/penegakan/laporan/pertukaran-data/").content.decode()
    assert "PT Kota Karang" in page and "CV Ende Jaya" in page and "PT Teluk Menunggak" not in page
    filtered = client.get("/penegakan/laporan/pertukaran-data/?kejari=kejari-ende").content.decode()
    assert "CV Ende Jaya" in filtered and "PT Kota Karang" not in filtered
    xlsx = client.get("/penegakan/laporan/pertukaran-data/?format=xlsx")
    sheet = pl.read_excel(io.BytesIO(xlsx.content), engine="calamine", has_header=False, infer_schema_length=0)
    values = {str(v) for row in sheet.rows() for v in row if v is not None}
    assert {kupang.npp, ende.npp} <= values and "PT Teluk Menunggak" not in values


def test_a_kejari_filter_outside_the_scope_is_ignored(login):
    _kupang_and_ende_and_balikpapan()
    page = login("rina").get("/penegakan/laporan/pertukaran-data/?kejari=kejari-ende").content.decode()
    assert "CV Ende Jaya" not in page and unit("kejari-ende").name not in page


def test_a_large_download_runs_as_a_job_with_the_users_scope(login, monkeypatch):
    from sinergi.enforcement.reports import views as report_views
    from sinergi.jobs.models import Job
    from sinergi.jobs.services import job_run_foreground

    kupang, ende, _ = _kupang_and_ende_and_balikpapan()
    monkeypatch.setattr(report_views, "EXCHANGE_DIRECT_MAX", 1)
    response = login("agustinus").get("/penegakan/laporan/pertukaran-data/?format=csv")
    job = Job.objects.get(kind="enforcement.exchange_export")
    assert response.status_code == 302 and response["Location"] == f"/pekerjaan/{job.pk}/"
    assert job.created_by == person("agustinus")
    done = job_run_foreground(kind="enforcement.exchange_export", params=job.params)
    assert done.counts["employers"] == 2
    assert sorted(f["name"].rsplit(".", 1)[1] for f in done.files) == ["csv", "xlsx"]
