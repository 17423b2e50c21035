"""The vulnerable-worker demo at the hidden ``tiny`` scale (a 900-row DTKS file): Kukar's programme with
about two thirds of the file valid and verified, about a third needing correction, the verified enrolled,
and a payment batch per month since enrolment — the oldest reconciled in the wadah's ledger. A second run
adds nothing. Built once for the module and rolled back at its end."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from sinergi.clock import today
from sinergi.demo.rentan import ROWS, demo_programme_codes, demo_rentan
from sinergi.demo.setup import DEMO_STEPS, DemoOptions, _step_users
from sinergi.receivables.ledger import employer_balance
from sinergi.rentan.models import Candidate, PaymentBatch, Programme
from sinergi.rentan.payments.codes import code_is_valid

TABLES = ("rentan_programme", "rentan_importbatch", "rentan_candidate", "rentan_paymentbatch",
          "rentan_paymentbatchline", "rentan_contributioncode", "registry_bpuparticipant", "receivables_payment",
          "receivables_bill", "audit_auditevent")
V = Candidate.Verification


def counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (constant table names)
            result[table] = cursor.fetchone()[0]
        return result


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            _step_users(DemoOptions(), lambda message: None)
            log: list[str] = []
            demo_rentan(DemoOptions(scale="tiny", seed=2025), log.append)
            codes = demo_programme_codes(today())
            yield {"log": log, "imported": Programme.objects.get(code=codes["imported"]),
                   "programme": Programme.objects.get(code=codes["current"])}
            transaction.set_rollback(True)


def test_the_rentan_demo_runs_after_the_receivables():
    names = [name for name, _step in DEMO_STEPS]
    assert names.index("rentan") > names.index("receivables")


def test_about_two_thirds_are_verified_and_a_third_need_correction(demo, db):
    rows = Candidate.objects.filter(programme=demo["imported"])
    assert rows.count() == ROWS["tiny"]
    verified = rows.filter(verification=V.VERIFIED).count()
    needs_correction = rows.filter(verification=V.NEEDS_CORRECTION).count() + rows.exclude(
        status=Candidate.Status.VALID).count()
    assert 0.60 * ROWS["tiny"] <= verified <= 0.72 * ROWS["tiny"]
    assert 0.28 * ROWS["tiny"] <= needs_correction <= 0.38 * ROWS["tiny"]
    reasons = set(rows.filter(verification=V.NEEDS_CORRECTION).values_list("verification_reason", flat=True))
    assert len(reasons) >= 2 and all(reasons)
    assert rows.filter(verification=V.VERIFIED, participant__isnull=True).count() == 0  # all enrolled


def test_every_month_since_enrolment_has_a_batch_the_oldest_reconciled(demo, db):
    programme = demo["programme"]
    batches = list(PaymentBatch.objects.filter(programme=programme).order_by("period"))
    assert batches and batches[-1].period == today().replace(day=1)
    assert batches[-1].status == PaymentBatch.Status.DRAFT
    if len(batches) >= 3:
        assert batches[0].status == PaymentBatch.Status.RECONCILED
        assert batches[-2].status == PaymentBatch.Status.SUBMITTED
        balance = employer_balance(programme.employer)
        assert balance.paid_principal == batches[0].total and balance.outstanding == 0
    enrolled = Candidate.objects.filter(programme=programme, participant__isnull=False).count()
    assert all(b.participants == enrolled for b in batches)
    codes = [c.code for b in batches for c in b.codes.all()]
    assert len(codes) == 2 * len(batches) and len(set(codes)) == len(codes)
    assert all(code_is_valid(code) for code in codes)


def test_a_second_run_adds_nothing(demo, db):
    before = counts()
    demo_rentan(DemoOptions(scale="tiny", seed=2025), lambda message: None)
    assert counts() == before
