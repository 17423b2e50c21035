#!/usr/bin/env python3
"""`make test`: ruff, then the whole pytest suite on SQLite and on PostgreSQL (browser tests included).

PostgreSQL is the server at DATABASE_URL when set; otherwise a private throw-away cluster started from the
local PostgreSQL binaries (initdb/pg_ctl) in a temporary folder, removed afterwards. Where neither exists,
the PostgreSQL run is reported loudly as not done — and with CI_REQUIRE_POSTGRES=1 that is a failure.

Beside the full runs, the date matrix: the date-sensitive tests once more on each day of tests/dates.py, with
the clock frozen there (docs/dates.md). ``SINERGI_TODAY=YYYY-MM-DD make test`` runs everything on that day.

The pytest runs are independent processes (each with its own var folder and, on PostgreSQL, its own test
database), so they run side by side, one per core (``SINERGI_TEST_JOBS=N`` to choose); each run's output is
printed whole when it ends.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOUD = "!" * 78


def say(message: str) -> None:
    print(f"\n=== {message}", flush=True)


def run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    print("$", " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def find_pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_postgres():
    """Yield a DATABASE_URL of a private cluster, or None when no PostgreSQL binaries are installed."""
    initdb, pg_ctl = find_pg_bin("initdb"), find_pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="sinergi-pg-"))
    prefix: list[str] = []
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.geteuid() == 0:
        # initdb refuses to run as root: run the cluster as the 'postgres' system user when there is one.
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            print("initdb refuses root and there is no 'postgres' user to run it as.")
            shutil.rmtree(folder, ignore_errors=True)
            yield None
            return
        shutil.chown(folder, "postgres")
        prefix, user = ["runuser", "-u", "postgres", "--"], "postgres"
    data, port = folder / "data", free_port()
    try:
        subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8",
                        "--no-instructions"], check=True, stdout=subprocess.DEVNULL)
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        yield f"postgresql://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Run:
    """One pytest process of ``make test``: the whole suite, or the matrix selection on one frozen day."""

    label: str
    env: dict[str, str]
    args: list[str] = field(default_factory=list)
    result_key: str = ""


@dataclass
class Outcome:
    run: Run
    code: int
    seconds: float
    output: str


def execute(run: Run) -> Outcome:
    """Run one pytest process with its own var folder (uploads, job files, letters), so that runs side by side
    never touch each other's files; PostgreSQL runs already have a test database per process (tests/settings.py)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(run.env)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sinergi-test-var-") as var_dir, \
            tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:
        env["SINERGI_VAR_DIR"] = var_dir
        cmd = [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", *run.args]
        log.write("$ " + " ".join(cmd) + "\n")
        log.flush()
        code = subprocess.call(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.seek(0)
        output = log.read()
    return Outcome(run, code, time.monotonic() - started, output)


def run_all(runs: list[Run], workers: int) -> list[Outcome]:
    """Run the pytest processes ``workers`` at a time, in the given order (longest first); each one's output is
    printed whole when it ends, so the log reads one run after another."""
    outcomes: list[Outcome] = []
    print(f"{len(runs)} pytest runs, {workers} at a time", flush=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(execute, run) for run in runs]
        for future in as_completed(futures):
            outcome = future.result()
            say(f"pytest on {outcome.run.label}")
            print(outcome.output, end="" if outcome.output.endswith("\n") else "\n")
            print(f"--- {outcome.run.label}: exit {outcome.code} in {outcome.seconds:.0f} s", flush=True)
            outcomes.append(outcome)
    return outcomes


def database_runs(env: dict[str, str], label: str, key: str) -> tuple[Run, list[Run]]:
    """The full run on one database, and the date matrix on it: the date-sensitive tests again with the clock
    frozen on each day of tests/dates.py (docs/dates.md); none when the whole run is frozen with SINERGI_TODAY."""
    sys.path.insert(0, str(ROOT))
    from tests.dates import DATES, ENV, matrix_selection

    full = Run(label, env, result_key=key)
    if os.environ.get(ENV):
        return full, []
    selection = matrix_selection(ROOT)
    dates = [Run(f"{key} as of {day}", {**env, ENV: day.isoformat()}, selection, result_key=f"{key} dates")
             for day in DATES]
    return full, dates


def workers_wanted() -> int:
    value = os.environ.get("SINERGI_TEST_JOBS", "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError as error:
            raise SystemExit(f"SINERGI_TEST_JOBS={value!r} is not a whole number") from error
    return max(1, os.cpu_count() or 1)


def summarise(outcomes: list[Outcome], results: dict[str, str]) -> None:
    failed: dict[str, list[str]] = {}
    for outcome in outcomes:
        key = outcome.run.result_key
        failed.setdefault(key, [])
        if outcome.code != 0:
            failed[key].append(outcome.run.env.get("SINERGI_TODAY", "") or "the run")
    for key, days in failed.items():
        if key.endswith("dates"):
            results[key] = "ok" if not days else "FAILED on " + ", ".join(days)
        else:
            results[key] = "ok" if not days else "FAILED"


def main() -> int:
    results: dict[str, str] = {}
    say("ruff")
    lint = run([str(BIN / "ruff"), "check", "."])
    results["ruff"] = "ok" if lint == 0 else "FAILED"

    required = os.environ.get("CI_REQUIRE_POSTGRES") == "1"
    url = os.environ.get("DATABASE_URL", "")
    with contextlib.ExitStack() as stack:
        label = "PostgreSQL (DATABASE_URL)"
        if not url:
            url = stack.enter_context(throwaway_postgres()) or ""
            label = "PostgreSQL (private throw-away cluster)"
        sqlite_full, sqlite_dates = database_runs({"SINERGI_TEST_DB": "sqlite"}, "SQLite", "SQLite")
        runs_first, runs_then = [sqlite_full], list(sqlite_dates)
        if url:
            pg_full, pg_dates = database_runs({"DATABASE_URL": url, "SINERGI_TEST_DB": "postgresql"},
                                              label, "PostgreSQL")
            # Longest first: the two full runs, then the matrix days of both databases in turn.
            runs_first.insert(0, pg_full)
            runs_then = [each for pair in zip(pg_dates, sqlite_dates, strict=True) for each in pair]
        else:
            print(f"\n{LOUD}\n!! PostgreSQL NOT TESTED: set DATABASE_URL or install PostgreSQL (initdb, pg_ctl)."
                  f"\n{LOUD}", flush=True)
            results["PostgreSQL"] = "FAILED (missing, CI_REQUIRE_POSTGRES=1)" if required else "NOT RUN"
        started = time.monotonic()
        outcomes = run_all(runs_first + runs_then, workers_wanted())
        summarise(outcomes, results)

    say(f"summary ({time.monotonic() - started:.0f} s of pytest)")
    for step, outcome in results.items():
        print(f"  {step:<18} {outcome}")
    return 0 if all(v in {"ok", "NOT RUN"} for v in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
