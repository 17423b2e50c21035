"""The cases demo: Yusuf of Balikpapan signs in to a worklist with warnings that have lapsed and cases
that still wait for their first warning; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from sinergi.clock import today
from sinergi.demo.cases import CASES, WITH_SP1, demo_cases
from sinergi.demo.receivables import demo_receivables
from sinergi.demo.setup import DEMO_STEPS, DemoOptions
from sinergi.enforcement.cases.services import worklist
from sinergi.enforcement.models import Case, Letter, Step
from tests.world import person


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(LETTERS_DIR=tmp_path_factory.mktemp("surat")):
        with transaction.atomic():
            options = DemoOptions(scale="tiny", seed=2025)
            demo_receivables(options, lambda message: None)
            first: list[str] = []
            demo_cases(options, first.append)
            counts = (Case.objects.count(), Step.objects.count(), Letter.objects.count())
            second: list[str] = []
            demo_cases(options, second.append)
            yield {"first": first, "second": second, "counts": counts,
                   "cases": list(Case.objects.filter(branch__code="bpjs-cabang-balikpapan").order_by("number")),
                   "worklist": list(worklist(user=person("yusuf"), on=today())),
                   "maria": list(worklist(user=person("maria"), on=today()))}
            transaction.set_rollback(True)


def test_the_cases_demo_runs_after_the_receivables_and_the_pupn_step():
    names = [name for name, _ in DEMO_STEPS]
    assert names.index("cases") > names.index("receivables") and names.index("cases") > names.index("pupn")


def test_balikpapan_has_open_cases_with_numbered_warnings(demo, db):
    cases = demo["cases"]
    assert 0 < len(cases) <= CASES
    assert all(c.number.startswith("KP/BALIKPAPAN/") for c in cases)
    warned = [c for c in cases if c.steps.filter(kind="warning_1").exists()]
    assert 0 < len(warned) <= WITH_SP1
    assert all(c.letters.filter(number__startswith="SP1/BALIKPAPAN/").exists() for c in warned)


def test_yusufs_worklist_has_overdue_work_and_maria_sees_none_of_it(demo, db):
    rows = demo["worklist"]
    assert rows and any(c.next_due < today() for c in rows)
    assert [c.next_due for c in rows] == sorted(c.next_due for c in rows)
    assert demo["maria"] == []


def test_a_second_run_adds_nothing(demo, db):
    assert demo["counts"] == (Case.objects.count(), Step.objects.count(), Letter.objects.count())
    assert "dilewati" in demo["second"][0]
