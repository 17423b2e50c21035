"""The prosecutors' workspace in the browser's terms: Rina of Kejari Kota Kupang sees the SKKs addressed to
her office and records her work; Yohanes of Kejari Ende sees only Ende's; Agustinus of Kejati NTT sees both;
Maria of BPJS Kupang hands SKKs over; Budi of KPKNL Balikpapan has no business here."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest
from django.urls import reverse

from sinergi.enforcement.models import Skk
from sinergi.jobs.models import Job
from tests.enforcement.factories import skk_make
from tests.receivables.factories import bill, employer, pay, total

pytestmark = pytest.mark.django_db


@pytest.fixture
def skks():
    kupang = employer(branch="bpjs-cabang-kupang", name="PT Sasando Jaya", npp="96100001")
    ende = employer(branch="bpjs-cabang-kupang", name="CV Kelimutu Indah", npp="96100002")
    return {
        "kupang": skk_make(employer=kupang, kejari="kejari-kota-kupang", number="SKK.0001/KUPANG/2024",
                           dated=dt.date(2024, 3, 1), principal=10_000_000, penalty=400_000),
        "ende": skk_make(employer=ende, kejari="kejari-ende", number="SKK.0002/KUPANG/2024",
                         dated=dt.date(2024, 4, 1), principal=6_000_000),
    }


@pytest.mark.parametrize(("name", "sees"), [
    ("rina", {"SKK.0001/KUPANG/2024"}), ("yohanes", {"SKK.0002/KUPANG/2024"}),
    ("agustinus", {"SKK.0001/KUPANG/2024", "SKK.0002/KUPANG/2024"}),
    ("maria", {"SKK.0001/KUPANG/2024", "SKK.0002/KUPANG/2024"}), ("yusuf", set()),
])
def test_each_person_sees_exactly_the_skks_of_their_office(login, skks, name, sees):
    page = login(name).get(reverse("enforcement:skk_list")).content.decode()
    assert {n for n in ("SKK.0001/KUPANG/2024", "SKK.0002/KUPANG/2024") if n in page} == sees


def test_budi_of_kpknl_may_not_open_the_skk_list(login, skks):
    assert login("budi").get(reverse("enforcement:skk_list")).status_code == 403


def test_yohanes_gets_not_found_for_an_skk_of_kejari_kota_kupang(login, skks):
    url = reverse("enforcement:skk_detail", kwargs={"pk": skks["kupang"].pk})
    assert login("yohanes").get(url).status_code == 404


def test_rina_sees_the_recovery_and_the_arrears_data_on_the_detail(login, skks):
    emp = skks["kupang"].employer
    pay(emp, 2_600_000, "2024-03-15")
    response = login("rina").get(reverse("enforcement:skk_detail", kwargs={"pk": skks["kupang"].pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rp 2.600.000" in page and "25,00%" in page
    assert 'data-testid="skk-event-form"' in page


def test_the_list_filters_by_status_year_kejari_and_search(login, skks):
    client = login("agustinus")
    url = reverse("enforcement:skk_list")
    kupang = skks["kupang"].kejari_id
    assert "SKK.0002" not in client.get(url, {"kejari": kupang}).content.decode()
    assert "SKK.0001" in client.get(url, {"q": "sasando"}).content.decode()
    assert "SKK.0001" not in client.get(url, {"q": "kelimutu"}).content.decode()
    assert "SKK.0001" in client.get(url, {"year": 2024, "status": "open"}).content.decode()
    assert "Tidak ada SKK yang cocok" in client.get(url, {"status": "settled"}).content.decode()


def test_the_list_reads_realised_amounts_in_a_fixed_number_of_queries(login, skks, django_assert_max_num_queries):
    client = login("agustinus")
    client.get(reverse("enforcement:skk_list"))
    for n in range(10):
        skk_make(employer=employer(branch="bpjs-cabang-kupang"), kejari="kejari-ende", number=f"SKK.X{n}")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("enforcement:skk_list")).status_code == 200


def test_the_list_exports_to_xlsx_with_the_realised_amounts(login, skks):
    pay(skks["ende"].employer, 1_000_000, "2024-05-01")
    response = login("agustinus").get(reverse("enforcement:skk_list"), {"format": "xlsx"})
    sheet = pl.read_excel(io.BytesIO(response.content))
    rows = {r["Nomor SKK"]: r for r in sheet.iter_rows(named=True)}
    assert rows["SKK.0002/KUPANG/2024"]["Realisasi (Rp)"] == 1_000_000
    assert rows["SKK.0001/KUPANG/2024"]["Nilai SKK (Rp)"] == 10_400_000


def test_rina_records_a_summons_and_a_wrong_step_gets_a_clear_message(login, skks):
    client = login("rina")
    skk = skks["kupang"]
    record = reverse("enforcement:skk_event_record", kwargs={"pk": skk.pk})
    wrong = client.post(record, {"status": "negotiation", "dated": "2024-03-05"})
    assert wrong.status_code == 400
    assert "tidak dapat dicatat setelah" in wrong.content.decode()
    ok = client.post(record, {"status": "summoned", "dated": "05/03/2024", "note": "Panggilan I"})
    assert ok.status_code == 302
    skk.refresh_from_db()
    assert skk.status == Skk.Status.SUMMONED


def test_rina_records_an_instalment_commitment(login, skks):
    client = login("rina")
    skk = skks["kupang"]
    client.post(reverse("enforcement:skk_event_record", kwargs={"pk": skk.pk}),
                {"status": "summoned", "dated": "2024-03-05"})
    response = client.post(reverse("enforcement:skk_commitment", kwargs={"pk": skk.pk}), {
        "dated": "2024-03-12", "amount": "10.400.000", "mode": "equal", "count": "4", "first_due": "2024-04-15"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(skk.instalments.values_list("amount", flat=True)) == [2_600_000] * 4
    bad = client.post(reverse("enforcement:skk_commitment", kwargs={"pk": skk.pk}), {
        "dated": "2024-03-12", "amount": "5.000.000", "mode": "custom", "lines": "15/04/2024; 1.000.000"})
    assert bad.status_code == 400 and "tidak sama dengan jumlah komitmen" in bad.content.decode()


def test_yohanes_cannot_record_on_kota_kupangs_skk_and_maria_cannot_record_at_all(login, skks):
    url = reverse("enforcement:skk_event_record", kwargs={"pk": skks["kupang"].pk})
    assert login("yohanes").post(url, {"status": "summoned", "dated": "2024-03-05"}).status_code == 404
    assert login("maria").post(url, {"status": "summoned", "dated": "2024-03-05"}).status_code == 403


def test_maria_hands_over_an_employer_in_arrears_to_the_kejari_of_its_regency(login):
    emp = employer(branch="bpjs-cabang-kupang", name="PT Timor Raya", npp="96100009")
    emp.region_id = "53.08"
    emp.save(update_fields=["region"])
    bill(emp, "2024-01")
    client = login("maria")
    preview = client.get(reverse("enforcement:skk_create"), {"npp": emp.npp}).content.decode()
    assert "Kejaksaan Negeri Ende" in preview
    response = client.post(reverse("enforcement:skk_create"), {
        "npp": emp.npp, "dated": "2024-03-20", "documents": ["Surat Peringatan 1 dan 2"]})
    assert response.status_code == 302
    skk = Skk.objects.get(employer=emp)
    assert skk.kejari.code == "kejari-ende" and skk.principal == total()
    assert skk.documents == ["Surat Peringatan 1 dan 2"]


def test_an_employer_without_arrears_is_refused_with_the_reason(login):
    emp = employer(branch="bpjs-cabang-kupang", npp="96100010")
    response = login("maria").post(reverse("enforcement:skk_create"), {"npp": emp.npp, "dated": "2024-03-20",
                                                                       "kejari": ""})
    assert response.status_code == 400
    assert "tidak memiliki tunggakan" in response.content.decode()


def test_maria_uploads_a_legacy_register_as_a_job(login, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    content = (b"NPP;Kejari;Nomor SKK;Tanggal SKK;Nilai potensi;Status\n"
               b"96100001;Kejari Kota Kupang;B-1/2024;01/02/2024;5.000.000;Proses\n")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login("maria").post(reverse("enforcement:skk_import"), {
        "file": SimpleUploadedFile("register.csv", content, content_type="text/csv"), "branch": ""})
    assert response.status_code == 302
    job = Job.objects.get(kind="enforcement.legacy_import")
    assert job.params["path"].endswith("register.csv")
    assert login("rina").get(reverse("enforcement:skk_import")).status_code == 403


def test_the_detail_reads_a_fixed_number_of_queries_whatever_the_payments_and_steps(login, skks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("rina")
    skk = skks["kupang"]
    url = reverse("enforcement:skk_detail", kwargs={"pk": skk.pk})
    bill(skk.employer, "2024-01")
    pay(skk.employer, 100_000, "2024-03-02")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(3, 13):
        pay(skk.employer, 100_000, f"2024-03-{day:02d}")
    client.post(reverse("enforcement:skk_event_record", kwargs={"pk": skk.pk}),
                {"status": "summoned", "dated": "2024-03-05"})
    client.get(url)  # shows (and consumes) the success message
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 30


def test_the_overdue_filter_shows_commitments_with_a_late_instalment(login, skks):
    from sinergi.enforcement.models import Instalment

    late = skks["kupang"]
    late.status = Skk.Status.COMMITMENT
    late.save(update_fields=["status"])
    Instalment.objects.create(skk=late, sequence=1, due_on=dt.date(2024, 4, 30), amount=5_000_000)
    page = login("agustinus").get(reverse("enforcement:skk_list"), {"overdue": "on"}).content.decode()
    assert late.number in page and skks["ende"].number not in page
    assert 'data-testid="skk-late"' in page
