"""The law's dates at the calendar's edges: December's contribution falls due in January, Lebaran moves a due
date and stretches a warning, a month counted from 31 January ends on 29 February in a leap year, and the JKP
claim window ends on the last day of a shorter month."""

from __future__ import annotations

from datetime import date

import pytest

from sinergi.rules import admin_sanction_schedule, due_date, jkp_benefit, months_late
from sinergi.rules.periods import Period, add_months
from sinergi.rules.workdays import is_working_day, non_working_reason


def test_decembers_contribution_falls_due_in_january_of_the_next_year():
    result = due_date(period="2026-12")
    assert result.nominal_date == date(2027, 1, 15) and result.due_date == date(2027, 1, 15)
    assert Period.parse("2026-12").shift(1) == Period(2027, 1)


def test_a_due_date_in_the_lebaran_holidays_moves_to_the_first_working_day_after_them():
    result = due_date(period="2027-02")
    assert result.nominal_date == date(2027, 3, 15)
    assert [reason for _day, reason in result.skipped] and all("Idul Fitri" in r for _d, r in result.skipped)
    assert result.due_date == date(2027, 3, 16) and is_working_day(result.due_date)


def test_a_due_date_on_a_weekend_after_new_year_moves_to_monday():
    result = due_date(period="2027-12")
    assert result.nominal_date == date(2028, 1, 15)
    assert result.due_date == date(2028, 1, 17)
    assert [day for day, _reason in result.skipped] == [date(2028, 1, 15), date(2028, 1, 16)]


@pytest.mark.parametrize(("due", "paid", "completed", "started"), [
    (date(2026, 12, 15), date(2027, 1, 15), 1, 1),   # across the year end, to the day
    (date(2026, 12, 15), date(2027, 1, 16), 1, 2),   # one day more starts a second month
    (date(2028, 1, 31), date(2028, 2, 29), 1, 1),    # a month from 31 January ends on the leap day
    (date(2028, 1, 31), date(2028, 2, 28), 0, 1),    # the day before it is not a whole month yet
    (date(2027, 1, 31), date(2027, 2, 28), 1, 1),    # in a common year on 28 February
    (date(2028, 2, 29), date(2029, 2, 28), 12, 12),  # a leap day's anniversary in a common year
])
def test_months_late_are_counted_across_year_ends_and_leap_days(due, paid, completed, started):
    assert months_late(due=due, paid=paid, rule="completed") == completed
    assert months_late(due=due, paid=paid, rule="started") == started


def test_a_warning_issued_before_lebaran_lasts_ten_working_days_after_the_holidays():
    schedule = admin_sanction_schedule(first_warning_date=date(2027, 3, 5), iuran=1_000_000, as_of=date(2027, 4, 30))
    first = schedule.steps[0]
    assert (first.code, first.start, first.end) == ("warning_1", date(2027, 3, 5), date(2027, 3, 31))
    counted = [day for day in (date(2027, 3, d) for d in range(6, 32)) if is_working_day(day)]
    assert len(counted) == 10 and counted[-1] == first.end
    for day in (date(2027, 3, 8), date(2027, 3, 10), date(2027, 3, 15), date(2027, 3, 26)):
        assert non_working_reason(day) is not None  # Nyepi, Idul Fitri, its cuti bersama, Good Friday
    assert schedule.steps[1].start == date(2027, 4, 1)


@pytest.mark.parametrize(("phk", "deadline"), [
    (date(2027, 8, 31), date(2028, 2, 29)),   # the window ends on the leap day
    (date(2028, 8, 31), date(2029, 2, 28)),   # and on 28 February in a common year
    (date(2028, 2, 29), date(2028, 8, 29)),
    (date(2026, 12, 31), date(2027, 6, 30)),  # from a year end to a 30-day month
])
def test_the_jkp_claim_window_ends_on_the_last_day_of_a_shorter_month(phk, deadline):
    result = jkp_benefit(wage=5_000_000, phk_date=phk, contribution_months=24, consecutive_months=12)
    assert result.claim_deadline == deadline


def test_add_months_clamps_to_the_end_of_february():
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 12, 6), 1) == date(2027, 1, 6)
