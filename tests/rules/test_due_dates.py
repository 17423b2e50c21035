"""Due dates: the 15th (PU: next month, BPU: same month), moved over weekends, holidays and cuti bersama."""

from datetime import date

import pytest

from sinergi.rules import due_date, workdays


@pytest.mark.parametrize(("period", "kind", "expected"), [
    ("2025-03", "pu", date(2025, 4, 15)),    # a Tuesday
    ("2025-05", "pu", date(2025, 6, 16)),    # 15 June 2025 is a Sunday
    ("2024-03", "pu", date(2024, 4, 16)),    # 15 April 2024 is cuti bersama Idul Fitri
    ("2018-05", "pu", date(2018, 6, 21)),    # Idul Fitri 15-16 June 2018 and cuti bersama until 20 June
    ("2026-03", "bpu", date(2026, 3, 16)),   # BPU pays in the covered month; 15 March 2026 is a Sunday
    ("2025-06", "bpu", date(2025, 6, 16)),
])
def test_due_date_moves_to_the_next_working_day(period, kind, expected):
    assert due_date(period=period, kind=kind).due_date == expected


def test_the_skipped_days_are_explained():
    result = due_date(period="2018-05", kind="pu")
    assert result.nominal_date == date(2018, 6, 15)
    assert [d for d, _ in result.skipped] == [date(2018, 6, d) for d in (15, 16, 17, 18, 19, 20)]


@pytest.mark.parametrize(("period", "expected"), [
    ("2020-07", date(2020, 8, 18)),       # before the COVID window: 15 Aug 2020 Sat, Mon 17 Independence Day
    ("2020-08", date(2020, 9, 30)),       # PP 49/2020: the 30th of the following month
    ("2020-12", date(2021, 2, 1)),        # 30 Jan 2021 is a Saturday
    ("2021-01", date(2021, 3, 1)),        # no 30 Feb: the last day (Sun 28 Feb) → Monday 1 March
    ("2021-02", date(2021, 3, 15)),       # back to the 15th
])
def test_covid_due_dates(period, expected):
    assert due_date(period=period, kind="pu").due_date == expected


def test_decreed_cuti_bersama_count_even_if_the_holiday_package_lacks_them(monkeypatch):
    """18 August 2025 was added by SKB 933/2025; pretend the installed package does not know it."""
    real = workdays._package_holidays

    def without_18_august(year, lang):
        days = dict(real(year, lang))
        days.pop(date(2025, 8, 18), None)
        return days

    monkeypatch.setattr(workdays, "_package_holidays", without_18_august)
    reason = workdays.non_working_reason(date(2025, 8, 18))
    assert reason and "933/2025" in reason


def test_every_decreed_cuti_bersama_is_a_non_working_day():
    from sinergi.rules.params import load_parameters

    store = load_parameters()
    for name in store.names():
        if name.startswith("calendar/cuti_bersama/"):
            for day in store.get(name).latest().value:
                assert not workdays.is_working_day(day), day


def test_working_day_arithmetic():
    # Friday 11 April 2025 + 10 working days → Monday 28 April 2025 (18 April is Good Friday).
    assert workdays.add_working_days(date(2025, 4, 11), 10) == date(2025, 4, 28)
