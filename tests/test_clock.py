"""The guard of the one clock: no module but ``sinergi/clock.py`` reads the system clock itself.

A call of ``date.today()``, ``datetime.now()``/``today()``/``utcnow()``, ``timezone.now()`` or a bare
``timezone.localdate()``/``timezone.localtime()`` anywhere else in the code, the benches, the scripts or the
tests fails here with its file and line: ask :func:`sinergi.clock.today` or :func:`sinergi.clock.now` instead,
so that the date matrix (tests/dates.py) can freeze it. Passing ``timezone.now`` as a model field's default (a
reference, not a call) is allowed: Django calls it, and the frozen clock answers it too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("sinergi", "bench", "scripts", "tests")
ALLOWED = {Path("sinergi/clock.py")}
CLOCK_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"),
               ("timezone", "now")}
CLOCK_CALLS_WITHOUT_ARGUMENTS = {("timezone", "localdate"), ("timezone", "localtime")}


def clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, call) of every direct read of the system clock in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        pair = (name, node.func.attr)
        if pair in CLOCK_CALLS or (pair in CLOCK_CALLS_WITHOUT_ARGUMENTS and not node.args and not node.keywords):
            found.append((node.lineno, f"{name}.{node.func.attr}()"))
    return found


def test_the_guard_sees_every_way_of_reading_the_clock():
    source = ("import datetime as dt\nfrom datetime import date, datetime\nfrom django.utils import timezone\n"
              "a = date.today()\nb = dt.date.today()\nc = datetime.now()\nd = dt.datetime.utcnow()\n"
              "e = timezone.now()\nf = timezone.localdate()\ng = timezone.localtime()\n"
              "ok1 = timezone.localdate(value)\nok2 = timezone.localtime(moment)\nok3 = models.F(default=timezone.now)\n")
    assert [line for line, _call in clock_reads(source)] == [4, 5, 6, 7, 8, 9, 10]


def test_nothing_but_the_clock_helper_reads_the_system_clock():
    offenders = []
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED or "migrations" in relative.parts:
                continue
            offenders += [f"{relative}:{line}: {call}" for line, call in clock_reads(path.read_text())]
    assert not offenders, "ask sinergi.clock.now() or today() instead of:\n" + "\n".join(offenders)
