"""Verification, correction, duplicate review and approval of the Kukar programme's rows, as its people do it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sinergi.audit.models import AuditEvent
from sinergi.orgs.roles import R
from sinergi.orgs.services import user_create
from sinergi.registry.models import BpuParticipant, Worker
from sinergi.rentan.models import Candidate, DuplicatePair, VerificationDecision
from sinergi.rentan.verification.services import (
    WorkflowError,
    candidate_correct,
    candidates_approve,
    candidates_decide,
    corrections_upload,
    duplicate_decide,
    enrolment_start,
    parse_date,
    programme_counts,
)
from tests.dates import frozen_moment
from tests.rentan.factories import batch_make, candidate_make, pair_make
from tests.world import person, unit

V = Candidate.Verification


@pytest.fixture(autouse=True)
def march_2025(time_machine):
    """The Kukar 2025 programme is under way: approvals happen in March 2025."""
    time_machine.move_to(frozen_moment(date(2025, 3, 10)), tick=False)


def test_rahmat_verifies_the_farmers_routed_to_disbun_in_one_bulk_decision(programme):
    farmers = [candidate_make(programme, occupation="petani sawit") for _ in range(3)]
    driver = candidate_make(programme, occupation="ojek")
    rahmat = person("rahmat")
    decided = candidates_decide(candidates=Candidate.objects.all(), decision=V.VERIFIED, actor=rahmat)
    assert decided == 3  # Dishub's driver is not his to decide
    assert {c.verification for c in Candidate.objects.filter(pk__in=[f.pk for f in farmers])} == {V.VERIFIED}
    driver.refresh_from_db()
    assert driver.verification == V.PENDING
    assert Candidate.objects.get(pk=farmers[0].pk).verified_by == rahmat
    event = AuditEvent.objects.filter(action="rentan.candidate.verified").get()
    assert event.after == {"rows": 3}


def test_joko_cannot_decide_a_row_of_disbuns_queue(programme):
    farmer = candidate_make(programme, occupation="petani")
    assert candidates_decide(candidates=Candidate.objects.filter(pk=farmer.pk), decision=V.NOT_ELIGIBLE,
                             reason="bukan nelayan", actor=person("joko")) == 0
    farmer.refresh_from_db()
    assert farmer.verification == V.PENDING


def test_a_needs_correction_decision_without_a_reason_is_refused(programme):
    farmer = candidate_make(programme)
    with pytest.raises(WorkflowError, match="alasan"):
        candidates_decide(candidates=Candidate.objects.all(), decision=V.NEEDS_CORRECTION, reason="  ",
                          actor=person("rahmat"))
    farmer.refresh_from_db()
    assert farmer.verification == V.PENDING


def test_a_single_decision_is_audited_with_its_reason(programme):
    farmer = candidate_make(programme)
    candidates_decide(candidates=Candidate.objects.filter(pk=farmer.pk), decision=V.NEEDS_CORRECTION,
                      reason="Tanggal lahir tidak sesuai KTP", actor=person("rahmat"))
    farmer.refresh_from_db()
    assert (farmer.verification, farmer.verification_reason) == (V.NEEDS_CORRECTION, "Tanggal lahir tidak sesuai KTP")
    event = AuditEvent.objects.get(action="rentan.candidate.needs_correction")
    assert event.object_id == str(farmer.pk) and event.reason == "Tanggal lahir tidak sesuai KTP"


def test_deciding_twice_changes_nothing_the_second_time(programme):
    candidate_make(programme)
    rahmat = person("rahmat")
    assert candidates_decide(candidates=Candidate.objects.all(), decision=V.VERIFIED, actor=rahmat) == 1
    assert candidates_decide(candidates=Candidate.objects.all(), decision=V.NOT_ELIGIBLE, reason="x",
                             actor=rahmat) == 0


def test_fitri_may_not_verify(programme):
    candidate_make(programme)
    with pytest.raises(PermissionDenied):
        candidates_decide(candidates=Candidate.objects.all(), decision=V.VERIFIED, actor=person("fitri"))


# --- approval --------------------------------------------------------------------------------------------

def _verified(programme, n=2, **kwargs):
    rows = [candidate_make(programme, **kwargs) for _ in range(n)]
    candidates_decide(candidates=Candidate.objects.filter(pk__in=[r.pk for r in rows]), decision=V.VERIFIED,
                      actor=person("rahmat"))
    return rows


def test_andi_approves_and_the_people_are_enrolled_as_bpu_funded_by_the_pemda(programme):
    rows = _verified(programme, 2)
    result = candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))
    assert result.approved == 2 and result.new_workers == 2
    for row in rows:
        row.refresh_from_db()
        bpu = row.participant
        assert bpu is not None and bpu.worker.nik == row.nik
        assert (bpu.funding, bpu.funder, bpu.programme_code, bpu.branch) == (
            "apbd", unit("pemkab-kukar"), "KUKAR-2025", unit("bpjs-cabang-tenggarong"))
        assert (bpu.declared_income, bpu.jht, bpu.occupation) == (Decimal("1000000"), False, row.occupation)
        assert bpu.start_date == date(2025, 4, 1)
        assert row.approved_by == person("andi") and row.approved_at is not None
    assert AuditEvent.objects.get(action="rentan.candidate.approve").after["approved"] == 2


def test_coverage_starts_next_month_or_at_the_programme_start(programme):
    assert enrolment_start(programme, date(2024, 11, 20)) == date(2025, 1, 1)
    assert enrolment_start(programme, date(2025, 3, 31)) == date(2025, 4, 1)
    assert enrolment_start(programme, date(2025, 12, 15)) == date(2026, 1, 1)


def test_nobody_is_enrolled_after_the_programme_has_ended(programme, time_machine):
    _verified(programme, 1)
    time_machine.move_to(frozen_moment(date(2025, 12, 2)), tick=False)
    with pytest.raises(WorkflowError, match="berakhir"):
        candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))


def test_a_person_already_in_the_registry_keeps_their_worker_record(programme):
    row = _verified(programme, 1)[0]
    existing = Worker.objects.create(nik=row.nik, name="Nama lama")
    candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))
    row.refresh_from_db()
    assert row.participant.worker == existing
    assert Worker.objects.filter(nik=row.nik).count() == 1


def test_the_one_who_verified_a_row_can_never_approve_it(programme):
    row = candidate_make(programme)
    admin = person("admin")
    candidates_decide(candidates=Candidate.objects.filter(pk=row.pk), decision=V.VERIFIED, actor=admin)
    with pytest.raises(WorkflowError, match="maker-checker"):
        candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=admin)
    row.refresh_from_db()
    assert row.participant is None
    assert not BpuParticipant.objects.exists()
    # Another person approves it.
    candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))
    row.refresh_from_db()
    assert row.participant is not None


def _checker(name: str):
    """A Distransnaker official who may both verify (the office verifies the "other" occupations) and
    approve: the person maker-checker is about."""
    return user_create(username=name, org_unit=unit("kukar-distransnaker"), roles=[R.OPD_VERIFIER, R.PEMDA_OWNER],
                       password="uji-coba-2025", first_name=name.capitalize(), actor=None, validate=False)


def _sent_back_corrected_and_verified_again(programme, first, second):
    """``first`` sends the row back for correction, Fitri corrects it, ``second`` verifies it."""
    row = candidate_make(programme, occupation="penjual sayur", birth_date=date(1985, 6, 12))
    candidates_decide(candidates=Candidate.objects.filter(pk=row.pk), decision=V.NEEDS_CORRECTION,
                      reason="Nama tidak sesuai KTP", actor=first)
    candidate_correct(candidate=row, values={"name": "Siti Aminah"}, actor=person("fitri"))
    assert candidates_decide(candidates=Candidate.objects.filter(pk=row.pk), decision=V.VERIFIED, actor=second) == 1
    row.refresh_from_db()
    assert (row.verification, row.verified_by) == (V.VERIFIED, second)
    return row


def test_whoever_ever_decided_on_a_row_cannot_approve_it_even_after_a_correction(programme):
    ayu, bagus, citra = _checker("ayu"), _checker("bagus"), _checker("citra")
    row = _sent_back_corrected_and_verified_again(programme, ayu, bagus)
    # Ayu is no longer the row's verifier, but she decided on it before the correction.
    with pytest.raises(WorkflowError, match="maker-checker") as error:
        candidates_approve(programme=programme, candidates=Candidate.objects.filter(pk=row.pk), actor=ayu)
    assert "pernah Anda putuskan" in error.value.messages[0]
    with pytest.raises(WorkflowError, match="maker-checker"):
        candidates_approve(programme=programme, candidates=Candidate.objects.filter(pk=row.pk), actor=bagus)
    row.refresh_from_db()
    assert row.participant is None and not BpuParticipant.objects.exists()
    result = candidates_approve(programme=programme, candidates=Candidate.objects.filter(pk=row.pk), actor=citra)
    assert result.approved == 1
    row.refresh_from_db()
    assert row.participant is not None and row.approved_by == citra


def test_the_history_keeps_every_decision_with_its_reason_and_person(programme):
    ayu, bagus = _checker("ayu"), _checker("bagus")
    row = _sent_back_corrected_and_verified_again(programme, ayu, bagus)
    history = list(VerificationDecision.objects.filter(candidate=row).order_by("decided_at", "pk")
                   .values_list("decision", "reason", "decided_by__username"))
    assert history == [(V.NEEDS_CORRECTION, "Nama tidak sesuai KTP", "ayu"), (V.VERIFIED, "", "bagus")]


def test_a_bulk_decision_writes_one_history_entry_per_row_decided(programme):
    farmers = [candidate_make(programme, occupation="petani") for _ in range(3)]
    candidate_make(programme, occupation="ojek")  # Dishub's, not Rahmat's
    already = candidate_make(programme, occupation="petani", verification=V.NOT_ELIGIBLE)
    rahmat = person("rahmat")
    assert candidates_decide(candidates=Candidate.objects.all(), decision=V.NOT_ELIGIBLE, reason="Bukan petani",
                             actor=rahmat) == 3
    rows = VerificationDecision.objects.order_by("candidate_id")
    assert [d.candidate_id for d in rows] == [f.pk for f in farmers]
    assert {(d.decision, d.reason, d.decided_by_id) for d in rows} == {(V.NOT_ELIGIBLE, "Bukan petani", rahmat.pk)}
    assert not VerificationDecision.objects.filter(candidate=already).exists()
    # Deciding again touches no row and writes no history.
    assert candidates_decide(candidates=Candidate.objects.all(), decision=V.VERIFIED, actor=rahmat) == 0
    assert VerificationDecision.objects.count() == 3


def test_approve_all_skips_the_rows_the_approver_ever_decided_on_and_counts_them(programme):
    ayu, bagus = _checker("ayu"), _checker("bagus")
    theirs = _sent_back_corrected_and_verified_again(programme, ayu, bagus)
    others = _verified(programme, 2)
    result = candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=ayu, skip_own=True)
    assert (result.approved, result.skipped_own) == (2, 1)
    theirs.refresh_from_db()
    assert theirs.participant is None
    assert all(Candidate.objects.get(pk=r.pk).participant_id for r in others)
    assert AuditEvent.objects.get(action="rentan.candidate.approve").after["skipped_own"] == 1
    # Only Ayu's row is left: approving all again refuses, naming the rule.
    with pytest.raises(WorkflowError, match="maker-checker"):
        candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=ayu, skip_own=True)


def test_approval_never_enrols_beyond_the_quota(programme):
    programme.quota = 3
    programme.save(update_fields=["quota"])
    first = _verified(programme, 2)
    candidates_approve(programme=programme, candidates=Candidate.objects.filter(pk__in=[r.pk for r in first]),
                       actor=person("andi"))
    _verified(programme, 2)
    with pytest.raises(WorkflowError, match="kuota") as error:
        candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))
    assert "sisa 1" in error.value.messages[0]
    assert Candidate.objects.filter(participant__isnull=False).count() == 2


def test_approving_again_enrols_nobody_twice(programme):
    _verified(programme, 2)
    andi = person("andi")
    candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=andi)
    with pytest.raises(WorkflowError, match="Tidak ada baris"):
        candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=andi)
    assert BpuParticipant.objects.count() == 2


def test_rows_still_pending_are_not_approved(programme):
    candidate_make(programme)
    with pytest.raises(WorkflowError):
        candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))


def test_programme_counts_follow_the_rows_through_the_stages(programme):
    _verified(programme, 2)
    candidate_make(programme)
    candidate_make(programme, status=Candidate.Status.INVALID, reasons="nik_format")
    first = Candidate.objects.filter(verification=V.VERIFIED).order_by("pk").first()
    candidates_approve(programme=programme, candidates=Candidate.objects.filter(pk=first.pk), actor=person("andi"))
    counts = programme_counts(programme)
    assert counts["rows"] == 4 and counts["valid"] == 3 and counts["invalid"] == 1
    assert counts["verified"] == 2 and counts["enrolled"] == 1 and counts["awaiting_approval"] == 1
    assert counts["pending"] == 1


# --- duplicates ------------------------------------------------------------------------------------------

def test_fitri_decides_the_same_person_and_the_later_row_becomes_a_duplicate_in_the_programme(programme):
    first = candidate_make(programme, name="Siti Aminah")
    later = candidate_make(programme, batch=batch_make(programme), name="Siti Aminnah")
    pair = pair_make(later, first)
    duplicate_decide(pair=pair, same=True, actor=person("fitri"))
    later.refresh_from_db()
    assert later.status == Candidate.Status.DUPLICATE_IN_PROGRAMME and later.duplicate_of == first
    assert DuplicatePair.objects.get().decision == "same"


def test_within_one_file_the_same_person_is_a_duplicate_in_the_file(programme):
    first = candidate_make(programme)
    later = candidate_make(programme, batch=first.batch)
    duplicate_decide(pair=pair_make(later, first), same=True, actor=person("fitri"))
    later.refresh_from_db()
    assert later.status == Candidate.Status.DUPLICATE_IN_FILE


def test_different_people_go_back_to_valid_and_to_their_opd(programme):
    first = candidate_make(programme)
    later = candidate_make(programme, occupation="nelayan")
    duplicate_decide(pair=pair_make(later, first), same=False, actor=person("fitri"))
    later.refresh_from_db()
    assert later.status == Candidate.Status.VALID and later.verification == V.PENDING
    assert later.opd == unit("kukar-dkp")
    with pytest.raises(WorkflowError):
        duplicate_decide(pair=DuplicatePair.objects.get(), same=True, actor=person("fitri"))


# --- corrections -----------------------------------------------------------------------------------------

def test_fitri_corrects_a_row_and_it_returns_to_the_opd_queue(programme):
    row = candidate_make(programme, birth_date=date(1985, 6, 12))
    candidates_decide(candidates=Candidate.objects.filter(pk=row.pk), decision=V.NEEDS_CORRECTION,
                      reason="Nama salah ketik", actor=person("rahmat"))
    row = candidate_correct(candidate=row, values={"name": "Siti Aminah"}, actor=person("fitri"))
    assert row.name == "Siti Aminah" and row.corrections == 1
    assert row.status == Candidate.Status.VALID and row.verification == V.PENDING
    assert row.opd == unit("kukar-disbun") and row.verified_by is None
    assert AuditEvent.objects.filter(action="rentan.candidate.correct", object_id=str(row.pk)).exists()


def test_a_correction_that_breaks_the_nik_leaves_the_row_invalid_with_its_reason(programme):
    row = candidate_make(programme)
    candidates_decide(candidates=Candidate.objects.filter(pk=row.pk), decision=V.NEEDS_CORRECTION,
                      reason="NIK salah", actor=person("rahmat"))
    row = candidate_correct(candidate=row, values={"nik": "12345"}, actor=person("fitri"))
    assert row.status == Candidate.Status.INVALID and "nik" in row.reasons
    assert row.verification == V.NOT_ROUTED


def test_a_corrections_file_keyed_by_nik_fixes_the_rows(programme, tmp_path):
    rows = [candidate_make(programme, birth_date=date(1985, 6, 12)) for _ in range(2)]
    candidates_decide(candidates=Candidate.objects.all(), decision=V.NEEDS_CORRECTION, reason="Alamat kosong",
                      actor=person("rahmat"))
    path = tmp_path / "perbaikan.csv"
    path.write_text("NIK;ALAMAT;TGL_LAHIR\n" + "".join(f"{r.nik};Jl. Baru {i};12/06/1985\n"
                                                      for i, r in enumerate(rows)), encoding="utf-8")
    result = corrections_upload(programme=programme, path=path, actor=person("fitri"))
    assert result.errors == [] and result.corrected == 2
    assert result.counts == {"valid": 2}
    assert {c.address for c in Candidate.objects.all()} == {"Jl. Baru 0", "Jl. Baru 1"}
    # The same file again: the rows no longer wait for correction, nothing changes.
    again = corrections_upload(programme=programme, path=path, actor=person("fitri"))
    assert again.corrected == 0 and len(again.errors) == 2


def test_a_corrections_file_with_a_bad_date_is_refused_whole_naming_row_and_column(programme, tmp_path):
    rows = [candidate_make(programme) for _ in range(2)]
    candidates_decide(candidates=Candidate.objects.all(), decision=V.NEEDS_CORRECTION, reason="cek",
                      actor=person("rahmat"))
    path = tmp_path / "perbaikan.csv"
    path.write_text(f"ID,NAMA,TGL_LAHIR\n{rows[0].pk},Ani,12/06/1985\n{rows[1].pk},Budi,31/02/1985\n")
    result = corrections_upload(programme=programme, path=path, actor=person("fitri"))
    assert result.corrected == 0
    assert result.errors == ["Baris 3, kolom TGL_LAHIR: “31/02/1985” tidak dapat dibaca (tulis HH/BB/TTTT, "
                             "misalnya 12/06/1985)."]
    assert not Candidate.objects.filter(name__in=["Ani", "Budi"]).exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("12/06/1985", date(1985, 6, 12)), ("12-06-1985", date(1985, 6, 12)), ("1985-06-12", date(1985, 6, 12)),
    ("31210", date(1985, 6, 12)), ("12 Juni 1985", date(1985, 6, 12)),
])
def test_corrections_files_take_the_dates_the_dtks_uses(text, expected):
    assert parse_date(text) == expected


# --- programme setup -------------------------------------------------------------------------------------

def test_andi_cannot_lower_the_quota_below_the_people_already_enrolled(programme):
    from sinergi.rentan.verification.services import programme_update

    _verified(programme, 2)
    candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))
    lines = [{"source": b.source, "account": b.account, "code": b.code, "name": b.name, "amount": b.amount}
             for b in programme.budget_lines.all()]
    with pytest.raises(WorkflowError) as error:
        programme_update(programme=programme, values={"quota": 1}, budget_lines=lines, routes={},
                         actor=person("andi"))
    assert "2 orang yang sudah terdaftar" in str(error.value)
    programme_update(programme=programme, values={"quota": 2}, budget_lines=lines, routes={}, actor=person("andi"))
    programme.refresh_from_db()
    assert programme.quota == 2


def test_lina_cannot_change_kukars_programme(programme):
    from sinergi.rentan.verification.services import programme_update

    with pytest.raises(PermissionDenied):
        programme_update(programme=programme, values={"quota": 5}, budget_lines=[], routes={}, actor=person("lina"))
