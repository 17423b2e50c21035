"""Every person × every endpoint: allowed, forbidden (403) or not found (404) — and no leaks in lists."""

from __future__ import annotations

import pytest

from sinergi.orgs.roles import CAPABILITIES, R
from tests.scoping.matrix import ENDPOINTS, make_records, unit_is_under
from tests.world import PEOPLE, person

CASES = [(name, index) for name in PEOPLE for index in range(len(ENDPOINTS))]


def _expected_status(name: str, endpoint) -> int | tuple[int, ...]:
    unit_code, role, _ = PEOPLE[name]
    if role not in CAPABILITIES[endpoint.capability]:
        return endpoint.denied_status
    if endpoint.owner and role != R.SYSADMIN and not unit_is_under(endpoint.owner, unit_code):
        return (404,)
    return (200,)


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{ENDPOINTS[i].name}-{i}" for n, i in CASES])
def test_person_gets_exactly_what_their_unit_and_role_allow(client, db, name, index):
    endpoint = ENDPOINTS[index]
    records = make_records()
    client.force_login(person(name))
    response = client.get(endpoint.url(records))
    assert response.status_code in _expected_status(name, endpoint), response.content[:500]
    if endpoint.markers and response.status_code == 200:
        page = response.content.decode()
        unit_code, role, _ = PEOPLE[name]
        for owner, marker in endpoint.markers(records).items():
            visible = role == R.SYSADMIN or unit_is_under(owner, unit_code)
            assert (marker in page) == visible, f"{name} {'misses' if visible else 'sees'} {owner}'s record"


@pytest.mark.parametrize("index", range(len(ENDPOINTS)), ids=[e.name for e in ENDPOINTS])
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, index):
    endpoint = ENDPOINTS[index]
    response = client.get(endpoint.url(make_records()))
    assert response.status_code == endpoint.anonymous_status
    if endpoint.anonymous_status == 401:
        assert response["Content-Type"] == "application/problem+json"
        return
    assert "/masuk/" in response["Location"] or "/admin/login/" in response["Location"]


def test_rina_of_kejari_kota_kupang_cannot_open_kejari_ende(login, world):
    client = login("rina")
    response = client.get(f"/unit/{world.unit('kejari-ende').pk}/")
    assert response.status_code == 404


def test_agustinus_of_kejati_ntt_sees_every_kejari_of_his_province(login, world):
    client = login("agustinus")
    for code in ("kejari-kota-kupang", "kejari-ende", "kejari-sikka"):
        assert client.get(f"/unit/{world.unit(code).pk}/").status_code == 200
    assert client.get(f"/unit/{world.unit('kejari-balikpapan').pk}/").status_code == 404


def test_hendra_of_kanwil_kalimantan_sees_his_branches_but_not_kupang(login, world):
    client = login("hendra")
    assert client.get(f"/unit/{world.unit('bpjs-cabang-tarakan').pk}/").status_code == 200
    assert client.get(f"/unit/{world.unit('bpjs-cabang-kupang').pk}/").status_code == 404


def test_joko_of_dishub_cannot_see_disbun(login, world):
    client = login("joko")
    assert client.get(f"/unit/{world.unit('kukar-disbun').pk}/").status_code == 404
