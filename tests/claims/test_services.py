"""Claims from submission to payment: Nur, claims officer of BPJS Balikpapan, registers and verifies; Hendra,
head of the Kalimantan Kanwil, approves. Amounts come from the ledger through the rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sinergi.audit.models import AuditEvent
from sinergi.claims.models import Claim, ClaimEvent, JkpBenefitMonth
from sinergi.claims.services import (
    claim_approve,
    claim_document_check,
    claim_pay,
    claim_reject,
    claim_return,
    claim_submit,
    claim_verify,
    jkp_month_hold,
)
from sinergi.clock import today
from sinergi.orgs.roles import R
from sinergi.orgs.services import user_create
from tests.claims.factories import jkp_submit, phk_history
from tests.world import person, unit

pytestmark = pytest.mark.django_db
S = Claim.Status
JKP_DOCUMENTS = ["ktp", "kpj", "phk_proof", "bank_book"]


def messages(error: ValidationError) -> dict[str, str]:
    return {field: " ".join(str(m) for m in msgs) for field, msgs in error.message_dict.items()}


def verified_jkp_claim(**history):
    claim = jkp_submit(phk_history(**history), actor=person("nur"))
    claim_document_check(claim=claim, received=JKP_DOCUMENTS, actor=person("nur"))
    return claim_verify(claim=claim, actor=person("nur"))


# --- the amount from the ledger --------------------------------------------------------------------------

def test_nur_registers_a_jkp_claim_whose_amount_comes_from_the_months_the_employer_paid():
    history = phk_history(months=14, wage=8_000_000)
    claim = jkp_submit(history, actor=person("nur"))
    assert claim.status == S.SUBMITTED and claim.branch == unit("bpjs-cabang-balikpapan")
    assert claim.number.startswith("KLM.") and claim.number.endswith(f"/BALIKPAPAN/{today().year}")
    ledger = claim.explanation["ledger"]
    assert ledger["contribution_months"] == 14
    assert len(ledger["paid_periods"]) == 14
    assert claim.eligible
    # PP 6/2025: 60 % of the wage capped at Rp 5.000.000, for six months.
    assert claim.amount == 6 * Decimal(5_000_000) * Decimal("0.6")
    assert [line["code"] for line in claim.explanation["lines"]] == [f"month_{m}" for m in range(1, 7)]
    assert all("PP 6/2025" in line["reference"] for line in claim.explanation["lines"])
    assert [d.code for d in claim.documents.all()] == JKP_DOCUMENTS
    assert claim.employer_arrears == 0


def test_months_the_employer_did_not_pay_do_not_count_and_the_claim_is_registered_ineligible():
    history = phk_history(months=14, unpaid=(0, 1, 2, 3))
    claim = jkp_submit(history, actor=person("nur"))
    assert claim.explanation["ledger"]["contribution_months"] == 10
    assert not claim.eligible and claim.amount == 0
    assert claim.explanation["reason_codes"] == ["too_few_contributions"]
    # The four unpaid months are due before the PHK: the employer's arrears at the event are recorded.
    assert claim.employer_arrears_months == 4
    assert claim.employer_arrears >= sum(b.principal for b in history.bills[:4])


def test_an_ineligible_claim_cannot_be_verified_and_is_rejected_with_a_coded_reason():
    claim = jkp_submit(phk_history(months=8), actor=person("nur"))
    claim_document_check(claim=claim, received=JKP_DOCUMENTS, actor=person("nur"))
    with pytest.raises(ValidationError, match="tidak memenuhi syarat"):
        claim_verify(claim=claim, actor=person("nur"))
    claim = claim_reject(claim=claim, reason=Claim.Rejection.NOT_ELIGIBLE, actor=person("nur"))
    assert claim.status == S.REJECTED and claim.rejection_reason == "not_eligible"


def test_a_jkm_claim_of_heirs_pays_the_lump_sums_of_pp_82_2019():
    history = phk_history(months=40, days_ago=5)
    claim = claim_submit(identifier=history.worker.kpj, programme="jkm", event="death",
                         event_date=today() - dt.timedelta(days=10), claimant_name="Siti Aminah",
                         claimant_relationship="spouse", bank_name="BRI", bank_account="0123-01-000123-50-7",
                         actor=person("nur"))
    assert claim.eligible and claim.bank_account == "012301000123507"
    # Lump sum Rp 20 juta + 24 × Rp 500.000 periodic + Rp 10 juta funeral; the scholarship is a ceiling line.
    assert claim.amount == 20_000_000 + 24 * 500_000 + 10_000_000
    assert [line["code"] for line in claim.explanation["lines"]] == ["lump_sum", "periodic", "funeral",
                                                                     "scholarship"]
    assert {d.code for d in claim.documents.all()} >= {"death_certificate", "heir_statement"}


# --- the duplicate and the bad input -------------------------------------------------------------------

def test_a_second_claim_for_the_same_dismissal_is_refused_in_indonesian_naming_the_first():
    history = phk_history()
    first = jkp_submit(history, actor=person("nur"))
    with pytest.raises(ValidationError) as error:
        jkp_submit(history, actor=person("nur"))
    assert messages(error.value)["event_date"] == (
        f"Klaim untuk kejadian yang sama sudah terdaftar ({first.number}); klaim ganda tidak dapat diajukan.")
    assert Claim.objects.filter(worker=history.worker).count() == 1


def test_after_a_rejection_the_same_event_may_be_claimed_again():
    history = phk_history()
    first = jkp_submit(history, actor=person("nur"))
    claim_reject(claim=first, reason=Claim.Rejection.DOCUMENTS_INVALID, actor=person("nur"))
    second = jkp_submit(history, actor=person("nur"))
    assert second.number != first.number and second.status == S.SUBMITTED


def test_the_database_itself_refuses_a_second_open_claim_for_the_event():
    history = phk_history()
    first = jkp_submit(history, actor=person("nur"))
    copy = Claim(**{f.attname: getattr(first, f.attname) for f in Claim._meta.concrete_fields
                    if f.name not in ("id", "number")}, number="KLM.COPY")
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_an_unknown_nik_is_refused_on_the_identifier_field():
    with pytest.raises(ValidationError) as error:
        jkp_submit(phk_history(), actor=person("nur"), identifier="6471019999990001")
    assert messages(error.value) == {"identifier": "NIK atau nomor KPJ 6471019999990001 tidak ditemukan pada "
                                                   "kepesertaan yang tercatat di wilayah kerja Anda."}


def test_a_worker_of_another_branch_is_unknown_to_nur():
    history = phk_history(branch="bpjs-cabang-kupang")
    with pytest.raises(ValidationError) as error:
        jkp_submit(history, actor=person("nur"))
    assert "identifier" in error.value.message_dict


def test_an_event_before_membership_is_refused_on_the_event_date():
    history = phk_history(months=14)
    before = history.employment.start_date - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        jkp_submit(history, actor=person("nur"), event_date=before)
    assert messages(error.value)["event_date"].startswith(f"Tanggal kejadian {before:%d/%m/%Y} sebelum tanggal "
                                                          "kepesertaan")


def test_an_event_in_the_future_is_refused():
    with pytest.raises(ValidationError) as error:
        jkp_submit(phk_history(), actor=person("nur"), event_date=today() + dt.timedelta(days=1))
    assert messages(error.value) == {"event_date": "Tanggal kejadian tidak boleh di masa depan."}


def test_a_phk_letter_dated_after_the_claim_date_is_refused():
    later = today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        jkp_submit(phk_history(), actor=person("nur"), phk_letter_date=later)
    assert messages(error.value) == {"phk_letter_date": (
        f"Tanggal surat PHK ({later:%d/%m/%Y}) tidak boleh setelah tanggal pengajuan klaim ({today():%d/%m/%Y}).")}


def test_an_event_that_does_not_fit_the_programme_is_refused():
    with pytest.raises(ValidationError) as error:
        jkp_submit(phk_history(), actor=person("nur"), event="accident")
    assert list(messages(error.value)) == ["event"]


def test_jht_claims_are_refused_until_the_ledger_holds_each_workers_balance():
    with pytest.raises(ValidationError) as error:
        jkp_submit(phk_history(), actor=person("nur"), programme="jht", event="resignation")
    assert messages(error.value)["programme"].startswith("Klaim JHT belum dapat dihitung di Sinergi")


def test_a_malformed_bank_account_is_refused():
    with pytest.raises(ValidationError) as error:
        jkp_submit(phk_history(), actor=person("nur"), bank_account="12AB")
    assert messages(error.value) == {"bank_account": "Nomor rekening harus 6 sampai 20 angka."}


def test_nothing_is_written_when_a_claim_is_refused():
    history = phk_history()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        jkp_submit(history, actor=person("nur"), phk_letter_date=today() + dt.timedelta(days=1))
    assert not Claim.objects.exists() and AuditEvent.objects.count() == events


def test_a_prosecutor_cannot_submit_a_claim():
    with pytest.raises(PermissionDenied):
        jkp_submit(phk_history(), actor=person("rina"))


# --- the workflow, audited -----------------------------------------------------------------------------

def test_a_jkp_claim_goes_from_submission_to_six_paid_months_and_every_step_is_audited():
    nur, hendra = person("nur"), person("hendra")
    claim = jkp_submit(phk_history(), actor=nur)
    claim = claim_document_check(claim=claim, received=["ktp", "kpj"], actor=nur)
    assert claim.status == S.SUBMITTED
    claim = claim_document_check(claim=claim, received=JKP_DOCUMENTS, actor=nur)
    assert claim.status == S.DOCUMENTS_COMPLETE
    claim = claim_verify(claim=claim, actor=nur)
    assert claim.status == S.VERIFIED and claim.verified_by == nur
    claim = claim_approve(claim=claim, actor=hendra)
    assert claim.status == S.APPROVED and claim.approved_by == hendra
    months = list(claim.jkp_months.all())
    assert [(m.month, m.amount, m.status) for m in months] == [
        (n, Decimal(5_000_000) * Decimal("0.6"), JkpBenefitMonth.Status.SCHEDULED) for n in range(1, 7)]
    for n in range(1, 6):
        claim = claim_pay(claim=claim, paid_on=today(), reference=f"TRF-{n}", actor=nur)
        assert claim.status == S.APPROVED
    claim = claim_pay(claim=claim, paid_on=today(), reference="TRF-6", actor=nur)
    assert claim.status == S.PAID
    assert set(claim.jkp_months.values_list("status", flat=True)) == {"paid"}
    actions = list(AuditEvent.objects.filter(object_type="claims.claim", object_id=str(claim.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["claims.claim.submit", "claims.claim.documents", "claims.claim.documents",
                       "claims.claim.verify", "claims.claim.approve", *["claims.claim.pay"] * 6]
    assert list(ClaimEvent.objects.filter(claim=claim).values_list("kind", flat=True)) == [
        "submitted", "documents", "documents_complete", "verified", "approved", *["paid"] * 6]


def test_a_held_month_is_not_paid_and_the_claim_ends_when_nothing_is_scheduled():
    nur = person("nur")
    claim = claim_approve(claim=verified_jkp_claim(), actor=person("hendra"))
    for n in range(1, 5):
        claim = claim_pay(claim=claim, paid_on=today(), reference=f"TRF-{n}", actor=nur)
    claim = jkp_month_hold(claim=claim, note="Bekerja kembali di PT Lain", actor=nur)
    claim = jkp_month_hold(claim=claim, note="Bekerja kembali di PT Lain", actor=nur)
    assert claim.status == S.PAID
    assert list(claim.jkp_months.values_list("status", flat=True)) == ["paid"] * 4 + ["held"] * 2


def test_the_officer_who_verified_a_claim_cannot_approve_it():
    both = user_create(username="kepala-klaim", org_unit=unit("bpjs-cabang-balikpapan"),
                       roles=[R.BPJS_CLAIMS, R.BPJS_LEADERSHIP], actor=None, validate=False)
    claim = jkp_submit(phk_history(), actor=both)
    claim_document_check(claim=claim, received=JKP_DOCUMENTS, actor=both)
    claim = claim_verify(claim=claim, actor=both)
    with pytest.raises(ValidationError, match="prinsip empat mata"):
        claim_approve(claim=claim, actor=both)
    assert Claim.objects.get(pk=claim.pk).status == S.VERIFIED


def test_the_database_refuses_a_claim_approved_by_its_verifier():
    claim = verified_jkp_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(approved_by=claim.verified_by, status=S.APPROVED)


def test_a_claims_officer_cannot_approve():
    with pytest.raises(PermissionDenied):
        claim_approve(claim=verified_jkp_claim(), actor=person("nur"))


def test_a_returned_claim_comes_back_when_its_documents_are_brought():
    nur = person("nur")
    claim = verified_jkp_claim()
    with pytest.raises(ValidationError):
        claim_return(claim=claim, note=" ", actor=nur)
    claim = claim_return(claim=claim, note="Surat PHK belum ditandatangani", actor=nur)
    assert claim.status == S.RETURNED and claim.verified_by is None
    with pytest.raises(ValidationError, match="Dikembalikan"):
        claim_verify(claim=claim, actor=nur)
    claim = claim_document_check(claim=claim, received=JKP_DOCUMENTS, actor=nur)
    assert claim.status == S.DOCUMENTS_COMPLETE


def test_a_paid_claim_cannot_be_rejected_and_payment_needs_a_reference():
    nur = person("nur")
    claim = claim_approve(claim=verified_jkp_claim(), actor=person("hendra"))
    with pytest.raises(ValidationError) as error:
        claim_pay(claim=claim, paid_on=today(), reference="", actor=nur)
    assert messages(error.value) == {"reference": "Referensi transfer bank wajib diisi."}
    claim_pay(claim=claim, paid_on=today(), reference="TRF-1", actor=nur)
    with pytest.raises(ValidationError, match="sudah dibayar"):
        claim_reject(claim=claim, reason=Claim.Rejection.NOT_ELIGIBLE, actor=person("hendra"))


def test_a_rejection_needs_a_known_reason():
    claim = jkp_submit(phk_history(), actor=person("nur"))
    with pytest.raises(ValidationError) as error:
        claim_reject(claim=claim, reason="bosan", actor=person("nur"))
    assert messages(error.value) == {"reason": "Pilih alasan penolakan."}


def test_a_jkk_death_claim_is_48_times_the_wage_and_the_employer_in_arrears_is_named():
    history = phk_history(months=14, unpaid=(12,), days_ago=5, wage=6_000_000)
    claim = claim_submit(identifier=history.worker.nik, programme="jkk", event="accident_death",
                         event_date=history.phk_date, claimant_name="Siti Aminah", claimant_relationship="spouse",
                         bank_name="BRI", bank_account="012301000123507", actor=person("nur"))
    death = next(line for line in claim.explanation["lines"] if line["code"] == "death")
    assert Decimal(death["amount"]) == 48 * Decimal(6_000_000)
    assert claim.employer_arrears_months == 1 and claim.payer == "employer"


def test_hendra_rejects_an_approved_claim_but_nur_may_not_any_more():
    claim = claim_approve(claim=verified_jkp_claim(), actor=person("hendra"))
    with pytest.raises(PermissionDenied):
        claim_reject(claim=claim, reason=Claim.Rejection.DOCUMENTS_INVALID, actor=person("nur"))
    claim = claim_reject(claim=claim, reason=Claim.Rejection.DOCUMENTS_INVALID, actor=person("hendra"))
    assert claim.status == S.REJECTED
    assert set(claim.jkp_months.values_list("status", flat=True)) == {"held"}


def test_a_claim_cannot_be_verified_while_documents_are_missing():
    claim = jkp_submit(phk_history(), actor=person("nur"))
    claim = claim_document_check(claim=claim, received=["ktp"], actor=person("nur"))
    with pytest.raises(ValidationError, match="berstatus Diajukan"):
        claim_verify(claim=claim, actor=person("nur"))
    missing = ClaimEvent.objects.filter(claim=claim, kind="documents").get().note
    assert missing.startswith("Belum lengkap: Kartu peserta (KPJ); Bukti PHK")


def test_a_jkm_claim_needs_no_wage_report():
    history = phk_history(months=14, days_ago=5)
    history.employment.wages.all().delete()
    claim = claim_submit(identifier=history.worker.nik, programme="jkm", event="death",
                         event_date=today() - dt.timedelta(days=10), claimant_name="Siti Aminah",
                         claimant_relationship="spouse", bank_name="BRI", bank_account="012301000123507",
                         actor=person("nur"))
    assert claim.amount == 20_000_000 + 24 * 500_000 + 10_000_000


def test_a_jkp_claim_without_a_wage_report_is_refused_on_the_identifier():
    history = phk_history()
    history.employment.wages.all().delete()
    with pytest.raises(ValidationError) as error:
        jkp_submit(history, actor=person("nur"))
    assert messages(error.value)["identifier"].startswith("Belum ada upah yang dilaporkan")


def test_a_work_accident_claim_lists_medical_care_without_an_amount():
    history = phk_history(days_ago=5)
    claim = claim_submit(identifier=history.worker.nik, programme="jkk", event="accident",
                         event_date=today() - dt.timedelta(days=10), claimant_name=history.worker.name,
                         bank_name="BRI", bank_account="012301000123507", actor=person("nur"))
    care = claim.explanation["lines"][0]
    assert care["code"] == "medical_care" and care["amount"] is None and care["in_total"] is False
    assert claim.eligible and claim.payer == "bpjs"


def test_what_a_claim_stores_is_indonesian_even_from_an_english_screen():
    from django.utils import translation

    with translation.override("en"):
        claim = jkp_submit(phk_history(), actor=person("nur"))
        claim_document_check(claim=claim, received=["ktp"], actor=person("nur"))
    assert claim.documents.get(code="kpj").label == "Kartu peserta (KPJ)"
    assert ClaimEvent.objects.get(claim=claim, kind="documents").note.startswith("Belum lengkap:")
