"""The enforcement dashboard of Kanwil leadership."""

from __future__ import annotations

import datetime as dt

from sinergi.clock import today
from sinergi.enforcement.pupn.services import pupn_stage_record
from sinergi.enforcement.reports.dashboard import dashboard_build
from tests.enforcement.factories import case_make, employer_in_arrears, skk_make, step_make
from tests.enforcement.test_pupn import _handed_over, _letters_in_tmp, macet  # noqa: F401 (autouse fixture)
from tests.world import person


def _kalimantan():
    warned = employer_in_arrears(months=3, region_id="64.71", address="Jl. A")
    case_make(employer=warned, opened_on=dt.date(2025, 1, 6))
    step_make(case=warned.compliance_cases.get(), kind="warning_1", started_on=dt.date(2025, 1, 6))
    referred = employer_in_arrears(months=3, region_id="64.71", address="Jl. B", name="PT Diserahkan Kejari")
    skk_make(employer=referred, kejari="kejari-balikpapan", dated=dt.date(2025, 3, 1), principal=5_000_000,
             status="settled", legacy=True, legacy_realised=5_000_000, settled_on=dt.date(2025, 4, 1))
    handover = _handed_over([macet(name="PT Diserahkan PUPN")])
    pupn_stage_record(pupn_case=handover.cases.get(), stage="sp3n", dated=today(), reference="SP3N-9",
                      amount=1_000_000, actor=person("budi"))
    return handover


def test_hendra_sees_the_funnel_of_kanwil_kalimantan(world):
    _kalimantan()
    board = dashboard_build(user=person("hendra"))
    funnel = {s.key: s.employers for s in board.funnel}
    assert funnel == {"arrears": 3, "warned": 1, "referred": 2, "settled": 1}


def test_the_recovery_chart_has_a_line_per_kejari_and_kpknl(world):
    _kalimantan()
    board = dashboard_build(user=person("hendra"))
    names = {s.name: s for s in board.series}
    assert set(names) == {"Kejaksaan Negeri Balikpapan", "KPKNL Balikpapan"}
    assert names["Kejaksaan Negeri Balikpapan"].last == 100
    assert 0 < names["KPKNL Balikpapan"].last < 100
    assert len(board.months) == 12 and board.months[-1] == today()
    svg = str(board.chart_svg)
    assert svg.startswith("<svg") and 'data-series="KPKNL Balikpapan"' in svg and "<script" not in svg


def test_hendra_opens_the_dashboard_with_numbers_and_the_oldest_open_work(login):
    _kalimantan()
    page = login("hendra").get("/penegakan/dasbor/").content.decode()
    assert 'data-testid="funnel"' in page and 'data-step="referred"' in page
    assert 'data-testid="recovery-chart"' in page and "KPKNL Balikpapan" in page
    assert "PT Diserahkan PUPN" in page  # still open at SP3N
    assert "cdn" not in page.lower()


def test_only_leadership_opens_the_dashboard(login):
    assert login("dimas").get("/penegakan/dasbor/").status_code == 403
    assert login("rina").get("/penegakan/dasbor/").status_code == 403


def test_the_dashboard_does_not_query_per_case(login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _kalimantan()
    client = login("hendra")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/penegakan/dasbor/")
        return len(captured)

    before = count()
    _handed_over([macet(), macet()])
    assert count() == before
