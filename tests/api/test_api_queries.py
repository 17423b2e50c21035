"""Each API list costs the same number of queries for one record or many: no query per row (a partner pages
through thousands)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sinergi.api.services import token_create
from sinergi.enforcement.models import PupnCase, PupnHandover, Skk
from sinergi.rentan.models import PaymentBatch
from tests.registry.factories import employer_make
from tests.rentan.conftest import kukar_programme
from tests.world import person, unit

pytestmark = pytest.mark.django_db


def _skk(n: int) -> None:
    employer = employer_make(branch="bpjs-cabang-kupang")
    Skk.objects.create(employer=employer, branch=unit("bpjs-cabang-kupang"), kejari=unit("kejari-kota-kupang"),
                       number=f"SKK-Q-{n}", dated=dt.date(2026, 3, 1), principal=5_000_000, amount=5_000_000)


def _employer(n: int) -> None:
    employer_make(branch="bpjs-cabang-balikpapan")


def _handover(n: int) -> None:
    handover = PupnHandover.objects.create(number=f"BA-Q-{n}", kpknl=unit("kpknl-balikpapan"),
                                           branch=unit("bpjs-cabang-balikpapan"),
                                           status=PupnHandover.Status.HANDED_OVER, dated=dt.date(2026, 10, 1))
    PupnCase.objects.create(handover=handover, employer=employer_make(branch="bpjs-cabang-balikpapan"),
                            principal=Decimal(9_000_000), amount=Decimal(9_000_000))


def _batch(n: int) -> None:
    programme = kukar_programme(code=f"KUKAR-Q-{n}")
    PaymentBatch.objects.create(programme=programme, period=programme.period_start)


LISTS = [
    ("rina", "/api/v1/skk/", _skk),
    ("yusuf", "/api/v1/employers/", _employer),
    ("budi", "/api/v1/pupn/handovers", _handover),
    ("andi", "/api/v1/rentan/programmes", _batch),
    ("andi", "/api/v1/rentan/batches", _batch),
]


@pytest.mark.parametrize(("name", "url", "make"), LISTS, ids=[url for _n, url, _m in LISTS])
def test_a_list_costs_the_same_queries_for_one_row_or_five(world, name, url, make):
    raw = token_create(user=person(name), name="uji", actor=person(name))[1]
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["items"])

    make(0)
    cost()  # the token's first request of the day also writes its usage row
    one, rows_one = cost()
    for n in range(1, 5):
        make(n)
    five, rows_five = cost()
    assert rows_five == rows_one + 4
    assert five == one, f"{url}: {one} queries for {rows_one} row(s), {five} for {rows_five}"
