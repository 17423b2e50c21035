"""The partner API: personal tokens, the same scope as the screens, problem details, offline docs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from sinergi.api.models import ApiToken, ApiUsage
from sinergi.api.services import token_create, token_revoke
from sinergi.audit.models import AuditEvent
from sinergi.enforcement.models import Skk
from tests.dates import frozen_moment
from tests.registry.factories import employer_make
from tests.world import person, unit

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(frozen_moment(DAY), tick=False):
        yield


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _token(name="yusuf", **kw) -> str:
    return token_create(user=person(name), name="Sistem uji", actor=person(name), **kw)[1]


def test_yusuf_reads_his_branchs_employers_with_a_token_and_not_kupangs(world):
    own = employer_make(branch="bpjs-cabang-balikpapan", name="PT Teluk Balikpapan")
    other = employer_make(branch="bpjs-cabang-kupang", name="PT Kota Karang")
    client = bearer(_token())
    response = client.get("/api/v1/employers/")
    assert response.status_code == 200
    npps = [row["npp"] for row in response.json()["items"]]
    assert own.npp in npps and other.npp not in npps
    row = next(r for r in response.json()["items"] if r["npp"] == own.npp)
    assert row["branch"] == "bpjs-cabang-balikpapan" and row["outstanding"] == "0.00"
    assert client.get(f"/api/v1/employers/{own.pk}").json()["name"] == "PT Teluk Balikpapan"
    missing = client.get(f"/api/v1/employers/{other.pk}")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert missing.json()["title"] == "Tidak ditemukan" and missing.json()["status"] == 404


def test_pages_follow_the_cursor_to_the_end_without_repeating_a_row(world):
    made = {employer_make(branch="bpjs-cabang-balikpapan").npp for _ in range(5)}
    client = bearer(_token())
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/employers/", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [r["npp"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) and made <= set(seen)


def test_rina_of_kejari_kota_kupang_sees_only_the_skks_addressed_to_her_kejari(world):
    employer = employer_make(branch="bpjs-cabang-kupang")
    mine = Skk.objects.create(employer=employer, branch=unit("bpjs-cabang-kupang"), kejari=unit("kejari-kota-kupang"),
                              number="SKK-API-1", dated=dt.date(2026, 3, 1), principal=5_000_000, amount=5_000_000)
    ende = Skk.objects.create(employer=employer, branch=unit("bpjs-cabang-kupang"), kejari=unit("kejari-ende"),
                              number="SKK-API-2", dated=dt.date(2026, 3, 1), principal=5_000_000, amount=5_000_000)
    client = bearer(_token("rina"))
    numbers = [s["number"] for s in client.get("/api/v1/skk/").json()["items"]]
    assert numbers == ["SKK-API-1"]
    detail = client.get(f"/api/v1/skk/{mine.pk}").json()
    assert detail["kejari"] == "kejari-kota-kupang" and detail["amount"] == "5000000.00" and detail["events"] == []
    assert client.get(f"/api/v1/skk/{ende.pk}").status_code == 404
    # Rina's role does not read the employer registry: 403, as on the screen.
    forbidden = client.get("/api/v1/employers/")
    assert forbidden.status_code == 403 and forbidden.json()["type"].endswith("/tidak-berwenang")


def test_a_revoked_or_expired_or_unknown_token_answers_401(world):
    raw = _token(expires_on=DAY + dt.timedelta(days=10))
    client = bearer(raw)
    assert client.get("/api/v1/skk/").status_code == 200
    with time_machine.travel(frozen_moment(DAY + dt.timedelta(days=11)), tick=False):
        expired = client.get("/api/v1/skk/")
    assert expired.status_code == 401 and expired["WWW-Authenticate"].startswith("Bearer")
    token_revoke(token=ApiToken.objects.get(), actor=person("yusuf"))
    assert client.get("/api/v1/skk/").status_code == 401
    assert bearer("sng_not-a-token").get("/api/v1/skk/").status_code == 401
    assert Client().get("/api/v1/skk/").json()["title"] == "Perlu autentikasi"


def test_only_a_hash_is_stored_and_use_is_counted_per_day(world):
    raw = _token()
    token = ApiToken.objects.get()
    assert raw not in (token.key_hash, token.prefix) and raw.startswith(token.prefix)
    client = bearer(raw)
    for _ in range(3):
        client.get("/api/v1/skk/")
    assert ApiUsage.objects.get(token=token, day=DAY).requests == 3
    assert AuditEvent.objects.filter(action="api.token.create").count() == 1


def test_a_token_is_made_by_its_owner_named_and_at_most_a_year_long(world):
    with pytest.raises(ValidationError):
        token_create(user=person("yusuf"), name="  ", actor=person("yusuf"))
    with pytest.raises(ValidationError):
        token_create(user=person("yusuf"), name="X", expires_on=DAY + dt.timedelta(days=400), actor=person("yusuf"))
    with pytest.raises(PermissionDenied):
        token_create(user=person("yusuf"), name="X", actor=person("rina"))


def test_a_bad_parameter_is_a_problem_detail_in_indonesian(world):
    response = bearer(_token()).get("/api/v1/employers/", {"limit": 0})
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "Permintaan tidak valid" and any("limit" in e["location"] for e in body["errors"])


def test_the_schema_and_the_docs_are_served_from_the_package(login):
    client = login("yusuf")
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.") and "/api/v1/employers/" in schema["paths"]
    assert schema["info"]["title"] == "Sinergi API"
    docs = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn." not in docs and "unpkg" not in docs


def test_the_profile_page_shows_a_new_token_once_and_revokes_it(login):
    client = login("yusuf")
    page = client.post("/profil/token-api/", {"name": "SIPD Kukar", "expires_on": ""})
    assert page.status_code == 200
    text = page.content.decode()
    secret = text.split('<code class="user-select-all">')[1].split("</code>")[0]
    assert secret.startswith("sng_") and bearer(secret).get("/api/v1/skk/").status_code == 200
    again = client.get("/profil/token-api/").content.decode()
    assert "SIPD Kukar" in again and secret not in again
    token = ApiToken.objects.get(name="SIPD Kukar")
    assert client.post(f"/profil/token-api/{token.pk}/cabut/").status_code == 302
    assert bearer(secret).get("/api/v1/skk/").status_code == 401
    assert login("rina").post(f"/profil/token-api/{token.pk}/cabut/").status_code == 404


def test_an_empty_name_is_refused_on_the_page(login):
    page = login("yusuf").post("/profil/token-api/", {"name": "", "expires_on": ""})
    assert page.status_code == 400 and "Beri nama token." in page.content.decode()


def test_json_money_is_a_decimal_string(world):
    employer_make(branch="bpjs-cabang-balikpapan")
    row = bearer(_token()).get("/api/v1/employers/").json()["items"][0]
    assert isinstance(row["billed"], str) and json.dumps(row)
