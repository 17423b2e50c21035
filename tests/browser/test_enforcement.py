"""Playwright: Maria of BPJS Kupang refers a case to Kejari Kota Kupang; Rina, its prosecutor, finds it (and
not Kejari Ende's SKK), records the summons and the employer's payment commitment; the employer pays; the
monev report shows the recovery for Kejari Kota Kupang."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.clock import today
from sinergi.enforcement.models import Skk, Step
from sinergi.receivables.payments import payment_allocate, payment_record
from sinergi.rules.periods import add_months
from tests.browser.test_navigation import sign_in
from tests.enforcement.factories import case_make, employer_in_arrears, skk_make, step_make

pytestmark = pytest.mark.browser


def test_a_case_goes_to_kejari_kupang_whose_prosecutor_sees_the_recovery_in_the_monev(page, live_world, settings,
                                                                                    tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    on = today()
    employer = employer_in_arrears(branch="bpjs-cabang-kupang", months=3, first=add_months(on.replace(day=1), -6),
                                   name="PT Sasando Lontar Abadi", region_id="53.71")
    case = case_make(employer=employer, opened_on=on - dt.timedelta(days=60), amount=3 * 924_000)
    step_make(case=case, kind=Step.Kind.WARNING_1, started_on=on - dt.timedelta(days=50),
              due_on=on - dt.timedelta(days=36))
    step_make(case=case, kind=Step.Kind.WARNING_2, started_on=on - dt.timedelta(days=35),
              due_on=on - dt.timedelta(days=21))
    ende = skk_make(kejari="kejari-ende", number="SKK.0900/KUPANG/2026", dated=on - dt.timedelta(days=10))

    # Maria refers the case from its page.
    sign_in(page, "maria")
    page.goto(f"/penegakan/kasus/{case.pk}/")
    page.click("[data-testid=referral-link][href*='/skk/']")
    page.wait_for_selector("[data-testid=skk-create-form]")
    assert "Kejaksaan Negeri Kota Kupang" in page.inner_text("[data-testid=skk-preview-kejari]")
    page.click("[data-testid=skk-create-submit]")
    page.wait_for_selector("[data-testid=skk-number]")
    assert page.inner_text("[data-testid=skk-kejari]") == "Kejaksaan Negeri Kota Kupang"
    skk = Skk.objects.get(employer=employer)
    assert skk.amount > 0
    page.click("[data-testid=logout]")
    page.wait_for_url("**/masuk/")

    # Rina sees it in her list, and not Kejari Ende's.
    sign_in(page, "rina")
    page.click("[data-nav=skk]")
    table = page.inner_text("[data-testid=skk-table]")
    assert skk.number in table and ende.number not in table
    page.click(f"tr[data-skk='{skk.number}'] a")
    page.wait_for_selector("[data-testid=skk-arrears]")
    page.select_option("#id_status", "summoned")
    page.fill("[data-testid=skk-event-form] textarea[name=note]", "Surat panggilan I kepada direktur")
    page.click("[data-testid=skk-event-submit]")
    page.wait_for_selector("[data-testid=skk-status][data-status=summoned]")
    page.check("[data-testid=skk-commit-form] input[name=mode][value=lump]")
    page.click("[data-testid=skk-commit-submit]")
    page.wait_for_selector("[data-testid=skk-status][data-status=commitment]")
    assert "Komitmen membayar" in page.inner_text("[data-testid=skk-timeline]")
    assert page.inner_text("[data-testid=skk-instalments] tbody tr").count("Rp") == 2

    # The employer pays at the bank; the payment reaches the ledger.
    payment = payment_record(employer=employer, amount=skk.amount, paid_on=on, reference="BNI-SKK-0001",
                             channel="bank_file", actor=None)
    payment_allocate(payment=payment, actor=None)

    page.reload()
    assert "Lunas" in page.inner_text("[data-testid=skk-instalments]")
    page.goto(f"/penegakan/laporan/monev/?provinsi=53&tahun={skk.dated.year}")
    row = page.inner_text("tr[data-kejari='kejari-kota-kupang']")
    amount = f"Rp {skk.amount:,.0f}".replace(",", ".")
    assert row.count(amount) == 2, row  # potential and realised
    assert "100,00" in row
