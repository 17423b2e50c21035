"""The PUPN demo: Kalimantan's 22 macet employers of source 000 are candidates, spread over four KPKNL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from sinergi.demo.enforcement_pupn import demo_pupn
from sinergi.demo.receivables import demo_receivables
from sinergi.demo.setup import DEMO_STEPS, DemoOptions
from sinergi.enforcement.models import PupnHandover
from sinergi.enforcement.pupn import pupn_candidates
from tests.world import unit


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        options = DemoOptions(scale="tiny", seed=2025)
        demo_receivables(options, lambda message: None)
        log: list[str] = []
        demo_pupn(options, log.append)
        screen = pupn_candidates(unit=unit("bpjs-kanwil-kalimantan"))
        yield {"log": log, "screen": screen, "groups": {g["kpknl"].code: g["employers"] for g in screen.by_kpknl()},
               "handovers": PupnHandover.objects.count()}
        transaction.set_rollback(True)


def test_the_pupn_step_runs_after_the_receivables():
    names = [name for name, _step in DEMO_STEPS]
    assert names.index("pupn") > names.index("receivables")


def test_the_22_candidates_of_kanwil_kalimantan_cover_the_four_kpknl(demo, db):
    screen = demo["screen"]
    assert len(screen.eligible) == 22 and not screen.blocked
    assert demo["groups"] == {"kpknl-balikpapan": 6, "kpknl-samarinda": 7, "kpknl-bontang": 4, "kpknl-tarakan": 5}
    assert Decimal(1_900_000_000) <= screen.principal <= Decimal(2_100_000_000)


def test_the_step_leaves_them_to_be_handed_over_and_says_so(demo, db):
    assert demo["handovers"] == 0
    assert "22 pemberi kerja" in demo["log"][0] and "KPKNL Tarakan 5" in demo["log"][0]
