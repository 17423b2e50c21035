"""Playwright: Dimas hands a macet employer over to KPKNL Balikpapan, is refused one that had an SKK, and Budi
records the SP3N."""

from __future__ import annotations

import pytest

from sinergi.clock import today
from tests.browser.test_navigation import sign_in
from tests.enforcement.factories import skk_make
from tests.enforcement.test_pupn import macet

pytestmark = pytest.mark.browser


def test_dimas_hands_over_and_budi_records_the_sp3n(page, live_world, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.LETTERS_DIR = tmp_path / "letters"
    eligible = macet(name="PT Layak Serah")
    handled = macet(name="PT Pernah SKK")
    skk_make(employer=handled, kejari="kejari-balikpapan", status="failed")

    sign_in(page, "dimas")
    page.click("[data-nav=pupn]")
    page.click("[data-testid=pupn-candidates-link]")
    assert "Sedang/pernah ditangani aparat penegak hukum (APH)." in page.inner_text(
        f"[data-testid=blocked-table] tr[data-npp='{handled.npp}']")
    box = page.locator("[data-kpknl=kpknl-balikpapan]")
    assert eligible.npp in box.inner_text()
    box.locator("[data-testid=create-draft-kpknl-balikpapan]").click()
    page.wait_for_selector("[data-testid=submit-form]")
    page.fill("#id_number", "BA-01/PUPN/BPP/2026")
    page.fill("#id_dated", today().isoformat())
    page.click("[data-testid=submit-form] button[type=submit]")
    page.wait_for_selector("text=Berita acara BA-01/PUPN/BPP/2026")
    assert "Diserahkan" in page.inner_text("[data-testid=handover-status]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/masuk/")

    sign_in(page, "budi")
    page.click("[data-nav=pupn]")
    page.click("text=BA-01/PUPN/BPP/2026")
    form = page.locator(f"[data-testid=stage-form-{eligible.npp}]")
    form.locator("select").select_option("sp3n")
    form.locator("input[name$=reference]").fill("SP3N-17/WKN.14/KNL.02/2026")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Tahap SP3N diterbitkan dicatat")
    assert page.inner_text(f"tr[data-npp='{eligible.npp}'] [data-testid=case-stage]") == "SP3N diterbitkan"
