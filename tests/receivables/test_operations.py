"""The operator screens of the ledger: Dimas, receivables officer of Balikpapan, bills a month, records,
allocates and reverses payments, and uploads a bank file; nobody reaches another branch's records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.audit.models import AuditEvent
from sinergi.clock import today
from sinergi.jobs.models import Job
from sinergi.jobs.services import worker_loop
from sinergi.orgs.roles import R
from sinergi.orgs.services import user_create
from sinergi.receivables.models import Allocation, Bill, BillingRun, Payment
from sinergi.receivables.payments import payment_allocate
from sinergi.rules import Period
from tests.receivables.factories import MONTH, bill, employer, pay, total
from tests.registry.factories import employer_make, employment_make, worker_make


@pytest.fixture
def uploads(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "uploads"


def _balikpapan_with_a_worker(name="PT Kariangau Logistik"):
    emp = employer_make(branch="bpjs-cabang-balikpapan", name=name)
    employment_make(worker=worker_make(), employer=emp, wage=5_000_000)
    return emp


# --- billing ---------------------------------------------------------------------------------------------

def test_dimas_starts_the_april_2025_billing_of_balikpapan_and_the_worker_bills_it(login, world):
    emp = _balikpapan_with_a_worker()
    kupang = employer_make(branch="bpjs-cabang-kupang")
    employment_make(worker=worker_make(), employer=kupang)
    client = login("dimas")

    response = client.post("/piutang/penagihan/", {"period": "2025-04", "branch": "bpjs-cabang-balikpapan"})

    job = Job.objects.get(kind="receivables.billing_run")
    assert response.status_code == 302 and response["Location"] == f"/pekerjaan/{job.pk}/"
    assert job.params == {"period": "2025-04", "branch": "bpjs-cabang-balikpapan"}
    assert job.created_by == world.person("dimas")
    assert worker_loop(once=True, poll_seconds=0, periodic=False) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert Bill.objects.filter(employer=emp, period=dt.date(2025, 4, 1)).exists()
    assert not Bill.objects.filter(employer=kupang).exists()
    run = BillingRun.objects.get(period=dt.date(2025, 4, 1), branch=world.unit("bpjs-cabang-balikpapan"))
    page = client.get("/piutang/penagihan/").content.decode()
    assert f'data-run="{run.pk}"' in page and "2025-04" in page


def test_dimas_cannot_bill_kupang_which_is_not_among_his_choices(login, world):
    client = login("dimas")
    page = client.get("/piutang/penagihan/").content.decode()
    assert world.unit("bpjs-cabang-balikpapan").name in page
    assert world.unit("bpjs-cabang-kupang").name not in page
    assert world.unit("bpjs-kanwil-kalimantan").name not in page

    response = client.post("/piutang/penagihan/", {"period": "2025-04", "branch": "bpjs-cabang-kupang"})

    assert response.status_code == 400
    assert "Kantor ini di luar wilayah kerja Anda" in response.content.decode()
    assert not Job.objects.filter(kind="receivables.billing_run").exists()


def test_a_month_that_has_not_begun_or_a_malformed_period_is_refused_in_indonesian(login, world):
    client = login("dimas")
    next_month = Period.of(today()).shift(1)
    page = client.post("/piutang/penagihan/", {"period": str(next_month), "branch": "bpjs-cabang-balikpapan"})
    assert page.status_code == 400 and f"Periode {next_month} belum dimulai" in page.content.decode()
    page = client.post("/piutang/penagihan/", {"period": "April 2025", "branch": "bpjs-cabang-balikpapan"})
    assert "Format periode tidak dikenal" in page.content.decode()
    assert not Job.objects.exists()


def test_the_administrator_may_bill_a_whole_kanwil(login, world):
    page = login("admin").get("/piutang/penagihan/").content.decode()
    assert world.unit("bpjs-kanwil-kalimantan").name in page and world.unit("bpjs-cabang-kupang").name in page


def test_the_billing_page_does_not_query_per_run(login, world, django_assert_max_num_queries):
    branch = world.unit("bpjs-cabang-balikpapan")
    BillingRun.objects.bulk_create([
        BillingRun(period=dt.date(2023, m, 1), branch=branch, org_unit=branch, status=BillingRun.Status.SUCCEEDED,
                   created_by=world.person("dimas"), counts={"employers": 3, "amount": "1000"})
        for m in range(1, 13)
    ])
    client = login("dimas")
    with django_assert_max_num_queries(9):  # session, user, roles, unit, scope; two unit lists; count; page
        assert client.get("/piutang/penagihan/").status_code == 200


# --- manual payments -------------------------------------------------------------------------------------

def test_dimas_records_a_manual_payment_and_it_pays_the_oldest_month(login, world):
    emp = employer(name="PT Teluk Balikpapan Sejahtera")
    january, february = bill(emp, "2025-01"), bill(emp, "2025-02")
    client = login("dimas")

    response = client.post("/piutang/pembayaran/", {
        "form": "manual", "npp": emp.npp, "amount": "1.978.000", "paid_on": "10/02/2025",
        "reference": "SETOR-0001", "payment_code": f"{emp.npp}2501",
    }, follow=True)

    payment = Payment.objects.get(reference="SETOR-0001")
    assert (payment.channel, payment.amount, payment.payment_code) == ("manual", Decimal(1_978_000), f"{emp.npp}2501")
    assert payment.created_by == world.person("dimas")
    allocated = {(a.bill_id, a.programme): a.amount for a in Allocation.objects.filter(payment=payment)}
    assert allocated == {(january.pk, p): Decimal(v) for p, v in MONTH.items()}
    assert sum(allocated.values()) == total() and february.pk not in {b for b, _ in allocated}
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/piutang/pembayaran/{payment.pk}/"
    assert "dialokasikan: iuran Rp 1.978.000, denda Rp 0, sisa sebagai kredit Rp 0" in page
    assert 'data-period="2025-01" data-component="principal"' in page


@pytest.mark.parametrize(("amount", "message"), [
    ("12,5 juta", "Tulis jumlah rupiah dengan angka, misalnya 12.000.000."),
    ("12.500.000,50", "Jumlah harus rupiah bulat (tanpa sen)"),
    ("0", "Jumlah harus lebih dari nol."),
])
def test_a_malformed_amount_is_explained_in_indonesian_on_its_field(login, world, amount, message):
    emp = employer()
    response = login("dimas").post("/piutang/pembayaran/", {
        "form": "manual", "npp": emp.npp, "amount": amount, "paid_on": "2025-02-10", "reference": "SETOR-0002",
    })
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["manual"].errors["amount"]
    assert not Payment.objects.exists()


def test_a_kupang_npp_a_future_date_and_a_foreign_payment_code_are_refused(login, world):
    balikpapan, kupang = employer(), employer(branch="bpjs-cabang-kupang")
    client = login("dimas")
    tomorrow = today() + dt.timedelta(days=1)
    errors = client.post("/piutang/pembayaran/", {
        "form": "manual", "npp": kupang.npp, "amount": "1.000.000", "paid_on": tomorrow.isoformat(),
        "reference": "SETOR-0003",
    }).context["manual"].errors
    assert errors["npp"] == [f"Pemberi kerja dengan NPP {kupang.npp} tidak ada di wilayah kerja Anda."]
    assert errors["paid_on"] == ["Tanggal bayar tidak boleh di masa depan."]
    errors = client.post("/piutang/pembayaran/", {
        "form": "manual", "npp": balikpapan.npp, "amount": "1.000.000", "paid_on": "2025-02-10",
        "reference": "SETOR-0003", "payment_code": f"{kupang.npp}2501",
    }).context["manual"].errors
    assert "bukan kode bayar NPP" in errors["payment_code"][0]
    assert not Payment.objects.exists()


def test_a_reference_used_by_another_branch_is_refused_without_showing_that_payment(login, world):
    kupang = employer(branch="bpjs-cabang-kupang", name="PT Flobamora")
    pay(kupang, 7_654_321, "2025-02-01", reference="SETOR-KUPANG", channel=Payment.Channel.MANUAL)
    response = login("dimas").post("/piutang/pembayaran/", {
        "form": "manual", "npp": employer().npp, "amount": "1.000.000", "paid_on": "2025-02-10",
        "reference": "SETOR-KUPANG",
    })
    page = response.content.decode()
    assert response.status_code == 400 and "Referensi ini sudah dipakai untuk pembayaran lain." in page
    assert "7.654.321" not in page and "Flobamora" not in page


def test_the_same_manual_payment_sent_twice_is_recorded_once(login, world):
    emp = employer()
    bill(emp, "2025-01")
    client = login("dimas")
    form = {"form": "manual", "npp": emp.npp, "amount": "500.000", "paid_on": "2025-02-10", "reference": "SETOR-2X"}
    client.post("/piutang/pembayaran/", form)
    response = client.post("/piutang/pembayaran/", form, follow=True)
    assert Payment.objects.filter(reference="SETOR-2X").count() == 1
    assert "sudah teralokasi penuh" in response.content.decode()


# --- reversal --------------------------------------------------------------------------------------------

def test_dimas_reverses_a_wrong_payment_with_a_reason_and_the_audit_trail_keeps_it(login, world):
    emp = employer()
    bill(emp, "2025-01")
    client = login("dimas")
    client.post("/piutang/pembayaran/", {"form": "manual", "npp": emp.npp, "amount": "1.978.000",
                                         "paid_on": "2025-02-10", "reference": "SETOR-SALAH"})
    payment = Payment.objects.get(reference="SETOR-SALAH")

    refused = client.post(f"/piutang/pembayaran/{payment.pk}/batalkan/", {"reason": "  "})
    assert refused.status_code == 400 and "Alasan pembatalan wajib diisi." in refused.content.decode()
    response = client.post(f"/piutang/pembayaran/{payment.pk}/batalkan/",
                           {"reason": "Salah NPP: setoran milik PT lain"}, follow=True)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.REVERSED
    assert not Allocation.objects.filter(payment=payment, reversed=False).exists()
    event = AuditEvent.objects.get(action="receivables.payment_reverse", object_id=str(payment.pk))
    assert event.reason == "Salah NPP: setoran milik PT lain" and event.actor == world.person("dimas")
    page = response.content.decode()
    assert 'data-status="reversed"' in page and "Salah NPP: setoran milik PT lain" in page
    assert 'data-testid="reverse-form"' not in page


def test_maria_of_kupang_cannot_open_a_balikpapan_payment(login, world):
    payment = pay(employer(), 1_000_000, "2025-02-10")
    # Maria inspects compliance: the payments screens are not hers at all.
    assert login("maria").get(f"/piutang/pembayaran/{payment.pk}/").status_code == 403
    # A receivables officer of Kupang has the screens but not Balikpapan's records: not found, not forbidden.
    kupang_officer = user_create(username="yosef", org_unit=world.unit("bpjs-cabang-kupang"),
                                 roles=[R.BPJS_RECEIVABLES], actor=None, validate=False)
    client = login(kupang_officer.username)
    assert client.get(f"/piutang/pembayaran/{payment.pk}/").status_code == 404
    assert client.post(f"/piutang/pembayaran/{payment.pk}/batalkan/", {"reason": "coba"}).status_code == 404
    assert payment.reference not in client.get("/piutang/pembayaran/").content.decode()


# --- the list --------------------------------------------------------------------------------------------

def test_dimas_filters_payments_by_npp_dates_and_status(login, world):
    teluk, mahakam = employer(name="PT Teluk"), employer(name="PT Mahakam")
    pay(teluk, 1_000_000, "2025-01-10", reference="REF-TELUK-JAN")
    pay(teluk, 1_000_000, "2025-03-10", reference="REF-TELUK-MAR")
    pay(mahakam, 2_000_000, "2025-03-11", reference="REF-MAHAKAM")
    client = login("dimas")

    def shown(query: str) -> set[str]:
        page = client.get(f"/piutang/pembayaran/?{query}").content.decode()
        return {ref for ref in ("REF-TELUK-JAN", "REF-TELUK-MAR", "REF-MAHAKAM") if f'data-reference="{ref}"' in page}

    assert shown("") == {"REF-TELUK-JAN", "REF-TELUK-MAR", "REF-MAHAKAM"}
    assert shown(f"q={teluk.npp}") == {"REF-TELUK-JAN", "REF-TELUK-MAR"}
    assert shown("q=mahakam") == {"REF-MAHAKAM"}
    assert shown("date_from=2025-03-01&date_to=2025-03-31") == {"REF-TELUK-MAR", "REF-MAHAKAM"}
    assert shown("status=reversed") == set()
    page = client.get("/piutang/pembayaran/?date_from=2025-03-31&date_to=2025-03-01").content.decode()
    assert "Tanggal akhir sebelum tanggal awal." in page


def test_the_payment_list_and_detail_do_not_query_per_row(login, world, django_assert_max_num_queries):
    emp = employer()
    for month in range(1, 7):
        bill(emp, f"2024-{month:02d}")
    payments = [pay(emp, 400_000, f"2024-{month:02d}-20") for month in range(2, 12)]
    for payment in payments:
        payment_allocate(payment=payment, actor=None)
    client = login("dimas")
    with django_assert_max_num_queries(7):  # session, user, roles, unit, scope; count; page
        assert client.get("/piutang/pembayaran/").status_code == 200
    with django_assert_max_num_queries(7):  # the same five; the payment; its allocations with their bills
        assert client.get(f"/piutang/pembayaran/{payments[-1].pk}/").status_code == 200


# --- bank file -------------------------------------------------------------------------------------------

def test_dimas_uploads_a_bank_file_and_the_worker_posts_it(login, world, uploads):
    emp = employer()
    bill(emp, "2025-01")
    content = f"NPP;JUMLAH;TANGGAL;REFERENSI\n{emp.npp};1.978.000;10/02/2025;BNI-UNGGAH-1\n".encode()
    response = login("dimas").post("/piutang/pembayaran/", {
        "form": "bankfile", "file": SimpleUploadedFile("mutasi bni (feb).csv", content, "text/csv"),
    })
    job = Job.objects.get(kind="receivables.payments_import")
    assert response.status_code == 302 and response["Location"] == f"/pekerjaan/{job.pk}/"
    path = job.params["path"]
    assert path.startswith(str(uploads)) and path.endswith("/mutasi_bni_feb.csv")
    assert job.params["accept_valid"] is False
    worker_loop(once=True, poll_seconds=0, periodic=False)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.counts["posted"] == 1, (job.error, job.counts)
    assert Payment.objects.get(reference="BNI-UNGGAH-1").allocations.count() == len(MONTH)


def test_a_bank_file_that_is_not_csv_or_xlsx_is_refused(login, world, uploads):
    response = login("dimas").post("/piutang/pembayaran/", {
        "form": "bankfile", "file": SimpleUploadedFile("mutasi.pdf", b"%PDF-1.4", "application/pdf"),
    })
    assert response.status_code == 400
    assert "hanya berkas CSV (.csv) atau Excel (.xlsx) yang diterima" in response.content.decode()
    assert not Job.objects.exists() and not uploads.exists()
