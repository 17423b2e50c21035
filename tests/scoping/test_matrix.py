"""Every person × every endpoint: allowed, forbidden (403) or not found (404) — and no leaks in lists."""

from __future__ import annotations

import pytest
from django.db import transaction

from sinergi.orgs.roles import CAPABILITIES, R
from tests.scoping.matrix import ENDPOINTS, make_records, unit_is_under
from tests.world import PEOPLE, person

CASES = [(name, index) for name in PEOPLE for index in range(len(ENDPOINTS))]


def _expected_status(name: str, endpoint) -> int | tuple[int, ...]:
    unit_code, role, _ = PEOPLE[name]
    capabilities = (endpoint.capability,) if isinstance(endpoint.capability, str) else endpoint.capability
    if not any(role in CAPABILITIES[capability] for capability in capabilities):
        return endpoint.denied_status
    if endpoint.owner and role != R.SYSADMIN and not unit_is_under(endpoint.owner, unit_code):
        return (404,)
    return (200,)


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    """The matrix's records, made once for the module inside a transaction that is rolled back at its end;
    each test runs in a savepoint within it (as Django's ``setUpTestData``), so what a request writes is
    undone after every test while the records stay."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield make_records()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{ENDPOINTS[i].name}-{i}" for n, i in CASES])
def test_person_gets_exactly_what_their_unit_and_role_allow(records, client, db, name, index):
    endpoint = ENDPOINTS[index]
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
def test_anonymous_visitors_are_sent_to_the_login_page(records, client, db, index):
    endpoint = ENDPOINTS[index]
    response = client.get(endpoint.url(records))
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
