"""The date matrix: the "todays" at which the suite must pass, and the frozen clock for one of them.

Every date-sensitive path (the demo build, billing, due dates, denda, aging, PP 86 deadlines, JKP windows,
rentan programmes and batches) is run at each of these days by ``scripts/run_tests.py`` (see
docs/dates.md); ``SINERGI_TODAY=YYYY-MM-DD`` runs any pytest selection, or the whole of ``make test``, with
the clock frozen at 10:00 WIB of that day (moving on from there, so timeouts still work). Subprocesses that
the tests start (``sinergi …`` through :mod:`tests.frozen_cli`) see the same day.

To add a date: append it to ``MATRIX`` with the reason it is there, and say so in docs/dates.md.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sinergi.clock import WIB

MATRIX: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2026, 12, 6), "the day the December break was found: a programme's last month"),
    (dt.date(2026, 12, 31), "the last day of a year and of a programme"),
    (dt.date(2027, 1, 1), "New Year's Day: a public holiday, a new budget year, a programme's first day"),
    (dt.date(2027, 3, 10), "Idul Fitri 1448 H (estimated): inside the Lebaran holidays and cuti bersama"),
    (dt.date(2027, 3, 16), "the first working day after Lebaran 2027"),
    (dt.date(2027, 3, 31), "the last day of a 31-day month"),
    (dt.date(2027, 4, 30), "the last month whose enrolment history began in the previous budget year"),
    (dt.date(2028, 2, 29), "a leap day, also the first working day after Lebaran 2028"),
)
DATES = tuple(day for day, _why in MATRIX)
ENV = "SINERGI_TODAY"
# Always in the matrix: the whole demo, built in-process and by the ``sinergi demo`` command.
ALWAYS = ("tests/demo", "tests/test_cli.py::test_the_demo_builds_once_and_a_second_run_adds_nothing")
# A test module is date-sensitive, and joins the matrix, when it reads or moves the clock.
CLOCK_WORDS = ("today(", "clock.", "time_machine", "frozen_moment")


def matrix_selection(root: Path) -> list[str]:
    """The pytest arguments of one matrix run: :data:`ALWAYS` and every test module (browser tests aside:
    they run at the real date in the full runs) whose source names the clock."""
    found = set(ALWAYS)
    for path in sorted((root / "tests").rglob("test_*.py")):
        relative = path.relative_to(root)
        if relative.parts[1] in {"browser", "demo"} or relative.name == "test_clock.py":
            continue
        if any(word in path.read_text() for word in CLOCK_WORDS):
            found.add(str(relative))
    return sorted(found)


def frozen_moment(day: dt.date) -> dt.datetime:
    """The moment the clock is frozen at on ``day``: 10:00 WIB, inside office hours."""
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=WIB)


def session_today() -> dt.date | None:
    """The day of ``SINERGI_TODAY``, or None when the suite runs on the real calendar."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise SystemExit(f"{ENV}={value!r} is not a date (YYYY-MM-DD)") from error


def freeze_from_environment():
    """Start freezing the clock at ``SINERGI_TODAY`` for the rest of the process; returns the traveller
    (or None). ``tick=True``: time runs on from the frozen moment."""
    day = session_today()
    if day is None:
        return None
    import time_machine

    traveller = time_machine.travel(frozen_moment(day), tick=True)
    traveller.start()
    return traveller
