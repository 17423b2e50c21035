"""A partner system as a service account: bound to one unit with its roles, tokens made by an administrator,
no way into the screens."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from sinergi.api.models import ApiToken
from sinergi.api.services import service_account_create, token_create
from sinergi.audit.models import AuditEvent
from sinergi.cli import main
from sinergi.orgs.roles import R
from tests.dates import frozen_moment
from tests.rentan.conftest import kukar_programme
from tests.world import person, unit

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(frozen_moment(DAY), tick=False):
        yield


def sipd(**kw):
    return service_account_create(username="sipd-kukar", system="SIPD Kutai Kartanegara", org_unit=unit("kukar-bpkd"),
                                  roles=[R.BPKD_TREASURER], contact="Bidang Perbendaharaan BPKD", actor=person("admin"),
                                  **kw)


def test_the_administrator_connects_sipd_kukar_which_reads_kukars_batches_and_not_balikpapans(world):
    account = sipd()
    kukar = kukar_programme(code="KUKAR-SA")
    balikpapan = kukar_programme(code="BPP-SA", pemda=unit("pemkot-balikpapan"), owner=unit("balikpapan-disnaker"),
                                 data_unit=unit("balikpapan-disnaker"), treasury=unit("balikpapan-disnaker"))
    token, secret = token_create(user=account.user, name="server SIPD", actor=person("admin"))
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    codes = [p["code"] for p in client.get("/api/v1/rentan/programmes").json()["items"]]
    assert "KUKAR-SA" in codes and "BPP-SA" not in codes
    assert client.get(f"/api/v1/rentan/programmes/{balikpapan.pk}").status_code == 404
    assert client.get(f"/api/v1/rentan/programmes/{kukar.pk}").status_code == 200
    assert set(AuditEvent.objects.filter(action__in=["api.service_account.create", "api.token.create"])
               .values_list("action", flat=True)) == {"api.service_account.create", "api.token.create"}


def test_a_service_account_cannot_sign_in_to_the_screens(world):
    account = sipd()
    assert not account.user.has_usable_password()
    assert not Client().login(username="sipd-kukar", password="")


def test_only_an_administrator_makes_a_service_account_or_its_tokens(world):
    with pytest.raises(PermissionDenied):
        service_account_create(username="x", system="X", org_unit=unit("kukar-bpkd"), roles=[R.BPKD_TREASURER],
                               actor=person("dewi"))
    account = sipd()
    with pytest.raises(PermissionDenied):
        token_create(user=account.user, name="dari dewi", actor=person("dewi"))
    # Nor may an administrator make a token for a person: people make their own.
    with pytest.raises(PermissionDenied):
        token_create(user=person("dewi"), name="untuk dewi", actor=person("admin"))


def test_a_service_account_needs_its_system_named_and_is_never_an_administrator(world):
    with pytest.raises(ValidationError) as unnamed:
        service_account_create(username="y", system=" ", org_unit=unit("kukar-bpkd"), roles=[R.BPKD_TREASURER],
                               actor=person("admin"))
    assert "nama sistem" in str(unnamed.value)
    with pytest.raises(ValidationError):
        service_account_create(username="z", system="Z", org_unit=unit("sinergi"), roles=[R.SYSADMIN],
                               actor=person("admin"))


def test_the_operator_connects_a_system_from_the_command_line(world, capsys):
    assert main(["api", "service-account", "--username", "sipd-kukar", "--system", "SIPD Kutai Kartanegara",
                 "--org", "kukar-bpkd", "--role", "bpkd_treasurer"]) == 0
    assert main(["api", "token", "--user", "sipd-kukar", "--name", "server SIPD", "--expires", "2027-06-30"]) == 0
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert secret.startswith("sng_") and ApiToken.objects.get().expires_on == dt.date(2027, 6, 30)
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/rentan/batches").status_code == 200
    # A person's tokens are not made here.
    assert main(["api", "token", "--user", "dewi", "--name", "x"]) == 2
    assert "Profil" in capsys.readouterr().err
