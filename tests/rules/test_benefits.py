"""JKP benefit regimes by PHK date and JKM lump sums."""

from datetime import date
from decimal import Decimal

import pytest

from sinergi.rules import RulesError, jkm_benefit, jkp_benefit

D = Decimal


def test_phk_on_6_february_2025_follows_pp_37_2021():
    r = jkp_benefit(wage=D("7000000"), phk_date=date(2025, 2, 6))
    assert r.regime == "PP 37/2021"
    assert [m.amount for m in r.schedule] == [D("5000000") * D("0.45")] * 3 + [D("5000000") * D("0.25")] * 3
    assert r.total == 3 * D("5000000") * D("0.45") + 3 * D("5000000") * D("0.25")  # Rp 10,5 juta


def test_phk_on_7_february_2025_follows_pp_6_2025():
    r = jkp_benefit(wage=D("7000000"), phk_date=date(2025, 2, 7))
    assert r.regime == "PP 6/2025"
    assert [m.amount for m in r.schedule] == [D("5000000") * D("0.60")] * 6
    assert r.total == 6 * D("5000000") * D("0.60")  # Rp 18 juta


def test_wage_below_the_cap_is_used_as_is():
    r = jkp_benefit(wage=D("4200000"), phk_date=date(2025, 6, 1))
    assert r.schedule[0].amount == D("4200000") * D("0.60")


@pytest.mark.parametrize(("phk", "claim", "ok"), [
    (date(2024, 6, 1), date(2024, 9, 1), True), (date(2024, 6, 1), date(2024, 9, 2), False),   # 3 months
    (date(2025, 6, 1), date(2025, 12, 1), True), (date(2025, 6, 1), date(2025, 12, 2), False),  # 6 months
])
def test_claim_window_3_then_6_months(phk, claim, ok):
    r = jkp_benefit(wage=D("5000000"), phk_date=phk, claim_date=claim)
    assert r.eligible is ok
    assert (r.total > 0) is ok


def test_contribution_record():
    assert not jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), contribution_months=11).eligible
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), contribution_months=12).eligible
    # PP 37/2021 also needed 6 consecutive months; taken as removed by PP 6/2025 (documented assumption).
    assert not jkp_benefit(wage=D("5000000"), phk_date=date(2024, 6, 1), contribution_months=14,
                           consecutive_months=5).eligible
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), contribution_months=14,
                       consecutive_months=5).eligible


def test_employer_arrears_rules():
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), employer_arrears_months=3).payer == "bpjs"
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), employer_arrears_months=4).payer == "employer"
    # PP 6/2025 Pasal 39A: a bankrupt or closed company with up to 6 months of arrears.
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), employer_arrears_months=5,
                       company_closed=True).payer == "bpjs"
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2024, 6, 1), employer_arrears_months=5,
                       company_closed=True).payer == "employer"


def test_no_jkp_before_the_programme():
    with pytest.raises(RulesError):
        jkp_benefit(wage=D("5000000"), phk_date=date(2021, 2, 1))


def test_jkm_lump_sums_pp_82_2019():
    r = jkm_benefit(death_date=date(2025, 3, 1))
    assert r.total == D("20000000") + 24 * D("500000") + D("10000000") == D("42000000")
    assert r.scholarship_max == D("174000000")
