from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sinergi.orgs.scoping import scoped
from sinergi.rentan.models import OccupationRoute, Programme
from sinergi.rentan.programmes.services import monthly_contribution, route_occupation
from tests.rentan.conftest import kukar_programme
from tests.world import person


def test_a_programme_takes_its_units_and_routes_from_the_pemda(programme):
    assert programme.owner.code == "kukar-distransnaker"
    assert programme.data_unit.code == "kukar-dinsos"
    assert programme.treasury.code == "kukar-bpkd"
    assert (programme.age_min, programme.age_max, programme.declared_income) == (18, 65, Decimal("1000000"))
    routes = {r.category: r.opd.code for r in programme.routes.all()}
    assert routes == {"farmer": "kukar-disbun", "fisher": "kukar-dkp", "transport": "kukar-dishub",
                      "cleaner": "kukar-dlhk", "religious": "kukar-kemenag", "other": "kukar-distransnaker"}


@pytest.mark.parametrize(("occupation", "category"), [
    ("PETANI", "farmer"), ("Buruh tani sawit", "farmer"), ("nelayan", "fisher"), ("Ojek pangkalan", "transport"),
    ("motoris klotok", "transport"), ("Pemulung", "cleaner"), ("Marbot masjid", "religious"),
    ("pedagang kaki lima", "other"), ("", "other"),
])
def test_occupations_are_routed_by_keyword(programme, occupation, category):
    routes = list(programme.routes.order_by("id"))
    assert route_occupation(routes, occupation).category == category


def test_the_apbd_contribution_gets_no_pp50_discount(programme):
    amounts = monthly_contribution(programme, date(2025, 9, 1))
    assert amounts == {"JKK": Decimal("10000"), "JKM": Decimal("6800"), "total": Decimal("16800")}


def test_a_pemda_without_a_dinsos_cannot_run_a_programme(world):
    # A BPJS branch has no OPDs under it: the error names what is missing instead of failing later.
    with pytest.raises(ValidationError, match="Dinas Tenaga Kerja"):
        kukar_programme(code="X-2025", pemda=world.unit("bpjs-cabang-kupang"))


def test_pemkot_balikpapan_does_not_see_kukars_programme(programme):
    assert scoped(Programme, person("lina")).count() == 0
    assert scoped(Programme, person("andi")).get() == programme
    assert scoped(Programme, person("joko")).get() == programme  # Dishub verifies part of it
    assert scoped(OccupationRoute, person("joko")).filter(opd__code="kukar-dishub").exists()
