"""The programme dashboard: the funnel, the OPD and kecamatan tables, budget and quota — on a small
programme whose every number is known — and what each reader of Kukar's programme gets to see."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.clock import today
from sinergi.rentan.models import Candidate
from sinergi.rentan.payments.services import batch_prepare, batch_record_sp2d, batch_submit
from sinergi.rentan.programmes.dashboard import programme_dashboard
from tests.rentan.factories import OTHER_VILLAGE, VILLAGE, candidate_make
from tests.rentan.test_payments import JKK, JKM, MARCH, enrolled_make, programme_2026
from tests.world import person

V = Candidate.Verification


@pytest.fixture
def small(world):
    """Kukar 2026: 2 farmers and 1 ojek enrolled and paid for March, 1 ojek enrolled in April (in the April
    draft), 1 farmer verified, 1 farmer pending, 1 ojek sent back, 1 invalid row."""
    programme = programme_2026()
    enrolled_make(programme, 2, occupation="petani")
    enrolled_make(programme, 1, occupation="tukang ojek", village_code=OTHER_VILLAGE)
    march = batch_submit(batch=batch_prepare(programme=programme, period=MARCH, actor=person("andi")),
                         actor=person("andi"))
    batch_record_sp2d(batch=march, sp2d_number="SP2D-D1", sp2d_date=today(), actor=person("dewi"))
    enrolled_make(programme, 1, occupation="tukang ojek", village_code=OTHER_VILLAGE)
    batch_prepare(programme=programme, period=date(2026, 4, 1), actor=person("andi"))
    candidate_make(programme, occupation="petani", verification=V.VERIFIED)
    candidate_make(programme, occupation="petani")
    candidate_make(programme, occupation="tukang ojek", verification=V.NEEDS_CORRECTION,
                   verification_reason="Alamat tidak ditemukan", village_code=OTHER_VILLAGE)
    candidate_make(programme, status=Candidate.Status.INVALID, reasons="nik_format")
    return programme


def test_andi_sees_the_whole_funnel(small):
    data = programme_dashboard(programme=small, user=person("andi"))
    assert dict(data["funnel"]) == {"imported": 8, "valid": 7, "verified": 5, "approved": 4, "enrolled": 4,
                                    "paid": 3}
    assert data["quota"]["used"] == 4 and data["quota"]["quota"] == 60_000


def test_the_opd_table_counts_each_decision(small):
    rows = {r["opd__name"]: r for r in programme_dashboard(programme=small, user=person("andi"))["opds"]}
    disbun = rows["Dinas Perkebunan Kabupaten Kutai Kartanegara"]
    dishub = rows["Dinas Perhubungan Kabupaten Kutai Kartanegara"]
    assert (disbun["pending"], disbun["verified"], disbun["needs_correction"], disbun["total"]) == (1, 3, 0, 4)
    assert (dishub["pending"], dishub["verified"], dishub["needs_correction"], dishub["total"]) == (0, 2, 1, 3)


def test_the_kecamatan_table_groups_by_the_village_code(small):
    rows = {r["district"]: r for r in programme_dashboard(programme=small, user=person("andi"))["districts"]}
    assert set(rows) == {VILLAGE[:8], OTHER_VILLAGE[:8]}
    assert (rows[VILLAGE[:8]]["imported"], rows[VILLAGE[:8]]["enrolled"]) == (5, 2)
    assert (rows[OTHER_VILLAGE[:8]]["imported"], rows[OTHER_VILLAGE[:8]]["enrolled"]) == (3, 2)
    assert rows[VILLAGE[:8]]["name"]  # the kecamatan's name from the region table


def test_the_budget_counts_submitted_batches_not_drafts(small):
    data = programme_dashboard(programme=small, user=person("dewi"))
    used = {row.line.account: (row.used, row.remaining) for row in data["budget"]}
    assert used == {"JKK": (3 * JKK, Decimal("7000000000") - 3 * JKK),
                    "JKM": (3 * JKM, Decimal("3000000000") - 3 * JKM)}
    assert data["budget_total"]["paid"] == 3 * (JKK + JKM)


def test_joko_of_dishub_sees_only_his_own_queue_and_no_budget(small):
    data = programme_dashboard(programme=small, user=person("joko"))
    assert dict(data["funnel"])["imported"] == 3  # the three ojek rows routed to Dishub
    assert [r["opd__name"] for r in data["opds"]] == ["Dinas Perhubungan Kabupaten Kutai Kartanegara"]
    assert data["budget"] == [] and data["batches"] == []


def test_dewi_of_bpkd_sees_the_budget_and_batches_but_no_dtks_rows(small):
    data = programme_dashboard(programme=small, user=person("dewi"))
    assert dict(data["funnel"])["imported"] == 0 and data["opds"] == []
    assert len(data["batches"]) == 2


def test_the_dashboard_page_costs_the_same_queries_whatever_the_size(small, login):
    client = login("andi")
    url = f"/rentan/program/{small.pk}/dasbor/"
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    enrolled_make(small, 5, occupation="nelayan")
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert len(after) == len(before)
    assert 'data-step="enrolled" data-count="9"' in page.content.decode()


def test_lina_of_balikpapan_cannot_open_kukars_dashboard(small, login):
    assert login("lina").get(f"/rentan/program/{small.pk}/dasbor/").status_code == 404


def test_joko_opens_the_dashboard_with_his_own_figures(small, login):
    page = login("joko").get(f"/rentan/program/{small.pk}/dasbor/").content.decode()
    assert "Dinas Perhubungan" in page and "Dinas Perkebunan Kabupaten" not in page
    assert 'data-testid="budget"' not in page


def test_rows_from_another_regency_are_summed_apart(small):
    candidate_make(small, status=Candidate.Status.INVALID, reasons="outside_region", village_code="64.71.01.1001")
    rows = programme_dashboard(programme=small, user=person("andi"))["districts"]
    assert rows[-1]["outside"] and rows[-1]["imported"] == 1
    assert all(r["district"].startswith("64.02.") for r in rows[:-1])
