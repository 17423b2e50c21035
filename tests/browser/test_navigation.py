"""Playwright with the system Chromium: people sign in, see their own menu, switch language, sign out."""

from __future__ import annotations

import pytest

from tests.world import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, username: str) -> None:
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=main-nav]")


def menu(page) -> set[str]:
    return set(page.eval_on_selector_all("[data-nav]", "els => els.map(e => e.dataset.nav)"))


def test_a_bpjs_officer_and_a_kejari_prosecutor_see_different_menus(page):
    sign_in(page, "hendra")
    assert menu(page) == {"home", "orgs", "calculator", "nik", "jobs", "audit", "employers", "aging", "rentan",
                          "rentan_payments", "cases", "pupn", "reports", "enforcement_dashboard", "skk",
                          "coverage", "claims"}
    assert "BPJS Ketenagakerjaan Kantor Wilayah Kalimantan" in page.inner_text("[data-testid=home-unit]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/masuk/")

    sign_in(page, "rina")
    assert menu(page) == {"home", "orgs", "jobs", "reports", "skk"}
    assert "Kejaksaan Negeri Kota Kupang" in page.inner_text("[data-testid=home-unit]")


def test_rina_switches_to_english_and_back_then_signs_out(page):
    sign_in(page, "rina")
    assert page.inner_text("[data-testid=logout]") == "Keluar"
    page.click("[data-testid=switch-language]")
    page.wait_for_selector("text=Sign out")
    assert page.get_attribute("html", "lang") == "en"
    page.click("[data-testid=switch-language]")
    page.wait_for_selector("text=Keluar")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/masuk/")
    page.goto("/")
    assert "/masuk/" in page.url


def test_a_wrong_password_is_explained_in_indonesian(page):
    page.goto("/masuk/")
    page.fill("#id_username", "budi")
    page.fill("#id_password", "bukan-sandinya-1")
    page.click("[data-testid=login-submit]")
    assert "nama pengguna atau kata sandi salah" in page.inner_text("[data-testid=login-error]").lower()


def test_the_administrator_watches_a_region_load_job_finish(page, live_world):
    from sinergi.jobs.services import job_enqueue, worker_loop
    from tests.world import person

    job = job_enqueue(kind="regions.load", params={"from": "browser"}, actor=person("admin"))
    sign_in(page, "admin")
    page.goto(f"/pekerjaan/{job.pk}/")
    assert page.get_attribute("[data-testid=job-progress]", "data-status") == "queued"
    worker_loop(once=True, poll_seconds=0, periodic=False)
    page.wait_for_selector("[data-testid=job-progress][data-status=succeeded]", timeout=20000)
    assert "83.762" in page.inner_text("[data-testid=job-progress]")
