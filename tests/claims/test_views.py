"""The claims screens: Nur registers and works claims at Balikpapan, Hendra approves from the Kanwil, and
nobody outside sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sinergi.claims.models import Claim
from sinergi.claims.services import claim_document_check, claim_submit, claim_verify
from sinergi.clock import today
from sinergi.orgs.roles import R
from sinergi.orgs.services import user_create
from tests.claims.factories import jkp_submit, phk_history
from tests.world import person, unit

pytestmark = pytest.mark.django_db
JKP_DOCUMENTS = ["ktp", "kpj", "phk_proof", "bank_book"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def claims(count: int) -> list[Claim]:
    return [jkp_submit(phk_history(months=12, name=f"Pekerja {n}", employer_name=f"PT Daftar {n}"),
                       actor=person("nur")) for n in range(count)]


def kupang_claims_officer():
    return user_create(username="yosef", org_unit=unit("bpjs-cabang-kupang"), roles=[R.BPJS_CLAIMS], actor=None,
                       validate=False, first_name="Yosef")


# --- the list ------------------------------------------------------------------------------------------

def test_nur_sees_the_claims_of_her_branch_in_the_list(login):
    claim = claims(1)[0]
    page = login("nur").get(reverse("claims:claim_list")).content.decode()
    assert f'data-claim="{claim.number}"' in page
    assert "Rp 18.000.000" in page  # 6 × 60 % × Rp 5.000.000 (the JKP wage cap)


def test_the_list_runs_a_fixed_number_of_queries_however_many_claims(login, django_assert_max_num_queries):
    client = login("nur")
    claims(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("claims:claim_list"))
    claims(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("claims:claim_list"))
    assert response.content.decode().count("data-claim=") == 8


def test_the_list_filters_by_status_programme_and_month(login):
    first, second = claims(2)
    claim_document_check(claim=second, received=JKP_DOCUMENTS, actor=person("nur"))
    client = login("nur")
    page = client.get(reverse("claims:claim_list"), {"status": "documents_complete", "programme": "jkp",
                                                     "month": f"{today():%Y-%m}"}).content.decode()
    assert second.number in page and first.number not in page
    last_year = client.get(reverse("claims:claim_list"), {"month": f"{today().year - 1}-01"}).content.decode()
    assert "Tidak ada klaim yang cocok dengan saringan ini." in last_year


def test_the_list_sorts_by_amount(login):
    small = jkp_submit(phk_history(months=14, wage=3_000_000, name="Upah Kecil"), actor=person("nur"))
    large = jkp_submit(phk_history(months=14, wage=9_000_000, name="Upah Besar"), actor=person("nur"))
    page = login("nur").get(reverse("claims:claim_list"), {"sort": "-amount"}).content.decode()
    assert page.index(large.number) < page.index(small.number)


def test_an_empty_list_explains_where_claims_come_from(login):
    page = login("hendra").get(reverse("claims:claim_list")).content.decode()
    assert "Belum ada klaim di wilayah kerja Anda." in page


def test_the_list_downloads_as_xlsx(login):
    claims(1)
    response = login("nur").get(reverse("claims:claim_list"), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response.content[:2] == b"PK"


# --- who sees what -------------------------------------------------------------------------------------

def test_a_claims_officer_of_kupang_cannot_open_a_balikpapan_claim(client):
    claim = claims(1)[0]
    client.force_login(kupang_claims_officer())
    assert client.get(reverse("claims:claim_detail", args=[claim.pk])).status_code == 404
    assert claim.number not in client.get(reverse("claims:claim_list")).content.decode()


def test_rina_a_prosecutor_may_not_open_claims(login):
    claim = claims(1)[0]
    client = login("rina")
    assert client.get(reverse("claims:claim_list")).status_code == 403
    assert client.get(reverse("claims:claim_detail", args=[claim.pk])).status_code == 403


def test_the_nik_is_masked_and_the_bank_account_shown_only_to_whoever_pays(login):
    claim = claims(1)[0]
    nur_page = login("nur").get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert claim.worker.nik not in nur_page and claim.worker.nik_masked in nur_page
    assert "1490012345678" in nur_page
    hendra_page = login("hendra").get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert claim.worker.nik not in hendra_page
    assert "1490012345678" not in hendra_page and "*********5678" in hendra_page


# --- the detail and its actions ------------------------------------------------------------------------

def test_the_detail_explains_each_line_with_its_regulation(login):
    claim = claims(1)[0]
    page = login("nur").get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert page.count('data-line="month_') == 6
    assert "PP 6/2025" in page
    assert "12 bulan iuran dibayar dalam jendela" in page
    assert 'data-document="phk_proof" data-received="0"' in page


def test_nur_checks_the_documents_and_verifies_on_the_page(login):
    claim = claims(1)[0]
    client = login("nur")
    response = client.post(reverse("claims:claim_documents", args=[claim.pk]), {"received": JKP_DOCUMENTS})
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DOCUMENTS_COMPLETE
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="claim-verify-form"' in page and 'data-testid="claim-approve-form"' not in page
    assert client.post(reverse("claims:claim_verify", args=[claim.pk]), {"verify-note": "Sesuai"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VERIFIED


def test_hendra_sees_the_approval_form_and_approves(login):
    claim = claims(1)[0]
    claim_document_check(claim=claim, received=JKP_DOCUMENTS, actor=person("nur"))
    claim_verify(claim=claim, actor=person("nur"))
    client = login("hendra")
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="claim-approve-form"' in page and 'data-testid="claim-pay-form"' not in page
    assert client.post(reverse("claims:claim_approve", args=[claim.pk]), {}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.jkp_months.count() == 6


def test_nur_cannot_approve_through_the_url(login):
    claim = claims(1)[0]
    assert login("nur").post(reverse("claims:claim_approve", args=[claim.pk]), {}).status_code == 403


def test_a_rejection_without_a_reason_comes_back_with_the_form(login):
    claim = claims(1)[0]
    response = login("nur").post(reverse("claims:claim_reject", args=[claim.pk]), {"reject-reason": ""})
    assert response.status_code == 400
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.SUBMITTED


# --- the register form ---------------------------------------------------------------------------------

def _form(history, **overrides) -> dict:
    data = {"identifier": history.worker.kpj, "programme": "jkp", "event": "dismissal",
            "event_date": history.phk_date.isoformat(), "phk_letter_date": history.phk_date.strftime("%d/%m/%Y"),
            "phk_reason": "efficiency", "claimant_name": history.worker.name, "claimant_relationship": "self",
            "bank_name": "Bank Mandiri", "bank_account": "149-00-1234567-8", "note": ""}
    data.update(overrides)
    return data


def test_nur_registers_a_claim_through_the_form(login):
    history = phk_history()
    client = login("nur")
    assert client.get(reverse("claims:claim_create")).status_code == 200
    response = client.post(reverse("claims:claim_create"), _form(history))
    claim = Claim.objects.get(worker=history.worker)
    assert response.status_code == 302 and response["Location"] == reverse("claims:claim_detail", args=[claim.pk])
    assert claim.bank_account == "1490012345678" and claim.created_by == person("nur")


def test_the_form_shows_the_duplicate_refusal_on_the_event_date(login):
    history = phk_history()
    client = login("nur")
    client.post(reverse("claims:claim_create"), _form(history))
    response = client.post(reverse("claims:claim_create"), _form(history))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field-error="event_date"' in page and "klaim ganda tidak dapat diajukan" in page
    assert Claim.objects.filter(worker=history.worker).count() == 1


def test_the_form_shows_an_unknown_kpj_on_its_field(login):
    response = login("nur").post(reverse("claims:claim_create"), _form(phk_history(), identifier="99999999999"))
    assert response.status_code == 400
    assert 'data-field-error="identifier"' in response.content.decode()


def test_the_form_refuses_a_phk_letter_after_today(login):
    later = today() + dt.timedelta(days=2)
    response = login("nur").post(reverse("claims:claim_create"),
                                 _form(phk_history(), phk_letter_date=later.isoformat()))
    assert response.status_code == 400
    assert 'data-field-error="phk_letter_date"' in response.content.decode()


def test_hendra_may_read_claims_but_not_register_them(login):
    assert login("hendra").get(reverse("claims:claim_create")).status_code == 403


def test_the_workers_page_lists_their_claims_for_claims_staff_only(login):
    claim = claims(1)[0]
    url = reverse("registry:worker_detail", args=[claim.worker_id])
    assert f'data-claim="{claim.number}"' in login("nur").get(url).content.decode()
    assert f'data-claim="{claim.number}"' in login("hendra").get(url).content.decode()
    assert 'data-testid="worker-claims"' not in login("sari").get(url).content.decode()


def test_a_line_without_an_amount_shows_a_dash(login):
    history = phk_history(days_ago=5)
    claim = claim_submit(identifier=history.worker.nik, programme="jkk", event="accident",
                         event_date=today() - dt.timedelta(days=10), claimant_name=history.worker.name,
                         bank_name="BRI", bank_account="012301000123507", actor=person("nur"))
    page = login("nur").get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert 'data-line="medical_care"' in page and "tidak dijumlahkan" in page


def test_a_step_the_status_no_longer_allows_is_refused_with_its_reason_on_the_page(login):
    claim = claims(1)[0]
    response = login("nur").post(reverse("claims:claim_verify", args=[claim.pk]), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="claim-refused"' in page and "langkah ini tidak dapat dilakukan" in page
