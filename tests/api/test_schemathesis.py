"""schemathesis against the API's own OpenAPI schema, in process, as a person of each agency: every generated
request — valid or not — gets an answer the schema allows (no 500, no undocumented status, a body of the
documented shape), and no answer to one person carries a record of a unit outside theirs (the scoping matrix's
markers)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from sinergi.api.api import api
from sinergi.api.services import token_create
from sinergi.orgs.roles import R
from tests.scoping.matrix import ENDPOINTS, make_records, unit_is_under
from tests.world import PEOPLE, person

# One person per agency: a BPJS branch, a Kejari, a KPKNL, a Pemda; and the administrator, who may call every
# operation and so reaches past the 403 of every capability.
PERSONAS = ("yusuf", "rina", "budi", "andi", "admin")
EXAMPLES = 10  # per operation, as the administrator
SCOPE_EXAMPLES = 3  # per reading operation and person
# A request that fits the schema may still be refused by the service (a stage out of order, a date before the
# SKK): that is a documented 422 "ditolak", not a fault, so schemathesis' "valid data is accepted" check is off.
NOT_CHECKED = [positive_data_acceptance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture(scope="module")
def world_with_records(django_db_setup, django_db_blocker):
    """The scoping matrix's records and a token per persona, made once inside a transaction rolled back at the
    end of the module (each test runs in a savepoint within it)."""
    # The WSGI handler would close the test's connection after each request (and with it the transaction
    # holding the records): keep it open, as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            records = make_records()
            tokens = {name: token_create(user=person(name), name="schemathesis", actor=person(name))[1]
                      for name in PERSONAS}
            yield records, tokens
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    monkeypatch.setattr(api.throttle[0], "num_requests", 1_000_000)


def leaks(name: str, body: str, records) -> list[str]:
    """The markers of records outside ``name``'s units that ``body`` carries."""
    unit_code, role, _ = PEOPLE[name]
    if role == R.SYSADMIN:
        return []
    found = []
    for endpoint in ENDPOINTS:
        if not endpoint.name.startswith("api:") or endpoint.markers is None:
            continue
        for owner, marker in endpoint.markers(records).items():
            if not unit_is_under(owner, unit_code) and marker in body:
                found.append(f"{endpoint.name}: {owner}'s {marker}")
    return found


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_keeps_to_the_schema(world_with_records, db, case):
    records, tokens = world_with_records
    response = case.call_and_validate(headers={"Authorization": f"Bearer {tokens['admin']}"},
                                      excluded_checks=NOT_CHECKED)
    assert response.status_code < 500


@pytest.mark.parametrize("name", [name for name in PERSONAS if name != "admin"])
@schema.include(method="GET").parametrize()
@settings(max_examples=SCOPE_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_answer_carries_a_record_of_another_unit(world_with_records, db, name, case):
    records, tokens = world_with_records
    response = case.call_and_validate(headers={"Authorization": f"Bearer {tokens[name]}"},
                                      excluded_checks=NOT_CHECKED)
    assert not leaks(name, response.text, records)
