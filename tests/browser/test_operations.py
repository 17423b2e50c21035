"""Playwright: Dimas uploads the day's bank file, watches the job post it, and finds the payment in the list."""

from __future__ import annotations

import pytest

from sinergi.jobs.services import worker_loop
from sinergi.receivables.bankfile import FIELDS
from sinergi.receivables.payments import payment_code_for
from tests.browser.test_navigation import sign_in
from tests.receivables.factories import bill, employer

pytestmark = pytest.mark.browser


def test_dimas_uploads_a_bank_file_watches_the_job_and_finds_the_payment(page, live_world, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    emp = employer(name="PT Teluk Balikpapan Sejahtera")
    bill(emp, "2025-01")
    columns = ("code", "npp", "amount", "date", "reference")
    bank_file = tmp_path / "mutasi-bni-10022025.csv"
    bank_file.write_text(
        ";".join(FIELDS[c][0] for c in columns) + "\n"
        + ";".join([payment_code_for(npp=emp.npp, period="2025-01"), emp.npp, "1.978.000", "10/02/2025",
                    "BNI-0210-0001"]) + "\n",
        encoding="utf-8",
    )

    sign_in(page, "dimas")
    page.click("[data-nav=payments]")
    page.set_input_files("#id_file", str(bank_file))
    page.click("[data-testid=bankfile-submit]")
    page.wait_for_url("**/pekerjaan/*/")
    assert page.get_attribute("[data-testid=job-progress]", "data-status") == "queued"

    worker_loop(once=True, poll_seconds=0, periodic=False)
    page.wait_for_selector("[data-testid=job-progress][data-status=succeeded]", timeout=20000)
    assert "1 pembayaran dibukukan" in page.inner_text("[data-testid=job-progress]")

    page.click("[data-nav=payments]")
    row = page.inner_text("tr[data-reference='BNI-0210-0001']")
    assert emp.npp in row and "Rp 1.978.000" in row and "Berkas bank" in row
    page.click("tr[data-reference='BNI-0210-0001'] a[href*='/piutang/pembayaran/']")
    page.wait_for_selector("[data-testid=payment-allocations]")
    assert page.inner_text("[data-testid=payment-remaining]") == "Rp 0"
