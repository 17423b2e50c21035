"""The PUPN demo: Kalimantan's 22 macet employers of source 000 are candidates spread over four KPKNL, and
Dimas of BPJS Balikpapan has handed one batch of three over to KPKNL Balikpapan, where Budi works it.

Built once on the hidden ``tiny`` receivables scale with the demo's users, run twice to show that a second
run adds nothing; rolled back at the end of the module.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.test.utils import override_settings

from sinergi.clock import today
from sinergi.demo.enforcement_pupn import HANDED_OVER, demo_pupn, handover_date, handover_number
from sinergi.demo.receivables import demo_receivables
from sinergi.demo.setup import DEMO_STEPS, DemoOptions
from sinergi.enforcement.models import Case, Letter, PupnCase, PupnHandover
from sinergi.enforcement.pupn.services import handovers_visible, pupn_candidates, pupn_cases_visible
from sinergi.orgs.models import User
from sinergi.orgs.roles import R
from sinergi.orgs.services import user_create
from tests.world import person, unit


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), transaction.atomic(), \
            override_settings(LETTERS_DIR=tmp_path_factory.mktemp("surat")):
        options = DemoOptions(scale="tiny", seed=2025)
        dict(DEMO_STEPS)["users"](options, lambda message: None)
        demo_receivables(options, lambda message: None)
        first: list[str] = []
        demo_pupn(options, first.append)
        counts = (PupnHandover.objects.count(), PupnCase.objects.count(), Letter.objects.count())
        second: list[str] = []
        demo_pupn(options, second.append)
        screen = pupn_candidates(unit=unit("bpjs-kanwil-kalimantan"))
        yield {"first": first, "second": second, "counts": counts, "screen": screen,
               "groups": {g["kpknl"].code: g["employers"] for g in screen.by_kpknl()}}
        transaction.set_rollback(True)


def _handover() -> PupnHandover:
    return PupnHandover.objects.get(number=handover_number(handover_date(today()).year))


def test_the_pupn_step_runs_after_the_receivables():
    names = [name for name, _step in DEMO_STEPS]
    assert names.index("pupn") > names.index("receivables")


def test_the_22_candidates_of_kanwil_kalimantan_are_the_batch_and_those_left(demo, db):
    screen = demo["screen"]
    assert len(screen.eligible) == 22 - HANDED_OVER and not screen.blocked
    assert demo["groups"] == {"kpknl-balikpapan": 6 - HANDED_OVER, "kpknl-samarinda": 7, "kpknl-bontang": 4,
                              "kpknl-tarakan": 5}
    handed = sum((c.principal for c in _handover().cases.all()), Decimal(0))
    assert Decimal(1_900_000_000) <= screen.principal + handed <= Decimal(2_100_000_000)
    assert f"{22 - HANDED_OVER} pemberi kerja" in demo["first"][-1] and "KPKNL Tarakan 5" in demo["first"][-1]


def test_one_batch_is_handed_over_to_kpknl_balikpapan_with_its_pengantar(demo, db):
    handover = _handover()
    assert handover.status == PupnHandover.Status.HANDED_OVER and handover.kpknl.code == "kpknl-balikpapan"
    assert handover.dated == handover_date(today()) and handover.dated <= today()
    cases = list(handover.cases.select_related("employer"))
    assert len(cases) == HANDED_OVER
    assert all(c.principal > 0 and c.bill_ids and c.amount == c.principal + c.penalty for c in cases)
    assert {c.employer.branch.code for c in cases} == {"bpjs-cabang-balikpapan"}
    letter = Letter.objects.get(handover=handover)
    assert letter.kind == "pengantar_kpknl" and letter.number.startswith("KPKNL/") and letter.dated == handover.dated
    assert handover.created_by.username == "bpp.piutang"
    assert handover.number in demo["first"][0]


def test_the_batch_is_the_same_for_the_same_seed_and_a_second_run_adds_nothing(demo, db):
    assert demo["counts"] == (1, HANDED_OVER, 1)
    assert (PupnHandover.objects.count(), PupnCase.objects.count(), Letter.objects.count()) == demo["counts"]
    assert "sudah ada" in demo["second"][0]
    npps = sorted(_handover().cases.values_list("employer__npp", flat=True))
    assert ", ".join(npps) in demo["first"][0]  # the log names the batch the seed picked


def test_budi_of_kpknl_balikpapan_sees_the_batch_and_other_offices_do_not(demo, db, client):
    handover = _handover()
    budi = User.objects.get(username="kpknl.balikpapan")
    assert list(handovers_visible(user=budi).values_list("pk", flat=True)) == [handover.pk]
    assert pupn_cases_visible(user=budi).count() == HANDED_OVER
    client.force_login(budi)
    page = client.get("/penegakan/pupn/").content.decode()
    assert handover.number in page
    detail = client.get(f"/penegakan/pupn/{handover.pk}/")
    assert detail.status_code == 200 and handover.cases.first().employer.npp in detail.content.decode()

    samarinda = user_create(username="kpknl.samarinda.uji", org_unit=unit("kpknl-samarinda"),
                            roles=[R.KPKNL_OFFICER], password="uji-coba-2025", actor=None, validate=False)
    for outsider in (samarinda, person("maria"), person("rina")):
        assert not handovers_visible(user=outsider).filter(pk=handover.pk).exists()
        assert not pupn_cases_visible(user=outsider).exists()
    client.force_login(samarinda)
    assert handover.number not in client.get("/penegakan/pupn/").content.decode()
    assert client.get(f"/penegakan/pupn/{handover.pk}/").status_code == 404


def test_the_handed_over_employers_leave_the_candidates_and_their_open_cases_move_to_pupn(demo, db):
    handover = _handover()
    left = {c.employer_id for c in demo["screen"].eligible}
    assert not left & set(handover.cases.values_list("employer_id", flat=True))
    linked = handover.cases.exclude(case=None).values_list("case_id", flat=True)
    assert not Case.objects.filter(pk__in=linked).exclude(stage=Case.Stage.PUPN).exists()
