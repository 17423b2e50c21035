from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.dates import freeze_from_environment, session_today
from tests.world import build_world, person, unit

BROWSER_REQUIRED = os.environ.get("CI_REQUIRE_BROWSER") == "1"
LIBREOFFICE_REQUIRED = os.environ.get("CI_REQUIRE_LIBREOFFICE") == "1"
POSTGRES_REQUIRED = os.environ.get("CI_REQUIRE_POSTGRES") == "1"


def pytest_configure(config):
    # SINERGI_TODAY=YYYY-MM-DD: the whole session runs with the clock frozen on that day (tests/dates.py).
    config._sinergi_clock = freeze_from_environment()


def pytest_unconfigure(config):
    traveller = getattr(config, "_sinergi_clock", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    from django.conf import settings

    from sinergi.clock import today

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    frozen = " (frozen: SINERGI_TODAY)" if session_today() else ""
    return [f"sinergi database: {engine}", f"sinergi today: {today().isoformat()}{frozen}"]


def pytest_sessionstart(session):
    from django.conf import settings

    if POSTGRES_REQUIRED and os.environ.get("SINERGI_TEST_DB") == "postgresql":
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            raise pytest.UsageError("CI_REQUIRE_POSTGRES=1 but the suite is not running on PostgreSQL")


def pytest_collection_modifyitems(config, items):
    # Browser tests flush the database (they need committed data for the live server): run them last so
    # the shared world built at session start serves every other test first.
    items.sort(key=lambda item: 1 if item.get_closest_marker("browser") else 0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture
def world(db):
    """Named people and units of the shared world (see tests/world.py)."""

    class World:
        person = staticmethod(person)
        unit = staticmethod(unit)

    return World()


@pytest.fixture
def login(client, db):
    """``login("rina")`` signs the Django test client in as that person."""

    def _login(name: str):
        client.force_login(person(name))
        return client

    return _login


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if BROWSER_REQUIRED:
            pytest.fail("CI_REQUIRE_BROWSER=1 but Chromium is missing (apt-get install chromium)")
        pytest.skip("Chromium is not installed: browser tests not run (install it with apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are
    # still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield instance
        instance.close()


def soffice_path() -> str | None:
    for candidate in (os.environ.get("SOFFICE_PATH"), shutil.which("soffice"), shutil.which("libreoffice"),
                      "/usr/bin/soffice"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


# Every sheet as UTF-8 CSV, comma-separated, the values as stored (not as formatted), no formulas: what Calc
# computed for a cell is what the CSV holds. The trailing -1 writes each sheet as <file>-<sheet>.csv.
CALC_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
LIBREOFFICE_TIMEOUT = 180  # seconds for one conversion call (startup alone takes about 1.5 s)


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """``libreoffice(book, …)`` opens XLSX workbooks (bytes or paths) in LibreOffice Calc, all in one soffice
    call, and returns for each ``{sheet name: rows of cell texts}`` with the sheets in Calc's order."""
    path = soffice_path()
    if path is None:
        if LIBREOFFICE_REQUIRED:
            pytest.fail("CI_REQUIRE_LIBREOFFICE=1 but LibreOffice Calc is missing "
                        "(apt-get install --no-install-recommends libreoffice-calc-nogui)")
        pytest.skip("LibreOffice Calc is not installed: XLSX exports not opened in it "
                    "(install it with apt-get install --no-install-recommends libreoffice-calc-nogui)")
    root = tmp_path_factory.mktemp("libreoffice")
    profile = (root / "profile").as_uri()  # private: parallel runs never share a LibreOffice profile
    calls = iter(range(1, 1_000_000))

    def convert(*books: bytes | Path) -> list[dict[str, list[list[str]]]]:
        work = root / f"call{next(calls)}"
        outdir = work / "csv"
        outdir.mkdir(parents=True)
        sources = []
        for index, book in enumerate(books):
            source = work / f"book{index}.xlsx"  # no hyphen: <stem>-<sheet>.csv splits at the first one
            source.write_bytes(book if isinstance(book, bytes) else Path(book).read_bytes())
            sources.append(source)
        process = subprocess.Popen(
            [path, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", CALC_CSV,
             "--outdir", str(outdir), *map(str, sources)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = process.communicate(timeout=LIBREOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice.bin runs in the script's process group
            process.communicate()
            pytest.fail(f"LibreOffice did not convert {len(books)} workbook(s) within {LIBREOFFICE_TIMEOUT} s")
        order = [Path(p).name for p in re.findall(r"^Writing sheet .* -> (.*\.csv)$", out, re.MULTILINE)]
        results = []
        for source in sources:
            files = sorted(outdir.glob(f"{source.stem}-*.csv"),
                           key=lambda f: order.index(f.name) if f.name in order else len(order))
            if not files:
                pytest.fail(f"LibreOffice could not open {source.name} (exit {process.returncode}):\n{out}{err}")
            sheets = {}
            for file in files:
                with file.open(encoding="utf-8", newline="") as handle:
                    sheets[file.stem.split("-", 1)[1]] = list(csv.reader(handle))
            results.append(sheets)
        return results

    return convert


def _sqlite_audit_triggers(create: bool) -> None:
    if connection.vendor != "sqlite":
        return
    from importlib import import_module

    migration = import_module("sinergi.audit.migrations.0003_append_only_triggers")
    with connection.cursor() as cursor:
        for sql in migration.SQLITE if create else migration.SQLITE_DROP:
            cursor.execute(sql)


@pytest.fixture
def live_world(live_server, transactional_db):
    """A live server over committed data, rebuilt for every browser test because the flush after each
    one empties the database. SQLite's flush deletes rows one by one, which the audit triggers refuse, so
    they are lifted for the flush (PostgreSQL truncates). Browser tests run last, so no other test ever
    sees the database without its triggers."""
    _sqlite_audit_triggers(create=True)
    build_world()
    yield live_server
    _sqlite_audit_triggers(create=False)


@pytest.fixture
def page(browser, live_world):
    # An English browser: Sinergi must still answer in Indonesian until the user switches.
    context = browser.new_context(locale="en-US", base_url=live_world.url)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
