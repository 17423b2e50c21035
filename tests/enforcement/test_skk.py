"""SKK to the prosecutors: Maria of BPJS Kupang hands an employer's arrears to the Kejari that serves its
regency; Rina of Kejari Kota Kupang records what she does with it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sinergi.audit.models import AuditEvent
from sinergi.enforcement.models import Skk, SkkEvent
from sinergi.enforcement.skk.services import (
    SkkError,
    instalments_equal,
    kejari_for,
    skk_amounts,
    skk_commit,
    skk_create,
    skk_record,
)
from sinergi.receivables.penalties import bill_penalty
from tests.receivables.factories import bill, employer, total
from tests.world import person, unit

pytestmark = pytest.mark.django_db
S = Skk.Status


def kupang_employer(region="53.71", name="PT Flobamora Sejahtera"):
    emp = employer(branch="bpjs-cabang-kupang", name=name)
    emp.region_id = region
    emp.save(update_fields=["region"])
    return emp


@pytest.fixture
def flobamora():
    emp = kupang_employer()
    for month in ("2024-01", "2024-02", "2024-03"):
        bill(emp, month)
    return emp


def hand_over(emp, dated=dt.date(2024, 3, 20), **kwargs) -> Skk:
    return skk_create(employer=emp, dated=dated, documents=["Rekapitulasi tunggakan"], actor=person("maria"),
                      **kwargs)


@pytest.mark.parametrize(("region", "expected"), [
    ("53.71", "kejari-kota-kupang"), ("53.08", "kejari-ende"), ("53.21", "kejari-belu"),
    ("53.71.01", "kejari-kota-kupang"), ("53", "kejati-ntt"),
])
def test_the_kejari_is_the_one_whose_jurisdiction_holds_the_employers_regency(region, expected):
    assert kejari_for(kupang_employer(region=region)).code == expected


def test_an_employer_without_a_region_gets_no_kejari_by_default():
    emp = employer(branch="bpjs-cabang-kupang")
    assert kejari_for(emp) is None
    bill(emp, "2024-01")
    with pytest.raises(SkkError, match="pilih Kejaksaan secara manual"):
        hand_over(emp)


def test_the_skk_hands_over_the_principal_of_due_bills_and_their_denda_at_its_date(flobamora):
    skk = hand_over(flobamora)
    assert skk.kejari == unit("kejari-kota-kupang")
    assert skk.principal == 2 * total()  # January and February are due; March falls due in April
    due_bills = flobamora.bills.filter(due_date__lte=skk.dated)
    assert skk.penalty == sum(bill_penalty(bill=b, as_of=skk.dated).outstanding for b in due_bills)
    assert skk.penalty > 0
    assert skk.amount == skk.principal + skk.penalty
    assert skk.number == f"SKK.0001/KUPANG/{skk.dated.year}"
    assert [m.period.month for m in skk_amounts(flobamora, skk.dated).months] == [1, 2]
    assert AuditEvent.objects.filter(action="enforcement.skk.create", object_id=str(skk.pk)).exists()


def test_numbers_follow_each_other_within_the_branch_and_year(flobamora):
    other = kupang_employer(region="53.08", name="CV Kelimutu Indah")
    bill(other, "2024-01")
    first, second = hand_over(flobamora), hand_over(other)
    assert (first.number, second.number) == ("SKK.0001/KUPANG/2024", "SKK.0002/KUPANG/2024")
    assert second.kejari.code == "kejari-ende"


def test_an_employer_without_arrears_or_with_an_open_skk_is_refused(flobamora):
    clean = kupang_employer(name="PT Lunas Selalu")
    with pytest.raises(SkkError, match="tidak memiliki tunggakan"):
        hand_over(clean)
    hand_over(flobamora)
    with pytest.raises(SkkError, match="masih memiliki SKK"):
        hand_over(flobamora)


def test_yusuf_of_balikpapan_cannot_hand_over_a_kupang_employer_and_rina_cannot_create_skks(flobamora):
    with pytest.raises(PermissionDenied):
        skk_create(employer=flobamora, dated=dt.date(2024, 3, 20), actor=person("yusuf"))
    with pytest.raises(PermissionDenied):
        skk_create(employer=flobamora, dated=dt.date(2024, 3, 20), actor=person("rina"))


def test_rina_works_the_case_from_summons_to_settlement(flobamora):
    skk = hand_over(flobamora)
    rina = person("rina")
    skk_record(skk=skk, status=S.SUMMONED, dated=dt.date(2024, 4, 2), note="Panggilan I", actor=rina)
    skk_record(skk=skk, status=S.CLARIFICATION, dated=dt.date(2024, 4, 9), actor=rina)
    skk_record(skk=skk, status=S.NEGOTIATION, dated=dt.date(2024, 4, 16), actor=rina)
    skk_commit(skk=skk, dated=dt.date(2024, 4, 16), amount=skk.amount, actor=rina)
    skk = skk_record(skk=skk, status=S.SETTLED, dated=dt.date(2024, 5, 2), actor=rina)
    assert skk.status == S.SETTLED and skk.settled_on == dt.date(2024, 5, 2)
    assert list(SkkEvent.objects.filter(skk=skk).values_list("status", flat=True)) == [
        S.HANDED_OVER, S.SUMMONED, S.CLARIFICATION, S.NEGOTIATION, S.COMMITMENT, S.SETTLED]
    assert AuditEvent.objects.filter(action="enforcement.skk.settled", object_id=str(skk.pk)).exists()


def test_invalid_transitions_say_what_may_come_next(flobamora):
    skk = hand_over(flobamora)
    rina = person("rina")
    with pytest.raises(SkkError, match="tidak dapat dicatat setelah \"Diserahkan\". Yang dapat dicatat: Pemanggilan"):
        skk_record(skk=skk, status=S.NEGOTIATION, dated=dt.date(2024, 4, 2), actor=rina)
    with pytest.raises(SkkError, match="sebelum tanggal SKK"):
        skk_record(skk=skk, status=S.SUMMONED, dated=dt.date(2024, 3, 1), actor=rina)
    skk_record(skk=skk, status=S.FAILED, dated=dt.date(2024, 4, 2), obstacle=Skk.Obstacle.CLOSED,
               note="Kantor kosong sejak Januari", actor=rina)
    with pytest.raises(SkkError, match="sudah tidak berhasil"):
        skk_record(skk=skk, status=S.SUMMONED, dated=dt.date(2024, 4, 3), actor=rina)


def test_a_failure_needs_its_obstacle_and_a_return_its_reason(flobamora):
    skk = hand_over(flobamora)
    rina = person("rina")
    with pytest.raises(SkkError, match="Pilih kendala"):
        skk_record(skk=skk, status=S.FAILED, dated=dt.date(2024, 4, 2), actor=rina)
    with pytest.raises(SkkError, match="alasan pengembalian"):
        skk_record(skk=skk, status=S.RETURNED, dated=dt.date(2024, 4, 2), actor=rina)
    skk = skk_record(skk=skk, status=S.FAILED, dated=dt.date(2024, 4, 2), obstacle=Skk.Obstacle.REFUSES,
                     actor=rina)
    assert (skk.obstacle, skk.settled_on) == (Skk.Obstacle.REFUSES, dt.date(2024, 4, 2))


def test_yohanes_of_kejari_ende_cannot_touch_an_skk_of_kejari_kota_kupang(flobamora):
    skk = hand_over(flobamora)
    with pytest.raises(PermissionDenied):
        skk_record(skk=skk, status=S.SUMMONED, dated=dt.date(2024, 4, 2), actor=person("yohanes"))
    skk_record(skk=skk, status=S.SUMMONED, dated=dt.date(2024, 4, 2), actor=person("agustinus"))


def test_an_instalment_schedule_splits_equally_with_the_remainder_on_the_last():
    plan = instalments_equal(amount=Decimal(10_000_001), count=3, first_due=dt.date(2024, 1, 31))
    assert [d for d, _ in plan] == [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31)]
    assert sum(a for _, a in plan) == Decimal(10_000_001)
    assert plan[0][1] == plan[1][1] == round(Decimal(10_000_001) / 3)


def test_a_commitment_must_add_up_and_stay_within_the_skk_amount(flobamora):
    skk = hand_over(flobamora)
    rina = person("rina")
    skk_record(skk=skk, status=S.SUMMONED, dated=dt.date(2024, 4, 2), actor=rina)
    with pytest.raises(SkkError, match="melebihi nilai SKK"):
        skk_commit(skk=skk, dated=dt.date(2024, 4, 9), amount=skk.amount + 1, actor=rina)
    with pytest.raises(SkkError, match="tidak sama dengan jumlah komitmen"):
        skk_commit(skk=skk, dated=dt.date(2024, 4, 9), amount=Decimal(3_000_000), actor=rina,
                   schedule=[(dt.date(2024, 5, 1), Decimal(1_000_000)), (dt.date(2024, 6, 1), Decimal(1_000_000))])
    schedule = instalments_equal(amount=Decimal(3_000_000), count=3, first_due=dt.date(2024, 5, 1))
    skk = skk_commit(skk=skk, dated=dt.date(2024, 4, 9), amount=Decimal(3_000_000), schedule=schedule, actor=rina)
    assert skk.status == S.COMMITMENT
    assert list(skk.instalments.values_list("sequence", "amount")) == [(1, 1_000_000), (2, 1_000_000),
                                                                      (3, 1_000_000)]


def test_a_case_referred_by_skk_moves_to_stage_skk_with_its_letter(flobamora):
    from sinergi.enforcement.models import Case, Letter, Step
    from tests.enforcement.factories import case_make, step_make

    case = case_make(employer=flobamora, opened_on=dt.date(2024, 2, 1), amount=2 * total())
    with pytest.raises(SkkError, match="setelah Surat Peringatan 1 dan 2"):
        hand_over(flobamora, case=case)
    step_make(case=case, kind=Step.Kind.WARNING_1, started_on=dt.date(2024, 2, 5), due_on=dt.date(2024, 2, 19))
    step_make(case=case, kind=Step.Kind.WARNING_2, started_on=dt.date(2024, 2, 20), due_on=dt.date(2024, 3, 5))
    skk = hand_over(flobamora, case=case)
    case.refresh_from_db()
    assert case.stage == Case.Stage.SKK and skk.case == case
    step = case.steps.get(kind=Step.Kind.SKK)
    assert step.letter.kind == Letter.Kind.SKK and skk.number in step.outcome
