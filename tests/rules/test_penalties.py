"""Late-payment denda and the PP 86/2013 administrative ladder."""

from datetime import date, timedelta
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
    assert fine.start == warning_2.end + timedelta(days=1) and (fine.end - warning_2.end).days == 30
    assert tmp2t.code == "tmp2t"
    assert r.fine_amount == D("10000000") * D("0.001") * r.fine_months


# PP 86/2013 with the dates that happened. SP1 on Friday 11 April 2025 runs 10 working days to Monday 28 April
# (Good Friday 18 April skipped); the earliest SP2 is Tuesday 29 April, ending Friday 16 May (1 May, Waisak
# 12 May and its cuti bersama 13 May skipped). A late SP2 on Tuesday 10 June ends Tuesday 24 June (the 6 June
# Idul Adha and the 9 June cuti bersama are before it). The fine is 0,1 % of the unpaid iuran a month, every
# started month counted (penalties/part_month_rule), from the end of the second warning.
SP1 = date(2025, 4, 11)
IURAN = D("10000000")


def test_sp2_on_time_gives_the_planned_ladder_and_fine():
    planned = admin_sanction_schedule(first_warning_date=SP1, iuran=IURAN, as_of=date(2025, 7, 1))
    real = admin_sanction_schedule(first_warning_date=SP1, second_warning_date=date(2025, 4, 29), iuran=IURAN,
                                   as_of=date(2025, 7, 1))
    warning_2 = real.steps[1]
    assert (warning_2.start, warning_2.end, warning_2.actual) == (date(2025, 4, 29), date(2025, 5, 16), True)
    assert real.fine_earliest == date(2025, 5, 17) and real.fine_deadline == date(2025, 6, 15)
    assert real.fine_counted_from == date(2025, 5, 16)
    # 16 May → 1 July: one whole month (16 June) and a started second one.
    assert real.fine_months == 2 and real.fine_amount == D("20000")
    assert (planned.fine_earliest, planned.fine_months, planned.fine_amount) == (
        real.fine_earliest, real.fine_months, real.fine_amount)
    assert not planned.steps[1].actual


def test_a_late_sp2_moves_the_fine_and_counts_only_the_months_after_it():
    r = admin_sanction_schedule(first_warning_date=SP1, second_warning_date=date(2025, 6, 10), iuran=IURAN,
                                as_of=date(2025, 7, 1))
    warning_1, warning_2, fine, tmp2t = r.steps
    assert (warning_1.start, warning_1.end) == (date(2025, 4, 11), date(2025, 4, 28))
    assert (warning_2.start, warning_2.end) == (date(2025, 6, 10), date(2025, 6, 24))
    assert r.fine_earliest == fine.start == date(2025, 6, 25)
    assert r.fine_deadline == fine.end == date(2025, 7, 24)  # 30 days after the warning ended
    assert r.fine_counted_from == date(2025, 6, 24) and r.fine_counted_rule == "issued"
    # 24 June → 1 July: one started month, not the two a schedule from SP1 alone would count.
    assert r.fine_months == 1 and r.fine_amount == D("10000")
    # Imposed at the earliest, the fine is paid with June's contribution (due 15 July); TMP2T follows.
    assert r.fine_due == tmp2t.start == date(2025, 7, 15)
    assert not r.warnings


def test_a_late_sp2_fine_on_its_first_day_and_on_the_last_day_of_the_warning():
    def fine_on(day):
        return admin_sanction_schedule(first_warning_date=SP1, second_warning_date=date(2025, 6, 10), iuran=IURAN,
                                       as_of=day)

    assert (fine_on(date(2025, 6, 24)).fine_months, fine_on(date(2025, 6, 24)).fine_amount) == (0, D("0"))
    assert (fine_on(date(2025, 6, 25)).fine_months, fine_on(date(2025, 6, 25)).fine_amount) == (1, D("10000"))
    assert (fine_on(date(2025, 8, 25)).fine_months, fine_on(date(2025, 8, 25)).fine_amount) == (3, D("30000"))


def test_a_fine_imposed_later_dates_tmp2t_from_its_own_due_date():
    r = admin_sanction_schedule(first_warning_date=SP1, second_warning_date=date(2025, 6, 10),
                                fine_date=date(2025, 8, 20), iuran=IURAN, as_of=date(2025, 8, 20))
    fine, tmp2t = r.steps[2:]
    assert fine.actual and (fine.start, fine.end) == (date(2025, 6, 25), date(2025, 7, 24))
    # 24 June → 20 August: one whole month and a started second; paid with August's contribution, due Monday
    # 15 September 2025.
    assert r.fine_months == 2 and r.fine_amount == D("20000")
    assert tmp2t.start == r.fine_due == date(2025, 9, 15)


def test_the_scheduled_reading_counts_from_where_sp2_would_have_ended():
    r = admin_sanction_schedule(first_warning_date=SP1, second_warning_date=date(2025, 6, 10), iuran=IURAN,
                                as_of=date(2025, 7, 1), counted_from="scheduled")
    assert r.fine_earliest == date(2025, 6, 25)  # the dates still follow the real SP2
    assert r.fine_counted_from == date(2025, 5, 16) and r.fine_months == 2 and r.fine_amount == D("20000")
    assert any("tepat waktu" in a for a in r.assumptions)


def test_which_end_counts_is_a_cited_parameter_defaulting_to_the_sp2_issued():
    from sinergi.rules.params import value_at

    pv = value_at("sanctions/pp86/fine_counted_from", SP1)
    assert pv.value == "issued" and "PP 86/2013" in pv.citation and pv.confidence in ("C1", "C2", "C3", "R")
    r = admin_sanction_schedule(first_warning_date=SP1, iuran=IURAN)
    assert any(step.parameter == "sanctions/pp86/fine_counted_from" for step in r.trace)
    with pytest.raises(RulesError):
        admin_sanction_schedule(first_warning_date=SP1, iuran=IURAN, counted_from="receipt")


def test_a_warning_dated_on_a_saturday_takes_effect_on_monday_and_counts_from_tuesday():
    r = admin_sanction_schedule(first_warning_date=date(2025, 4, 12), iuran=IURAN)
    warning_1 = r.steps[0]
    # Tue 15, Wed 16, Thu 17, (Good Friday 18), Mon 21 … Mon 28, Tue 29: the tenth working day.
    assert (warning_1.start, warning_1.end) == (date(2025, 4, 14), date(2025, 4, 29))
    assert any("hari libur" in a for a in r.assumptions)


def test_an_sp2_dated_inside_the_first_warning_is_kept_and_flagged():
    r = admin_sanction_schedule(first_warning_date=SP1, second_warning_date=date(2025, 4, 25), iuran=IURAN)
    assert r.steps[1].start == date(2025, 4, 25)
    assert r.warnings and "2025-04-28" in r.warnings[0]
