"""Monthly payment batches: budget split and blocking, the state machine and who may move it, and the
reconciliation that posts the SP2D to the wadah employer's ledger."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sinergi import clock
from sinergi.audit.models import AuditEvent
from sinergi.clock import today
from sinergi.orgs.roles import R
from sinergi.orgs.services import user_create
from sinergi.receivables.billing import billing_run
from sinergi.receivables.ledger import employer_balance, payment_list
from sinergi.receivables.models import BillLine, Payment
from sinergi.registry.models import BpuParticipant, Worker
from sinergi.rentan.models import Candidate, ContributionCode, PaymentBatch
from sinergi.rentan.payments.codes import code_is_valid
from sinergi.rentan.payments.services import (
    BatchError,
    batch_prepare,
    batch_reconcile,
    batch_record_sp2d,
    batch_submit,
    programme_wadah_ensure,
)
from sinergi.rentan.programmes.services import BudgetLineSpec
from tests.rentan.conftest import kukar_programme
from tests.rentan.factories import candidate_make
from tests.world import person, unit

MARCH = date(2026, 3, 1)
JKK, JKM = Decimal(10_000), Decimal(6_800)  # per person per month at Rp 1.000.000 declared income


def enrolled_make(programme, count: int, *, start: date = date(2026, 1, 1), end: date | None = None,
                  occupation: str = "petani", **fields) -> list[Candidate]:
    """Candidates verified, approved and enrolled as BPU participants funded by the programme (as the
    approval workflow leaves them)."""
    made = []
    for _ in range(count):
        candidate = candidate_make(programme, occupation=occupation, verification=Candidate.Verification.VERIFIED,
                                   **fields)
        worker = Worker.objects.create(nik=candidate.nik, name=candidate.name, birth_date=candidate.birth_date)
        candidate.participant = BpuParticipant.objects.create(
            worker=worker, branch=programme.branch, occupation=candidate.occupation,
            declared_income=programme.declared_income, funding=BpuParticipant.Funding.APBD, funder=programme.pemda,
            programme_code=programme.code, start_date=start, end_date=end)
        candidate.approved_at = clock.now()
        candidate.save(update_fields=["participant", "approved_at"])
        made.append(candidate)
    return made


def programme_2026(**overrides):
    values = dict(code="KUKAR-2026", period_start=date(2026, 1, 1), period_end=date(2026, 12, 1))
    values.update(overrides)
    return kukar_programme(**values)


@pytest.fixture
def programme(world):
    programme = programme_2026()
    programme_wadah_ensure(programme=programme, actor=None)
    return programme


@pytest.fixture
def tenggarong_receivables(world):
    return user_create(username="wahyu", org_unit=unit("bpjs-cabang-tenggarong"), roles=[R.BPJS_RECEIVABLES],
                       password="uji-coba-2025", first_name="Wahyu", actor=None, validate=False)


def small_budget(jkk_apbd: int, jkk_perubahan: int, jkm: int) -> list[BudgetLineSpec]:
    return [
        BudgetLineSpec("apbd", "JKK", "5.1.02.01", "Iuran JKK (APBD)", Decimal(jkk_apbd)),
        BudgetLineSpec("apbd", "JKM", "5.1.02.02", "Iuran JKM (APBD)", Decimal(jkm)),
        BudgetLineSpec("apbd_p", "JKK", "5.1.02.03", "Iuran JKK (APBD Perubahan)", Decimal(jkk_perubahan)),
    ]


def test_andi_prepares_a_batch_of_the_enrolled_people_active_in_the_month(programme):
    enrolled_make(programme, 3)
    enrolled_make(programme, 1, start=date(2026, 4, 1))  # starts after March
    enrolled_make(programme, 1, end=date(2026, 2, 28))  # ended before March
    enrolled_make(programme, 1, start=date(2026, 3, 31))  # active on the last day of March
    candidate_make(programme, verification=Candidate.Verification.VERIFIED)  # verified, not enrolled
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    assert batch.status == PaymentBatch.Status.DRAFT
    assert batch.participants == 4
    assert batch.total == 4 * (JKK + JKM)
    codes = {c.budget_line.account: c for c in batch.codes.select_related("budget_line")}
    assert codes["JKK"].amount == 4 * JKK and codes["JKM"].amount == 4 * JKM
    assert all(code_is_valid(c.code) for c in codes.values())
    assert codes["JKK"].code != codes["JKM"].code
    assert set(batch.lines.values_list("total", flat=True)) == {JKK + JKM}


def test_preparing_the_same_month_again_replaces_the_draft(programme):
    enrolled_make(programme, 2)
    first = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    codes = set(first.codes.values_list("code", flat=True))
    again = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    assert again.pk == first.pk and again.lines.count() == 2
    assert set(again.codes.values_list("code", flat=True)) == codes
    enrolled_make(programme, 1)
    assert batch_prepare(programme=programme, period=MARCH, actor=person("andi")).participants == 3
    assert PaymentBatch.objects.filter(programme=programme).count() == 1


def test_a_month_outside_the_programme_is_refused(programme):
    with pytest.raises(BatchError, match="di luar masa program"):
        batch_prepare(programme=programme, period=date(2027, 1, 1), actor=person("andi"))


def test_jkk_goes_to_the_apbd_line_first_then_to_the_apbd_perubahan(world):
    programme = programme_2026(budget_lines=small_budget(jkk_apbd=50_000, jkk_perubahan=100_000, jkm=100_000))
    enrolled_make(programme, 7)
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    split = {(c.budget_line.source, c.budget_line.account): (c.participants, c.amount)
             for c in batch.codes.select_related("budget_line")}
    assert split == {("apbd", "JKK"): (5, 5 * JKK), ("apbd_p", "JKK"): (2, 2 * JKK), ("apbd", "JKM"): (7, 7 * JKM)}


def test_a_batch_that_would_exceed_the_remaining_budget_is_blocked_with_the_figures(world):
    programme = programme_2026(budget_lines=small_budget(jkk_apbd=50_000, jkk_perubahan=20_000, jkm=100_000))
    enrolled_make(programme, 5)
    batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")), actor=person("andi"))
    # March used Rp 50.000 of JKK; Rp 20.000 remain, April needs Rp 50.000.
    with pytest.raises(BatchError) as error:
        batch_prepare(programme=programme, period=date(2026, 4, 1), actor=person("andi"))
    message = " ".join(error.value.messages)
    assert "JKK" in message and "Rp 50.000" in message and "Rp 20.000" in message
    assert not PaymentBatch.objects.filter(programme=programme, period=date(2026, 4, 1)).exists()


def test_drafts_do_not_use_budget_but_submission_checks_it_again(world):
    programme = programme_2026(budget_lines=small_budget(jkk_apbd=50_000, jkk_perubahan=0, jkm=100_000))
    enrolled_make(programme, 5)
    march = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    april = batch_prepare(programme=programme, period=date(2026, 4, 1), actor=person("andi"))
    batch_submit(batch=april, actor=person("andi"))
    with pytest.raises(BatchError, match="Susun ulang"):
        batch_submit(batch=march, actor=person("andi"))


def test_andi_submits_dewi_pays_and_bpjs_reconciles(programme, tenggarong_receivables):
    enrolled_make(programme, 3)
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    batch = batch_submit(batch=batch, actor=person("andi"))
    assert batch.status == PaymentBatch.Status.SUBMITTED
    batch = batch_record_sp2d(batch=batch, sp2d_number="SP2D/0042/BPKD/2026", sp2d_date=today(),
                              actor=person("dewi"))
    assert batch.status == PaymentBatch.Status.PAID
    batch = batch_reconcile(batch=batch, actor=tenggarong_receivables)
    assert batch.status == PaymentBatch.Status.RECONCILED
    payments = {(c.code, c.payment.payment_code, c.payment.reference, c.payment.amount, c.payment.channel)
                for c in batch.codes.select_related("payment")}
    assert payments == {(c.code, c.code, f"{c.code} SP2D/0042/BPKD/2026", c.amount, Payment.Channel.PARTNER)
                        for c in batch.codes.all()}
    assert sum(c.amount for c in batch.codes.all()) == 3 * (JKK + JKM)
    lines = BillLine.objects.filter(bill__employer=programme.employer, bill__period=MARCH)
    assert {(line.programme, line.payer, line.amount) for line in lines} == {
        ("JKK", "pemda", 3 * JKK), ("JKM", "pemda", 3 * JKM)}
    balance = employer_balance(programme.employer)
    assert balance.billed == 3 * (JKK + JKM) and balance.paid_principal == 3 * (JKK + JKM)
    assert balance.outstanding == 0 and balance.penalties == 0
    assert set(AuditEvent.objects.filter(object_id=str(batch.pk), action__startswith="rentan.batch.")
               .values_list("action", flat=True)) == {"rentan.batch.prepare", "rentan.batch.submit",
                                                      "rentan.batch.pay", "rentan.batch.reconcile"}


def test_three_budget_lines_reconcile_into_three_ledger_payments_each_with_its_own_code(
        world, tenggarong_receivables, login):
    programme = programme_2026(budget_lines=small_budget(jkk_apbd=50_000, jkk_perubahan=100_000, jkm=200_000))
    programme_wadah_ensure(programme=programme, actor=None)
    enrolled_make(programme, 7)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    codes = list(batch.codes.order_by("budget_line__number"))
    assert len(codes) == 3  # JKK APBD (5 people), JKM (7), JKK APBD Perubahan (2)
    batch = batch_record_sp2d(batch=batch, sp2d_number="SP2D/0107/BPKD/2026", sp2d_date=today(),
                              actor=person("dewi"))
    batch = batch_reconcile(batch=batch, actor=tenggarong_receivables)
    ledger = list(payment_list(user=tenggarong_receivables, employer=programme.employer))
    assert sorted((p.payment_code, p.amount, p.reference, p.unallocated) for p in ledger) == sorted(
        (c.code, c.amount, f"{c.code} SP2D/0107/BPKD/2026", 0) for c in codes)
    assert sum(p.amount for p in ledger) == batch.total == 7 * (JKK + JKM)
    for code in ContributionCode.objects.filter(batch=batch).select_related("payment"):
        assert code.payment.payment_code == code.code and code.payment.amount == code.amount
    # Each kode iuran finds exactly one payment in the ledger.
    for code in codes:
        assert Payment.objects.filter(payment_code=code.code).count() == 1
    balance = employer_balance(programme.employer)
    assert balance.paid_principal == balance.billed == 7 * (JKK + JKM) and balance.outstanding == 0
    event = AuditEvent.objects.get(action="rentan.batch.reconcile", object_id=str(batch.pk))
    assert event.after["codes"] == [c.code for c in codes]
    assert sorted(p["payment"] for p in event.after["payments"]) == sorted(p.pk for p in ledger)
    # The batch page shows each code with its own payment.
    page = login("wahyu").get(reverse("rentan:payment_batch", args=[batch.pk])).content.decode()
    for payment in ledger:
        assert reverse("receivables:payment_detail", args=[payment.pk]) in page
        row = page.split(f'data-code="{payment.payment_code}"')[1].split("</tr>")[0]
        assert f'data-payment="{payment.pk}"' in row and payment.reference in row
    # Reconciling twice is refused and records nothing more.
    with pytest.raises(BatchError, match="berstatus"):
        batch_reconcile(batch=batch, actor=tenggarong_receivables)
    assert Payment.objects.filter(employer=programme.employer).count() == 3


def test_a_later_billing_run_leaves_the_programmes_bill_alone(programme, tenggarong_receivables):
    enrolled_make(programme, 2)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    batch = batch_record_sp2d(batch=batch, sp2d_number="SP2D-1", sp2d_date=today(), actor=person("dewi"))
    batch_reconcile(batch=batch, actor=tenggarong_receivables)
    billing_run(period="2026-03", branch=unit("bpjs-cabang-tenggarong"))
    assert employer_balance(programme.employer).billed == 2 * (JKK + JKM)


def test_dewi_cannot_submit_and_andi_cannot_pay(programme):
    enrolled_make(programme, 1)
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    with pytest.raises(PermissionDenied):
        batch_submit(batch=batch, actor=person("dewi"))
    batch = batch_submit(batch=batch, actor=person("andi"))
    with pytest.raises(PermissionDenied):
        batch_record_sp2d(batch=batch, sp2d_number="SP2D-9", sp2d_date=today(), actor=person("andi"))
    with pytest.raises(PermissionDenied):
        batch_reconcile(batch=batch, actor=person("dewi"))


def test_lina_of_balikpapan_cannot_prepare_kukars_batch(programme):
    with pytest.raises(PermissionDenied):
        batch_prepare(programme=programme, period=MARCH, actor=person("lina"))
    with pytest.raises(PermissionDenied):  # Dishub verifies rows but does not run the payments
        batch_prepare(programme=programme, period=MARCH, actor=person("joko"))


def test_sari_of_balikpapan_cannot_reconcile_a_tenggarong_programme(programme):
    enrolled_make(programme, 1)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    batch = batch_record_sp2d(batch=batch, sp2d_number="SP2D-2", sp2d_date=today(), actor=person("dewi"))
    with pytest.raises(PermissionDenied):
        batch_reconcile(batch=batch, actor=person("sari"))


def test_the_sp2d_date_may_not_precede_the_submission_nor_lie_in_the_future(programme):
    enrolled_make(programme, 1)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    with pytest.raises(BatchError, match="sebelum tanggal pengajuan"):
        batch_record_sp2d(batch=batch, sp2d_number="SP2D-3", sp2d_date=today() - timedelta(days=30),
                          actor=person("dewi"))
    with pytest.raises(BatchError, match="masa depan"):
        batch_record_sp2d(batch=batch, sp2d_number="SP2D-3", sp2d_date=today() + timedelta(days=1),
                          actor=person("dewi"))
    with pytest.raises(BatchError, match="wajib"):
        batch_record_sp2d(batch=batch, sp2d_number=" ", sp2d_date=today(), actor=person("dewi"))


def test_submitted_and_paid_batches_are_immutable(programme):
    enrolled_make(programme, 1)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    with pytest.raises(BatchError, match="tidak dapat diubah"):
        batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    with pytest.raises(BatchError, match="berstatus"):
        batch_submit(batch=batch, actor=person("andi"))
    with pytest.raises(BatchError, match="berstatus"):
        batch_reconcile(batch=batch, actor=person("admin"))


def test_a_programme_without_a_wadah_cannot_be_reconciled(world):
    programme = programme_2026()
    enrolled_make(programme, 1)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    batch = batch_record_sp2d(batch=batch, sp2d_number="SP2D-4", sp2d_date=today(), actor=person("dewi"))
    with pytest.raises(BatchError, match="NPP wadah"):
        batch_reconcile(batch=batch, actor=person("admin"))
    employer = programme_wadah_ensure(programme=programme, actor=person("admin"))
    assert employer.npp.startswith("886402") and employer.branch.code == "bpjs-cabang-tenggarong"
    assert programme_wadah_ensure(programme=programme, actor=None) == employer


# --- screens and documents -----------------------------------------------------------------------------

def _read_xlsx(content: bytes):
    import io

    import polars as pl

    return pl.read_excel(io.BytesIO(content), engine="calamine", has_header=False)


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_andi_prepares_and_submits_from_the_screens(programme, login):
    enrolled_make(programme, 2)
    client = login("andi")
    page = client.get(f"/rentan/program/{programme.pk}/pembayaran/")
    assert page.status_code == 200 and b"prepare-form" in page.content
    response = client.post(f"/rentan/program/{programme.pk}/pembayaran/", {"period": "2026-03"})
    batch = PaymentBatch.objects.get(programme=programme, period=MARCH)
    assert response.status_code == 302 and response["Location"] == f"/rentan/pembayaran/{batch.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert batch.codes.first().code in detail and "submit-form" in detail
    assert client.post(f"/rentan/pembayaran/{batch.pk}/ajukan/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.SUBMITTED


def test_a_malformed_month_is_answered_in_indonesian(programme, login):
    response = login("andi").post(f"/rentan/program/{programme.pk}/pembayaran/", {"period": "Maret"})
    assert response.status_code == 400
    assert "TTTT-BB" in response.content.decode()


def test_dewi_records_the_sp2d_and_a_date_in_the_future_is_refused(programme, login):
    enrolled_make(programme, 1)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    client = login("dewi")
    assert "sp2d-form" in client.get(f"/rentan/pembayaran/{batch.pk}/").content.decode()
    bad = client.post(f"/rentan/pembayaran/{batch.pk}/sp2d/",
                      {"sp2d_number": "SP2D-7", "sp2d_date": (today() + timedelta(days=3)).isoformat()})
    assert bad.status_code == 400 and "masa depan" in bad.content.decode()
    ok = client.post(f"/rentan/pembayaran/{batch.pk}/sp2d/", {"sp2d_number": "SP2D-7",
                                                              "sp2d_date": today().strftime("%d/%m/%Y")})
    assert ok.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.sp2d_number, batch.sp2d_date) == (PaymentBatch.Status.PAID, "SP2D-7", today())


def test_andi_cannot_post_an_sp2d_and_dewi_cannot_submit(programme, login, client):
    enrolled_make(programme, 1)
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    assert login("dewi").post(f"/rentan/pembayaran/{batch.pk}/ajukan/").status_code == 403
    client.force_login(person("andi"))
    assert client.post(f"/rentan/pembayaran/{batch.pk}/sp2d/", {"sp2d_number": "X", "sp2d_date": "2026-03-10"}
                       ).status_code == 403


def test_the_rekapitulasi_and_the_attachment_open_and_mask_the_nik(programme, login):
    people = enrolled_make(programme, 3)
    people[0].name = "=HYPERLINK(\"http://x\")"
    people[0].save(update_fields=["name"])
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    client = login("dewi")
    recap = client.get(f"/rentan/pembayaran/{batch.pk}/unduh/rekap.xlsx")
    assert recap.status_code == 200
    cells = {str(v) for row in _read_xlsx(recap.content).rows() for v in row if v is not None}
    assert {c.code for c in batch.codes.all()} <= cells
    assert "Kepala Dinas Transmigrasi dan Tenaga Kerja Kabupaten Kutai Kartanegara" in cells
    attachment = client.get(f"/rentan/pembayaran/{batch.pk}/unduh/lampiran.xlsx")
    rows = [list(r) for r in _read_xlsx(attachment.content).rows()]
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    assert people[1].nik not in text and people[1].nik_masked in text
    assert "'=HYPERLINK" in text  # neutralised: stays text
    pdf = client.get(f"/rentan/pembayaran/{batch.pk}/unduh/lampiran.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = _pdf_text(pdf.content)
    assert "Lampiran Daftar Peserta" in pdf_text and people[1].nik_masked in pdf_text
    assert people[1].nik not in pdf_text
    recap_pdf = _pdf_text(client.get(f"/rentan/pembayaran/{batch.pk}/unduh/rekap.pdf").content)
    assert "Rekapitulasi Pembayaran Iuran" in recap_pdf and batch.codes.first().code in recap_pdf
    assert client.get(f"/rentan/pembayaran/{batch.pk}/unduh/rekap.docx").status_code == 404


def test_lina_and_joko_see_no_batch_of_kukar(programme, login, client):
    enrolled_make(programme, 1)
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    for name in ("lina", "joko"):
        client.force_login(person(name))
        assert client.get(f"/rentan/pembayaran/{batch.pk}/").status_code == 404
        assert f'data-batch="{batch.pk}"' not in client.get("/rentan/pembayaran/").content.decode()
    client.force_login(person("dewi"))
    assert f'data-batch="{batch.pk}"' in client.get("/rentan/pembayaran/").content.decode()


def test_a_large_attachment_pdf_is_built_by_a_job(programme, login, monkeypatch):
    from sinergi.jobs.models import Job
    from sinergi.jobs.services import job_run

    monkeypatch.setattr("sinergi.rentan.payments.exports.SYNC_PDF_ROWS", 1)
    enrolled_make(programme, 2)
    batch = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    client = login("dewi")
    response = client.get(f"/rentan/pembayaran/{batch.pk}/unduh/lampiran.pdf")
    job = Job.objects.get(kind="rentan.batch_export")
    assert response.status_code == 302 and response["Location"] == f"/pekerjaan/{job.pk}/"
    assert client.get(f"/rentan/pembayaran/{batch.pk}/unduh/lampiran.xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")  # the XLSX stays immediate
    job = job_run(job)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.counts["participants"] == 2 and job.files


def test_the_batch_pages_cost_the_same_queries_whatever_the_size(programme, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enrolled_make(programme, 2)
    small = batch_prepare(programme=programme, period=MARCH, actor=person("andi"))
    enrolled_make(programme, 8)
    large = batch_prepare(programme=programme, period=date(2026, 4, 1), actor=person("andi"))
    client = login("andi")
    counts = []
    for url in (f"/rentan/pembayaran/{small.pk}/", f"/rentan/pembayaran/{large.pk}/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
