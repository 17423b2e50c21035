"""Playwright: Hendra of Kanwil Kalimantan opens the coverage page from the menu, reads Kaltim's November
2022 against the same month a year before, and drills down from a regency to its employers."""

from __future__ import annotations

import pytest

from tests.browser.test_navigation import sign_in
from tests.coverage.factories import region
from tests.coverage.test_report import NOV_2021, NOV_2022, estimate, fact
from tests.registry.factories import employer_make, employment_make, worker_make

pytestmark = pytest.mark.browser


def test_hendra_reads_kaltim_coverage_and_drills_down(page, live_world):
    fact(NOV_2022, "64.71", 600_000, sector="C")
    fact(NOV_2022, "64.71", 100_000, sector="H")
    fact(NOV_2021, "64.71", 540_290, sector="C")
    fact(NOV_2021, "64.71", 80_000, sector="H")
    estimate("64", 2022, 1_900_000)
    employer = employer_make(branch="bpjs-cabang-balikpapan", name="PT Pelabuhan Semayang", region=region("64.71"))
    employment_make(worker=worker_make(), employer=employer, start=NOV_2021)

    sign_in(page, "hendra")
    page.click("[data-nav=coverage]")
    page.fill("#id_bulan", "2022-11")
    page.fill("#id_provinsi", "64")
    page.click("[data-testid=coverage-filters] button[type=submit]")  # htmx swaps the page body in place
    page.wait_for_url("**/cakupan/?*bulan=2022-11*")
    assert page.inner_text("[data-testid=tile-participants]") == "700.000"
    assert page.inner_text("[data-testid=tile-growth]") == "12,9%"
    assert "BPS Sakernas Agustus" in page.inner_text("[data-testid=coverage-basis]")
    assert page.locator("[data-testid=coverage-trend] rect").count() == 12
    page.click("tr[data-regency='64.71'] a")
    assert "PT Pelabuhan Semayang" in page.inner_text("[data-testid=drill-employers]")
