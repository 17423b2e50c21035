"""Late-payment denda and the PP 86/2013 administrative ladder."""

from datetime import date
from decimal import Decimal

import pytest

from sinergi.rules import RulesError, admin_sanction_schedule, months_late, penalty_compute

D = Decimal


def test_jht_paid_three_months_and_five_days_late():
    r = penalty_compute(programme="JHT", amount=D("1000000"), due=date(2025, 5, 15), paid=date(2025, 8, 20))
    assert r.months_late == 4  # every started month counts (the default assumption)
    assert r.amount == D("1000000") * D("0.02") * 4
    r = penalty_compute(programme="JHT", amount=D("1000000"), due=date(2025, 5, 15), paid=date(2025, 8, 20),
                        part_month="completed")
    assert r.months_late == 3
    assert r.amount == D("1000000") * D("0.02") * 3


def test_paid_on_the_due_date_has_no_denda():
    r = penalty_compute(programme="JKK", amount=D("500000"), due=date(2025, 5, 15), paid=date(2025, 5, 15))
    assert r.months_late == 0 and r.amount == 0


@pytest.mark.parametrize(("due", "paid", "started", "completed"), [
    (date(2025, 5, 15), date(2025, 5, 16), 1, 0),
    (date(2025, 5, 15), date(2025, 6, 15), 1, 1),
    (date(2025, 5, 15), date(2025, 6, 16), 2, 1),
    (date(2025, 1, 31), date(2025, 2, 28), 1, 1),
    (date(2025, 5, 15), date(2025, 5, 1), 0, 0),
])
def test_months_late_counting(due, paid, started, completed):
    assert months_late(due=due, paid=paid, rule="started") == started
    assert months_late(due=due, paid=paid, rule="completed") == completed


def test_jp_denda_is_half_a_percent_and_flagged_low_confidence():
    r = penalty_compute(programme="JP", amount=D("300000"), due=date(2025, 5, 15), paid=date(2025, 6, 10))
    assert r.amount == D("300000") * D("0.005") * 1
    assert any("[R]" in a for a in r.assumptions)


def test_covid_window_denda_is_half_a_percent():
    before = penalty_compute(programme="JKK", amount=D("100000"), due=date(2020, 8, 17), paid=date(2020, 9, 1))
    during = penalty_compute(programme="JKK", amount=D("100000"), due=date(2020, 9, 30), paid=date(2020, 10, 5))
    after = penalty_compute(programme="JKK", amount=D("100000"), due=date(2021, 3, 15), paid=date(2021, 3, 20))
    assert before.amount == D("100000") * D("0.02")
    assert during.amount == D("100000") * D("0.005") and during.period.month == 8
    assert after.amount == D("100000") * D("0.02")


def test_jkp_has_no_separate_denda():
    with pytest.raises(RulesError):
        penalty_compute(programme="JKP", amount=D("1"), due=date(2025, 5, 15), paid=date(2025, 6, 15))


def test_pp_86_2013_ladder():
    r = admin_sanction_schedule(first_warning_date=date(2025, 4, 11), iuran=D("10000000"), as_of=date(2025, 7, 1))
    warning_1, warning_2, fine, tmp2t = r.steps
    assert (warning_1.start, warning_1.end) == (date(2025, 4, 11), date(2025, 4, 28))
    assert warning_2.start == date(2025, 4, 29)
    assert fine.start == warning_2.end and (fine.end - fine.start).days == 30
    assert tmp2t.code == "tmp2t"
    assert r.fine_amount == D("10000000") * D("0.001") * r.fine_months
