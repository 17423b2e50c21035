"""What every benchmark shares: Django on a throw-away database, a timer, the JSON output.

A script imports it before Django or Sinergi (``python bench/<name>.py`` puts ``bench/`` on the path)::

    from _harness import WORKDIR, bench_parser, figures_print, reference_database, timed

Importing it sets Django up: the repository on the path, ``SINERGI_TESTING``, a temporary working folder
(``WORKDIR``: generated files, and the SQLite file the settings point at, so a run never opens
``var/sinergi.sqlite3``). A script that needs other settings (``DJANGO_SETTINGS_MODULE``, ``SINERGI_VAR_DIR``)
sets them before the import.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
WORKDIR = Path(tempfile.mkdtemp(prefix="sinergi-bench-"))
os.environ.setdefault("SINERGI_TESTING", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SINERGI_SQLITE_PATH", str(WORKDIR / "bench.sqlite3"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

T = TypeVar("T")


@contextmanager
def throwaway_database(*, sqlite_file: bool = False) -> Iterator[None]:
    """A fresh, migrated database for the run, dropped afterwards, whatever happens.

    PostgreSQL (DATABASE_URL): ``bench_sinergi_<pid>`` on that server, so a run never drops another run's
    database nor a real one. SQLite: Django's in-memory test database, or a file in WORKDIR with
    ``sqlite_file``.
    """
    old_name = connection.settings_dict["NAME"]
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test["NAME"] = f"bench_sinergi_{os.getpid()}"
    elif sqlite_file:
        test["NAME"] = str(WORKDIR / "bench-test.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def series(count_param: str = "%s") -> str:
    """SQL of the integers 1 … ``count_param`` as column ``n``, for generating rows with INSERT … SELECT."""
    if connection.vendor == "postgresql":
        return f"SELECT generate_series(1, {count_param}) AS n"
    return f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count_param}) SELECT n FROM s"


def npp_sql(column: str = "n") -> str:
    """SQL of an 8-digit NPP from the integer ``column`` (zero-padded)."""
    if connection.vendor == "postgresql":
        return f"LPAD(CAST({column} AS TEXT), 8, '0')"
    return f"substr('00000000' || {column}, -8, 8)"


def analyze() -> None:
    """Fresh planner statistics after generating rows (PostgreSQL; SQLite plans without them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")


def reference_load(*, orgs: bool = False) -> None:
    """The regions and, with ``orgs``, the reference units: what every generated registry is built on."""
    from sinergi.regions.loader import regions_load

    regions_load()
    if orgs:
        from sinergi.orgs.services import orgs_load_reference

        orgs_load_reference()


@contextmanager
def reference_database(*, orgs: bool = False, sqlite_file: bool = False) -> Iterator[None]:
    """``throwaway_database`` with ``reference_load`` done: the start of every benchmark that builds a
    registry."""
    with throwaway_database(sqlite_file=sqlite_file):
        reference_load(orgs=orgs)
        yield


def timed(fn: Callable[[], T], *, repeat: int = 1) -> tuple[float, T]:
    """(seconds, value) of ``fn()``; with ``repeat``, the best of that many calls and the last value."""
    best, value = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - started)
    return best, value


class Stopwatch:
    """``with Stopwatch() as watch: …`` then ``watch.s``: the seconds the block took."""

    s: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.s = time.perf_counter() - self._started


def bench_parser(doc: str | None = None) -> argparse.ArgumentParser:
    """An argument parser with ``--json`` (one line, for scripts) already there; the caller adds its sizes."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0] if doc else None)
    parser.add_argument("--json", action="store_true", help="print the figures on one line")
    return parser


def figures_print(figures: dict, args: argparse.Namespace) -> int:
    """Print the figures as JSON (one line with --json, indented otherwise); 0, the exit status."""
    print(json.dumps(figures, indent=None if args.json else 2))
    return 0


def page_times(client, url: str, requests: int) -> dict:
    """p50 and p95 in milliseconds of ``requests`` GETs of ``url`` (after one to warm the caches), and the
    queries one request costs."""
    import statistics

    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and the connection
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "queries": len(ctx.captured_queries)}
