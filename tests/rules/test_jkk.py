"""JKK benefits after a work accident (PP 44/2015 jo. PP 82/2019) and the 1 %/day late payment of BPJS TK."""

from datetime import date
from decimal import Decimal

import pytest

from sinergi.rules import RulesError
from sinergi.rules.jkk import jkk_benefit, jkk_late_payment

D = Decimal
WAGE = D("6000000")


def amounts(result):
    return {line.code: line.amount for line in result.lines}


def test_budi_dies_in_a_work_accident_48_times_his_wage_plus_funeral_and_periodic():
    r = jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="death")
    got = amounts(r)
    assert got["death"] == 48 * WAGE
    assert got["funeral"] == D("10000000")
    assert got["periodic"] == 24 * D("500000")
    assert r.total == 48 * WAGE + D("10000000") + 24 * D("500000")
    # The scholarship is a ceiling for two children, shown but not added.
    scholarship = next(ln for ln in r.lines if ln.code == "scholarship")
    assert scholarship.amount == D("174000000") and scholarship.in_total is False


def test_medical_care_is_a_line_without_an_amount():
    r = jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE)
    care = r.lines[0]
    assert care.code == "medical_care" and care.amount is None and care.in_total is False
    assert "PP 82/2019" in care.reference
    assert r.total == 0


@pytest.mark.parametrize(("months", "expected"), [
    (1, WAGE * 1),
    (12, WAGE * 12),
    (13, WAGE * 12 + WAGE * D("0.5") * 1),
    (20, WAGE * 12 + WAGE * D("0.5") * 8),
])
def test_stmb_is_the_full_wage_for_12_months_then_half_until_recovery(months, expected):
    r = jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, stmb_months=months)
    assert r.total == expected
    assert (len([ln for ln in r.lines if ln.code.startswith("stmb")]) == 2) is (months > 12)


def test_total_permanent_disability_is_56_times_the_wage_with_home_care_up_to_20_juta():
    r = jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="total_disability")
    assert amounts(r)["total_disability"] == 56 * WAGE
    home = next(ln for ln in r.lines if ln.code == "home_care")
    assert home.amount == D("20000000") and not home.in_total
    assert r.total == 56 * WAGE


def test_partial_disability_is_the_table_percentage_times_80_months_an_open_assumption():
    r = jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="partial_disability",
                    disability_percent="0.1", lang="en")
    assert r.total == D("0.1") * 80 * WAGE
    assert any("Open assumption" in a for a in r.assumptions)
    assert any("Low confidence" in a for a in r.assumptions)  # the 80 is R


@pytest.mark.parametrize("pct", ["0", "1", "1.5", "-0.1"])
def test_partial_disability_needs_a_percentage_between_0_and_1(pct):
    with pytest.raises(RulesError):
        jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="partial_disability", disability_percent=pct)


def test_partial_disability_without_a_percentage_is_an_error():
    with pytest.raises(RulesError):
        jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="partial_disability")


def test_pp_82_2019_boundary_the_day_before_is_not_parameterised():
    assert jkk_benefit(accident_date=date(2019, 12, 2), wage=WAGE, outcome="death").total > 0
    with pytest.raises(RulesError):
        jkk_benefit(accident_date=date(2019, 12, 1), wage=WAGE, outcome="death")


def test_an_unknown_outcome_is_an_error():
    with pytest.raises(RulesError):
        jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="injured")


def test_every_line_cites_its_parameters():
    r = jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="death", stmb_months=14)
    for line in r.lines:
        assert line.reference and line.parameters
        assert all(p.startswith("benefits/jkk/") for p in line.parameters)


def test_bpjs_pays_on_the_7th_working_day_no_compensation():
    # Requirements complete Monday 3 March 2025; 7 working days → Wednesday 12 March.
    r = jkk_late_payment(benefit=D("240000000"), complete_on=date(2025, 3, 3), paid_on=date(2025, 3, 12))
    assert r.deadline == date(2025, 3, 12) and r.days_late == 0 and r.amount == 0


def test_bpjs_pays_one_day_late_1_percent_of_the_benefit():
    r = jkk_late_payment(benefit=D("240000000"), complete_on=date(2025, 3, 3), paid_on=date(2025, 3, 13))
    assert r.days_late == 1 and r.amount == D("240000000") * D("0.01") * 1
    assert "Pasal 37" in r.reference


def test_the_deadline_skips_holidays():
    # Complete on Friday 27 March 2025: Nyepi (29 Mar is a Saturday), cuti bersama and Idul Fitri (31 Mar–7 Apr).
    r = jkk_late_payment(benefit=D("1000000"), complete_on=date(2025, 3, 27), paid_on=date(2025, 4, 30))
    assert r.deadline > date(2025, 4, 8)


def test_paid_before_complete_is_an_error():
    with pytest.raises(RulesError):
        jkk_late_payment(benefit=D("1"), complete_on=date(2025, 3, 3), paid_on=date(2025, 3, 2))


def test_an_employer_in_arrears_pays_first_a_recalled_rule():
    r = jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, outcome="death", employer_in_arrears=True, lang="en")
    assert r.payer == "employer" and r.total == 48 * WAGE + D("22000000")
    assert any("open assumption, R" in a for a in r.assumptions)
    assert jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE, employer_in_arrears=False).payer == "bpjs"
    assert jkk_benefit(accident_date=date(2025, 3, 1), wage=WAGE).payer == "bpjs"
