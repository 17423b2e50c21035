"""Playwright: on 8 December Andi of Distransnaker opens the approval page of Kukar's 2025 programme, reads
why it can no longer enrol, moves the verified rows into the 2026 programme and approves them there, with
coverage from 1 January 2026."""

from __future__ import annotations

from datetime import date

import pytest

from sinergi.rentan.models import Candidate
from tests.browser.test_navigation import sign_in
from tests.rentan.conftest import kukar_programme
from tests.rentan.factories import candidate_make
from tests.rentan.test_continuation import next_year
from tests.world import person

pytestmark = pytest.mark.browser


def test_andi_moves_decembers_verified_rows_into_next_year_and_approves_them(page, live_world, monkeypatch):
    # The approval day only: the browser's session cookie keeps the real clock (see docs/dates.md).
    monkeypatch.setattr("sinergi.rentan.verification.services.today", lambda: date(2025, 12, 8))
    from sinergi.rentan.verification.services import candidates_decide

    programme = kukar_programme()
    rows = [candidate_make(programme, name=name) for name in ("Siti Aminah", "Bambang Sutrisno")]
    candidates_decide(candidates=Candidate.objects.filter(pk__in=[r.pk for r in rows]), decision="verified",
                      actor=person("rahmat"))
    following = next_year()

    sign_in(page, "andi")
    page.goto(f"/rentan/program/{programme.pk}/persetujuan/")
    notice = page.inner_text("[data-testid=approval-ended]")
    assert "mulai 01/2026, sesudah program ini berakhir (12/2025)" in notice
    assert page.is_disabled("[data-testid=approve-all]")
    page.click("[data-testid=carry-over]")
    page.wait_for_url(f"**/rentan/program/{following.pk}/persetujuan/")
    assert "2 baris terverifikasi dipindahkan ke program KUKAR-2026" in page.inner_text("body")
    assert page.inner_text("[data-testid=approval-total]") == "2"
    page.click("[data-testid=approve-all]")
    page.wait_for_selector("[data-testid=approval-empty]")
    assert "mulai 01/01/2026" in page.inner_text("body")
    assert Candidate.objects.filter(programme=following, participant__start_date=date(2026, 1, 1)).count() == 2
