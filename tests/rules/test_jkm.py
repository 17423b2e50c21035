"""JKM (PP 82/2019): Rp42 juta in all, and the scholarship with its membership condition (3 years, R)."""

from datetime import date
from decimal import Decimal

import pytest

from sinergi.rules import RulesError, jkm_benefit
from sinergi.rules.benefits import lines_total

D = Decimal


def test_siti_dies_of_illness_her_family_receives_42_juta():
    r = jkm_benefit(death_date=date(2025, 3, 1))
    assert r.total == D("20000000") + 24 * D("500000") + D("10000000") == D("42000000")
    assert lines_total(r.lines) == r.total
    assert [ln.code for ln in r.lines] == ["lump_sum", "periodic", "funeral", "scholarship"]
    assert all("PP 82/2019" in ln.reference for ln in r.lines)


def test_without_a_membership_the_scholarship_is_shown_with_its_condition_as_an_assumption():
    r = jkm_benefit(death_date=date(2025, 3, 1), lang="en")
    assert r.scholarship_eligible is None
    assert any("36 months" in a for a in r.assumptions)
    assert any("Low confidence" in a for a in r.assumptions)


@pytest.mark.parametrize(("months", "eligible"), [(35, False), (36, True), (120, True)])
def test_the_scholarship_needs_36_months_of_membership(months, eligible):
    r = jkm_benefit(death_date=date(2025, 3, 1), membership_months=months, children=2)
    assert r.scholarship_eligible is eligible
    assert any(ln.code == "scholarship" for ln in r.lines) is eligible
    assert r.total == D("42000000")  # the scholarship never changes the cash total
    assert ("scholarship_membership" in r.reason_codes) is not eligible


def test_three_children_the_scholarship_covers_two():
    r = jkm_benefit(death_date=date(2025, 3, 1), membership_months=48, children=3)
    assert r.scholarship_children == 2 and r.scholarship_eligible


def test_no_children_no_scholarship():
    r = jkm_benefit(death_date=date(2025, 3, 1), membership_months=48, children=0)
    assert r.scholarship_eligible is False and "scholarship_no_children" in r.reason_codes


def test_pp_82_2019_boundary():
    assert jkm_benefit(death_date=date(2019, 12, 2)).total == D("42000000")
    with pytest.raises(RulesError):
        jkm_benefit(death_date=date(2019, 12, 1))


def test_negative_membership_is_an_error():
    with pytest.raises(RulesError):
        jkm_benefit(death_date=date(2025, 3, 1), membership_months=-1)
