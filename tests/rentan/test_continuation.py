"""December in a regency: the year's programme can no longer enrol, so Andi of Distransnaker carries the
verified people over into next year's programme and approves them there; this year's participants continue
without a day of double funding."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sinergi.audit.models import AuditEvent
from sinergi.clock import WIB
from sinergi.registry.models import BpuParticipant
from sinergi.rentan.models import Candidate, PaymentBatchLine, VerificationDecision
from sinergi.rentan.payments.services import batch_prepare
from sinergi.rentan.programmes.services import BudgetLineSpec
from sinergi.rentan.verification.continuation import candidates_carry_over
from sinergi.rentan.verification.services import (
    WorkflowError,
    candidates_approve,
    candidates_decide,
    ended_message,
    enrolment_start,
    following_programme,
)
from tests.rentan.conftest import kukar_programme
from tests.rentan.factories import candidate_make
from tests.world import person

V = Candidate.Verification


def on(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=WIB)


@pytest.fixture
def december(time_machine):
    time_machine.move_to(on(date(2025, 12, 8)), tick=False)


def next_year():
    return kukar_programme(
        code="KUKAR-2026", name="Perlindungan Jaminan Sosial Pekerja Rentan Kukar 2026", legal_basis_year=2025,
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 1),
        budget_lines=[
            BudgetLineSpec("apbd", "JKK", "2.07.01.2.02.0001.5.1.02.99.99.2601", "Belanja iuran JKK 2026",
                           Decimal("7000000000")),
            BudgetLineSpec("apbd", "JKM", "2.07.01.2.02.0001.5.1.02.99.99.2602", "Belanja iuran JKM 2026",
                           Decimal("3000000000")),
        ])


def verified(programme, n=2, actor="rahmat"):
    rows = [candidate_make(programme) for _ in range(n)]
    candidates_decide(candidates=Candidate.objects.filter(pk__in=[r.pk for r in rows]), decision=V.VERIFIED,
                      actor=person(actor))
    return rows


def test_approving_in_the_last_month_says_coverage_would_start_after_the_programme_ends(programme, december):
    verified(programme, 1)
    assert enrolment_start(programme) == date(2026, 1, 1)
    with pytest.raises(WorkflowError) as refused:
        candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))
    text = " ".join(refused.value.messages)
    assert "mulai 01/2026, sesudah program ini berakhir (12/2025)" in text
    assert "belum memiliki program untuk tahun berikutnya" in text
    assert not BpuParticipant.objects.exists()
    following = next_year()
    assert following_programme(programme) == following
    assert "ke program Perlindungan Jaminan Sosial Pekerja Rentan Kukar 2026 (KUKAR-2026)" in ended_message(
        programme, date(2026, 1, 1))


def test_the_verified_rows_move_to_next_year_with_their_history_and_are_approved_there(programme, december):
    rows = verified(programme, 3)
    following = next_year()
    result = candidates_carry_over(source=programme, target=following, actor=person("andi"))
    assert (result.moved, result.already_there) == (3, 0)
    assert result.batch.file_name == "Lanjutan dari KUKAR-2025" and result.batch.programme == following
    copies = list(Candidate.objects.filter(programme=following).order_by("row_number"))
    assert [c.nik for c in copies] == [r.nik for r in rows]
    assert all(c.verification == V.VERIFIED and c.verified_by == person("rahmat") for c in copies)
    assert VerificationDecision.objects.filter(candidate__programme=following).count() == 3
    assert AuditEvent.objects.get(action="rentan.candidate.carry_over").after["moved"] == 3
    approved = candidates_approve(programme=following, candidates=Candidate.objects.filter(programme=following),
                                  actor=person("andi"))
    assert approved.start_date == date(2026, 1, 1) and approved.approved == 3
    assert set(BpuParticipant.objects.values_list("programme_code", flat=True)) == {"KUKAR-2026"}
    # The originals stay where they were, not enrolled, so the 2025 programme's figures are unchanged.
    assert not Candidate.objects.filter(programme=programme, participant__isnull=False).exists()


def test_carrying_over_twice_copies_nobody_twice(programme, december):
    verified(programme, 2)
    following = next_year()
    candidates_carry_over(source=programme, target=following, actor=person("andi"))
    again = candidates_carry_over(source=programme, target=following, actor=person("andi"))
    assert (again.moved, again.already_there, again.batch) == (0, 2, None)
    assert Candidate.objects.filter(programme=following).count() == 2


def test_maker_checker_holds_across_the_years(programme, december):
    verified(programme, 1, actor="admin")
    following = next_year()
    candidates_carry_over(source=programme, target=following, actor=person("andi"))
    with pytest.raises(WorkflowError, match="maker-checker"):
        candidates_approve(programme=following, candidates=Candidate.objects.filter(programme=following),
                           actor=person("admin"))


def test_only_a_later_programme_of_the_same_pemda_can_receive_rows(programme, december):
    verified(programme, 1)
    following = next_year()
    with pytest.raises(WorkflowError, match="sesudah program ini berakhir"):
        candidates_carry_over(source=following, target=programme, actor=person("andi"))
    with pytest.raises(WorkflowError, match="Tidak ada baris terverifikasi"):
        candidates_carry_over(source=programme, target=following, actor=person("andi"),
                              candidates=Candidate.objects.none())


def test_this_years_participants_continue_next_year_without_a_day_paid_twice(programme, time_machine):
    time_machine.move_to(on(date(2025, 3, 10)), tick=False)
    verified(programme, 2)
    candidates_approve(programme=programme, candidates=Candidate.objects.all(), actor=person("andi"))
    time_machine.move_to(on(date(2025, 12, 8)), tick=False)
    following = next_year()
    moved = candidates_carry_over(source=programme, target=following, actor=person("andi"), include_enrolled=True)
    assert moved.moved == 2
    result = candidates_approve(programme=following, candidates=Candidate.objects.filter(programme=following),
                                actor=person("andi"))
    assert (result.continued, result.start_date) == (2, date(2026, 1, 1))
    old = BpuParticipant.objects.filter(programme_code="KUKAR-2025")
    assert list(old.values_list("start_date", "end_date").distinct()) == [(date(2025, 4, 1), date(2025, 12, 31))]
    december_batch = batch_prepare(programme=programme, period=date(2025, 12, 1), actor=person("andi"))
    time_machine.move_to(on(date(2026, 1, 5)), tick=False)
    january_batch = batch_prepare(programme=following, period=date(2026, 1, 1), actor=person("andi"))
    assert december_batch.participants == 2 and january_batch.participants == 2
    paid_for = PaymentBatchLine.objects.filter(batch=january_batch).values_list("candidate__participant__programme_code",
                                                                                 flat=True)
    assert set(paid_for) == {"KUKAR-2026"}


def test_andi_sees_why_and_moves_the_rows_from_the_approval_page(login, programme, december):
    verified(programme, 2)
    following = next_year()
    client = login("andi")
    page = client.get(reverse("rentan:approval", args=[programme.pk])).content.decode()
    assert 'data-testid="approval-ended"' in page and "sesudah program ini berakhir (12/2025)" in page
    assert 'data-testid="carry-over"' in page and "Pindahkan 2 baris ke program KUKAR-2026" in page
    response = client.post(reverse("rentan:carry_over", args=[programme.pk]), {"target": following.pk},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("rentan:approval", args=[following.pk])
    assert "2 baris terverifikasi dipindahkan ke program KUKAR-2026" in response.content.decode()
    assert 'data-testid="approval-total">2<' in response.content.decode()
    assert "approval-ended" not in response.content.decode()


def test_another_regions_owner_can_neither_see_nor_move_kukars_rows(login, programme, december):
    verified(programme, 2)
    following = next_year()
    lina = login("lina")  # Disnaker Balikpapan
    assert lina.get(reverse("rentan:approval", args=[programme.pk])).status_code == 404
    response = lina.post(reverse("rentan:carry_over", args=[programme.pk]), {"target": following.pk})
    assert response.status_code == 404
    assert not Candidate.objects.filter(programme=following).exists()
    with pytest.raises(PermissionDenied):
        candidates_carry_over(source=programme, target=following, actor=person("lina"))


def test_the_same_person_verified_twice_is_carried_once_with_both_histories(programme, december):
    first, second = verified(programme, 2)
    Candidate.objects.filter(pk=second.pk).update(nik=first.nik)
    following = next_year()
    result = candidates_carry_over(source=programme, target=following, actor=person("andi"))
    assert result.moved == 1
    copy = Candidate.objects.get(programme=following)
    assert copy.nik == first.nik and copy.name == first.name  # the first in file order
    assert copy.decisions.count() == 2
