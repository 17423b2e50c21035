"""Playwright: Andi of Distransnaker Kukar drafts the March batch and submits it to BPKD; Dewi of BPKD finds
it in the menu, records the SP2D, and sees the budget on the programme dashboard."""

from __future__ import annotations

import pytest

from sinergi.clock import today
from sinergi.rentan.models import PaymentBatch
from sinergi.rentan.payments.services import programme_wadah_ensure
from tests.browser.test_navigation import sign_in
from tests.rentan.test_payments import enrolled_make, programme_2026

pytestmark = pytest.mark.browser


def test_andi_submits_the_march_batch_and_dewi_records_the_sp2d(page, live_world):
    programme = programme_2026()
    programme_wadah_ensure(programme=programme, actor=None)
    enrolled_make(programme, 3)

    sign_in(page, "andi")
    page.click("[data-nav=rentan_payments]")
    page.click(f"[data-testid=programme-links] a[href='/rentan/program/{programme.pk}/pembayaran/']")
    page.fill("#id_period", "2026-03")
    page.click("[data-testid=prepare-submit]")
    page.wait_for_selector("[data-testid=batch-codes]")
    assert page.inner_text("[data-testid=batch-total]") == "Rp 50.400"
    page.click("[data-testid=submit-form] button")
    page.wait_for_selector("[data-testid=batch-status][data-status=submitted]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/masuk/")

    sign_in(page, "dewi")
    page.click("[data-nav=rentan_payments]")
    batch = PaymentBatch.objects.get(programme=programme)
    page.click(f"tr[data-batch='{batch.pk}'] a")
    page.fill("#id_sp2d_number", "0042/SP2D-LS/BPKD/2026")
    page.fill("#id_sp2d_date", today().strftime("%d/%m/%Y"))
    page.click("[data-testid=sp2d-form] button")
    page.wait_for_selector("[data-testid=batch-status][data-status=paid]")
    assert "0042/SP2D-LS/BPKD/2026" in page.inner_text("[data-testid=batch-sp2d]")
    page.click("text=Dasbor program")
    page.wait_for_selector("[data-testid=funnel]")
    assert page.get_attribute("tr[data-step=paid]", "data-count") == "0"  # BPKD sees no DTKS rows
    assert page.is_visible("[data-testid=budget]")
