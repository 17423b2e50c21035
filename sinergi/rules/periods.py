"""Contribution months (``YYYY-MM``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from sinergi.rules.errors import RulesError

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A contribution month. ``reference_date`` is the day whose law governs the month (see below)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise RulesError("error_period_format", value=f"{self.year}-{self.month:02d}")

    @classmethod
    def parse(cls, value: Period | str) -> Period:
        if isinstance(value, Period):
            return value
        match = _PERIOD_RE.match(str(value).strip())
        if not match:
            raise RulesError("error_period_format", value=value)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def reference_date(self) -> date:
        """The law in force on the last day of a month governs that month's contribution.

        Windows that the regulations state in contribution months (JP caps from March, reliefs) are keyed on
        the 1st and so are unaffected. It decides the two mid-month changes: JKP from 2 February 2021 applies
        to the February 2021 month, and the PP 6/2025 split from 7 February 2025 to the February 2025 month
        (an internal split only: what the employer pays is the same either way).
        """
        return self.last_day

    def shift(self, months: int) -> Period:
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
