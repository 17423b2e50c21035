"""Working days in Indonesia: not Saturday or Sunday, not a public holiday, not cuti bersama.

Public holidays and most cuti bersama come from the maintained ``holidays`` package (categories
``public`` and ``government``; the latter holds the joint-leave days). Decreed cuti bersama are also kept
as parameters (``calendar/cuti_bersama/yYYYY``, citing the SKB of the three ministers) so that a decree
the installed package does not know yet, or a late amendment, still counts.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from sinergi.rules.params import load_parameters

_LANGUAGES = {"id": "id", "en": "en_US"}
_WEEKEND = {"id": ("Sabtu", "Minggu"), "en": ("Saturday", "Sunday")}


@lru_cache(maxsize=128)
def _package_holidays(year: int, lang: str) -> dict[date, str]:
    return dict(holidays.country_holidays("ID", years=year, categories=("public", "government"),
                                          language=_LANGUAGES.get(lang, "id")))


@lru_cache(maxsize=64)
def _decreed_cuti_bersama(year: int) -> dict[date, str]:
    store = load_parameters()
    name = f"calendar/cuti_bersama/y{year}"
    if name not in store.names():
        return {}
    pv = store.get(name).latest()
    return {day: f"Cuti bersama ({pv.reference.regulation})" for day in pv.value or ()}


def non_working_reason(day: date, lang: str = "id") -> str | None:
    """Why ``day`` is not a working day (weekend, holiday name, cuti bersama), or None."""
    if day.weekday() >= 5:
        return _WEEKEND.get(lang, _WEEKEND["id"])[day.weekday() - 5]
    holiday = _package_holidays(day.year, lang).get(day)
    if holiday:
        return holiday
    return _decreed_cuti_bersama(day.year).get(day)


def is_working_day(day: date) -> bool:
    return non_working_reason(day) is None


def next_working_day(day: date, lang: str = "id") -> tuple[date, list[tuple[date, str]]]:
    """``day`` itself if it is a working day, else the next one, with the days skipped and why."""
    skipped: list[tuple[date, str]] = []
    while (reason := non_working_reason(day, lang)) is not None:
        skipped.append((day, reason))
        day += timedelta(days=1)
    return day, skipped


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
