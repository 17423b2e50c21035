from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sinergi.audit.models import AuditEvent
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import R
from sinergi.orgs.services import (
    org_unit_create,
    org_unit_update,
    orgs_load_reference,
    user_create,
    user_update,
)


def test_the_reference_offices_load_once(db):
    assert orgs_load_reference() == {"units": OrgUnit.objects.count(), "created": 0, "updated": 0}


def test_the_source_documents_offices_are_in_their_hierarchy(world):
    assert world.unit("bpjs-cabang-tenggarong").parent.code == "bpjs-kanwil-kalimantan"
    assert world.unit("bpjs-cabang-kupang").parent.code == "bpjs-kanwil-banuspa"
    assert sorted(u.code for u in world.unit("djkn-kanwil-kaltimtara").children.all()) == [
        "kpknl-balikpapan", "kpknl-bontang", "kpknl-samarinda", "kpknl-tarakan"]
    kukar_opds = {u.opd_type for u in world.unit("pemkab-kukar").children.all()}
    assert {"disnaker", "dinsos", "disbun", "dlhk", "dkp", "dishub", "kemenag", "bpkd"} <= kukar_opds
    assert list(world.unit("kejari-ende").jurisdiction.values_list("code", flat=True)) == ["53.08"]


def test_a_prosecutor_role_cannot_be_given_to_a_bpjs_branch(world):
    with pytest.raises(ValidationError, match="tidak dapat diberikan"):
        user_create(username="salah", org_unit=world.unit("bpjs-cabang-balikpapan"), roles=[R.PROSECUTOR],
                    password="rahasia-2025-x", actor=world.person("admin"))


def test_a_weak_password_is_refused_in_indonesian(world):
    with pytest.raises(ValidationError) as error:
        user_create(username="baru", org_unit=world.unit("kejari-ende"), roles=[R.PROSECUTOR],
                    password="abcdefghijk", actor=world.person("admin"))
    assert "huruf dan angka" in " ".join(error.value.messages)


def test_creating_and_changing_a_user_is_audited_with_before_and_after(world):
    admin = world.person("admin")
    user = user_create(username="siti", org_unit=world.unit("kejari-ende"), roles=[R.PROSECUTOR],
                       password="kejaksaan-2025", actor=admin, first_name="Siti")
    user_update(user=user, actor=admin, position="Kasidatun", reason="mutasi jabatan")
    events = list(AuditEvent.objects.filter(object_type="orgs.user", object_id=str(user.pk)).order_by("at", "id"))
    assert [e.action for e in events] == ["orgs.user.create", "orgs.user.update"]
    assert events[1].before["position"] == "" and events[1].after["position"] == "Kasidatun"
    assert events[1].reason == "mutasi jabatan" and events[1].actor == admin
    assert events[1].scope_unit.code == "kejari-ende"
    assert "password" not in events[0].after


def test_moving_a_unit_moves_its_whole_subtree(world):
    admin = world.person("admin")
    kanwil = org_unit_create(code="kanwil-uji", name="Kanwil Uji", kind="bpjs_kanwil", actor=admin)
    branch = world.unit("bpjs-cabang-tarakan")
    org_unit_update(unit=branch, actor=admin, parent=kanwil)
    branch.refresh_from_db()
    assert branch.path == f"{kanwil.path}{branch.pk}/"
    with pytest.raises(ValidationError):
        org_unit_update(unit=kanwil, actor=admin, parent=branch)


def test_an_opd_type_only_belongs_to_an_opd(world):
    with pytest.raises(ValidationError):
        org_unit_create(code="salah-opd", name="Salah", kind="kejari", opd_type="dinsos", actor=None)
