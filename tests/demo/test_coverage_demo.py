"""The coverage demo at the hidden ``tiny`` scale, on a fixed day: NTT May 2025 reads 541.067 of 1.676.573
(32,27 %) with the scale shown, from the demo registry's own count; a second run adds nothing. Built once for
the module and rolled back at its end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction

from sinergi.audit.models import AuditEvent
from sinergi.coverage.models import CoverageFact
from sinergi.coverage.selectors import coverage_report, scope_resolve
from sinergi.demo.coverage import demo_coverage
from sinergi.demo.receivables import demo_receivables
from sinergi.demo.setup import DEMO_STEPS, DemoOptions
from tests.dates import frozen_moment

DAY = dt.date(2025, 12, 10)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(frozen_moment(DAY), tick=False):
        with transaction.atomic():
            options = DemoOptions(scale="tiny", seed=2025)
            log: list[str] = []
            demo_receivables(options, log.append)
            demo_coverage(options, log.append)
            yield {"log": log, "options": options}
            transaction.set_rollback(True)


def test_the_coverage_demo_runs_last():
    assert [name for name, _step in DEMO_STEPS][-1] == "coverage"


def test_ntt_may_2025_reads_the_seed_figure_from_the_scaled_registry(demo, db):
    with time_machine.travel(frozen_moment(DAY), tick=False):
        report = coverage_report(user=None, month="2025-05", scope=scope_resolve(province="53"))
    assert report.participants == 541_067
    assert report.denominator.potential == 1_676_573 and report.coverage == Decimal("32.27")
    assert 1_000_000 <= report.gap <= 1_200_000  # "sekitar 1,1 juta" unprotected
    assert report.scale > 1
    raw = CoverageFact.objects.filter(month=dt.date(2025, 5, 1), province_code="53", programme="jkk",
                                      definition="billed")
    assert sum(f.participants for f in raw) == 541_067 and {f.scale for f in raw} == {report.scale}


def test_every_billed_month_has_facts_and_kaltim_is_not_scaled(demo, db):
    months = set(CoverageFact.objects.values_list("month", flat=True))
    assert len(months) == 36
    assert not CoverageFact.objects.filter(province_code="64").exclude(scale=1).exists()
    assert CoverageFact.objects.filter(province_code="64", programme="jkk").exists()


def test_a_second_run_adds_nothing(demo, db):
    with time_machine.travel(frozen_moment(DAY), tick=False):
        before = sorted(CoverageFact.objects.values_list("month", "definition", "regency_code", "branch_id",
                                                         "sector", "segment", "programme", "participants"))
        events = AuditEvent.objects.count()
        demo_coverage(demo["options"], lambda message: None)
        after = sorted(CoverageFact.objects.values_list("month", "definition", "regency_code", "branch_id",
                                                        "sector", "segment", "programme", "participants"))
    assert after == before
    assert AuditEvent.objects.count() == events
