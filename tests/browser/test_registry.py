"""Playwright: Dimas looks for the big debtors of Balikpapan; Sari opens a worker's full NIK with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.receivables.summaries import summaries_refresh
from tests.browser.test_navigation import sign_in
from tests.registry.factories import bill_make, employer_make, employment_make, worker_make

pytestmark = pytest.mark.browser


def _balikpapan():
    big = employer_make(branch="bpjs-cabang-balikpapan", name="PT Mahakam Konstruksi", sector="F")
    bill_make(employer=big, period=dt.date(2024, 1, 1), base=100_000_000)
    small = employer_make(branch="bpjs-cabang-balikpapan", name="PT Teluk Makmur", sector="C")
    bill_make(employer=small, period=dt.date(2025, 1, 1))
    ani = worker_make(name="Ani Lestari", sex="F", birth_date=dt.date(1992, 8, 17))
    employment_make(worker=ani, employer=small)
    employer_make(branch="bpjs-cabang-kupang", name="PT Flobamora Sejahtera")
    summaries_refresh()  # the services keep positions current; these factories write the ledger directly
    return big, small, ani


def test_dimas_filters_the_big_debtors_and_opens_one(page, live_world):
    big, small, _ = _balikpapan()
    sign_in(page, "dimas")
    page.click("[data-nav=employers]")
    page.wait_for_selector("[data-testid=employer-table]")
    rows = page.eval_on_selector_all("tr[data-npp]", "els => els.map(e => e.dataset.npp)")
    assert set(rows) == {big.npp, small.npp}
    page.wait_for_selector("[data-testid=employer-totals]")  # loaded by htmx after the page
    assert "Jumlah 2 pemberi kerja" in page.inner_text("[data-testid=employer-totals]")
    page.fill("#id_arrears_min", "8.000.000")
    page.click("[data-testid=employer-filter-submit]")
    page.wait_for_url("**arrears_min=**")
    assert page.eval_on_selector_all("tr[data-npp]", "els => els.map(e => e.dataset.npp)") == [big.npp]
    page.click(f"tr[data-npp='{big.npp}'] a")
    page.wait_for_selector("[data-testid=employer-name]")
    assert page.inner_text("[data-testid=employer-name]") == "PT Mahakam Konstruksi"
    assert page.inner_text("[data-testid=employer-outstanding]") == "Rp 9.240.000"


def test_sari_opens_anis_nik_with_a_reason(page, live_world):
    _, _, ani = _balikpapan()
    sign_in(page, "sari")
    page.goto(f"/pemberi-kerja/tenaga-kerja/{ani.pk}/")
    assert page.get_attribute("[data-testid=worker-nik]", "data-masked") == "true"
    assert page.inner_text("[data-testid=worker-nik]") == ani.nik_masked
    page.fill("#id_reason", "Verifikasi klaim JHT")
    page.click("[data-testid=nik-unmask]")
    page.wait_for_selector("[data-testid=worker-nik][data-masked=false]")
    assert page.inner_text("[data-testid=worker-nik]") == ani.nik
