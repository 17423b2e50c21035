"""The one clock of Sinergi: every "now" and "today" in the code comes from here.

Time is an input. A module that needs the current moment asks :func:`now` (an aware UTC datetime) or
:func:`today` (the calendar day in Western Indonesia Time, WIB, the day the law's deadlines are counted in);
nothing else calls ``date.today()``, ``datetime.now()``, ``timezone.now()`` or ``timezone.localdate()``
(``tests/test_clock.py`` fails on any such call outside this module). That gives the tests one place to
freeze: under ``time_machine.travel(...)`` (see ``tests/dates.py`` and ``docs/dates.md``) both functions
answer the frozen moment, and so does Django's ``auto_now``, which reads the same system clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def now() -> datetime:
    """The current moment, timezone-aware (UTC), for timestamps that are stored (what ``timezone.now()`` gives
    with ``USE_TZ``, without needing Django's settings, so the rules engine can ask too)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in WIB (Asia/Jakarta), the default for every "as of" question."""
    return now().astimezone(WIB).date()
