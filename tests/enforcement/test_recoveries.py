"""Recoveries of an SKK: the payments that reach the ledger for the employer after the SKK date.

Maria of BPJS Kupang hands PT Sasando Jaya's arrears to Kejari Kota Kupang; what the employer pays from that
day on is Rina's recovery, up to the amount handed over.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from sinergi.enforcement.models import Instalment, Skk
from sinergi.enforcement.skk.recoveries import (
    instalments_apply,
    instalments_status,
    skk_realised,
    skks_with_late_instalments,
    with_realised,
)
from sinergi.receivables.payments import payment_reverse
from tests.receivables.factories import employer, pay
from tests.world import unit

pytestmark = pytest.mark.django_db


def make_skk(emp, *, dated="2024-03-04", principal=10_000_000, penalty=0, number=None, **fields) -> Skk:
    return Skk.objects.create(
        employer=emp, branch=unit("bpjs-cabang-kupang"), kejari=fields.pop("kejari", unit("kejari-kota-kupang")),
        number=number or f"SKK.{emp.npp}.{dated}", dated=dt.date.fromisoformat(dated), principal=principal,
        penalty=penalty, amount=principal + penalty, **fields)


@pytest.fixture
def sasando():
    return employer(branch="bpjs-cabang-kupang", name="PT Sasando Jaya")


def test_payments_before_the_skk_date_do_not_count_and_the_day_itself_does(sasando):
    skk = make_skk(sasando)
    pay(sasando, 2_000_000, "2024-03-03")
    pay(sasando, 1_500_000, "2024-03-04")
    pay(sasando, 1_000_000, "2024-05-10")
    assert skk_realised(Skk.objects.all()) == {skk.pk: Decimal(2_500_000)}


def test_a_reversed_payment_is_no_recovery(sasando):
    skk = make_skk(sasando)
    wrong = pay(sasando, 4_000_000, "2024-04-01")
    pay(sasando, 1_000_000, "2024-04-02")
    payment_reverse(payment=wrong, reason="salah pemberi kerja", actor=None)
    assert skk_realised(Skk.objects.filter(pk=skk.pk))[skk.pk] == Decimal(1_000_000)


def test_the_recovery_is_capped_at_the_amount_handed_over(sasando):
    skk = make_skk(sasando, principal=3_000_000, penalty=500_000)
    pay(sasando, 5_000_000, "2024-04-01")
    assert skk_realised(Skk.objects.all())[skk.pk] == Decimal(3_500_000)


def test_a_later_skk_of_the_same_employer_takes_the_later_payments(sasando):
    first = make_skk(sasando, dated="2024-01-10")
    second = make_skk(sasando, dated="2024-06-01")
    pay(sasando, 1_000_000, "2024-02-01")
    pay(sasando, 2_000_000, "2024-06-01")
    assert skk_realised(Skk.objects.all()) == {first.pk: Decimal(1_000_000), second.pk: Decimal(2_000_000)}


def test_a_closed_skk_collects_nothing_after_its_settlement_date(sasando):
    skk = make_skk(sasando, status=Skk.Status.SETTLED, settled_on=dt.date(2024, 4, 30))
    pay(sasando, 1_000_000, "2024-04-30")
    pay(sasando, 7_000_000, "2024-05-02")
    assert skk_realised(Skk.objects.all())[skk.pk] == Decimal(1_000_000)


def test_a_legacy_register_figure_counts_and_the_ledger_only_after_the_import(sasando):
    skk = make_skk(sasando, legacy=True, legacy_realised=4_000_000)
    pay(sasando, 3_000_000, "2024-05-02")  # already in the register's figure
    assert skk_realised(Skk.objects.all())[skk.pk] == Decimal(4_000_000)


def test_another_employers_payments_do_not_count(sasando):
    other = employer(branch="bpjs-cabang-kupang", name="CV Lontar Abadi")
    skk = make_skk(sasando)
    pay(other, 9_000_000, "2024-05-02")
    assert skk_realised(Skk.objects.all())[skk.pk] == Decimal(0)


def test_the_realised_annotation_aggregates_per_kejari_in_one_query(sasando, django_assert_num_queries):
    other = employer(branch="bpjs-cabang-kupang", name="CV Lontar Abadi")
    make_skk(sasando)
    make_skk(other, kejari=unit("kejari-ende"), legacy=True, legacy_realised=250_000)
    pay(sasando, 1_000_000, "2024-05-02")
    with django_assert_num_queries(1):
        rows = {r["kejari__code"]: r["total"] for r in
                with_realised(Skk.objects.all()).values("kejari__code").annotate(total=Sum("realised")).order_by()}
    assert rows == {"kejari-kota-kupang": Decimal(1_000_000), "kejari-ende": Decimal(250_000)}


def test_instalments_are_paid_in_sequence_and_late_when_past_due(sasando):
    skk = make_skk(sasando, principal=9_000_000, status=Skk.Status.COMMITMENT)
    for seq, due in enumerate(("2024-04-30", "2024-05-31", "2024-06-30"), start=1):
        Instalment.objects.create(skk=skk, sequence=seq, due_on=dt.date.fromisoformat(due), amount=3_000_000)
    pay(sasando, 4_000_000, "2024-04-20")
    states = instalments_status(skk, on=dt.date(2024, 6, 5))
    assert [(s.state, s.paid) for s in states] == [
        ("paid", Decimal(3_000_000)), ("late", Decimal(1_000_000)), ("due", Decimal(0))]
    assert skks_with_late_instalments(Skk.objects.all(), on=dt.date(2024, 6, 5)) == {skk.pk}
    assert skks_with_late_instalments(Skk.objects.all(), on=dt.date(2024, 5, 31)) == set()


def test_an_instalment_due_today_is_not_late_yet():
    class Item:
        sequence, due_on, amount = 1, dt.date(2024, 5, 31), Decimal(100)

    assert instalments_apply([Item()], Decimal(0), on=dt.date(2024, 5, 31))[0].state == "due"
