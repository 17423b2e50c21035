#!/usr/bin/env python3
"""`make test`: ruff, then the whole pytest suite on SQLite and on PostgreSQL (browser tests included).

PostgreSQL is the server at DATABASE_URL when set; otherwise a private throw-away cluster started from the
local PostgreSQL binaries (initdb/pg_ctl) in a temporary folder, removed afterwards. Where neither exists,
the PostgreSQL run is reported loudly as not done — and with CI_REQUIRE_POSTGRES=1 that is a failure.

After each full run, the date matrix: the date-sensitive tests once more on each day of tests/dates.py, with
the clock frozen there (docs/dates.md). ``SINERGI_TODAY=YYYY-MM-DD make test`` runs everything on that day.
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


def pytest(env_extra: dict[str, str], label: str, args: list[str] | None = None) -> int:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(env_extra)
    say(f"pytest on {label}")
    started = time.monotonic()
    code = run([str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", *(args or [])], env=env)
    print(f"--- {label}: exit {code} in {time.monotonic() - started:.0f} s", flush=True)
    return code


def date_matrix(env_extra: dict[str, str], label: str, results: dict[str, str]) -> None:
    """The date-sensitive tests again with the clock frozen on each day of the matrix (tests/dates.py,
    docs/dates.md). Skipped when the whole run is itself frozen with SINERGI_TODAY."""
    sys.path.insert(0, str(ROOT))
    from tests.dates import DATES, ENV, matrix_selection

    if os.environ.get(ENV):
        return
    selection = matrix_selection(ROOT)
    failed = []
    for day in DATES:
        if pytest({**env_extra, ENV: day.isoformat()}, f"{label} as of {day}", selection) != 0:
            failed.append(day.isoformat())
    results[f"{label} dates"] = "ok" if not failed else "FAILED on " + ", ".join(failed)


def main() -> int:
    results: dict[str, str] = {}
    say("ruff")
    lint = run([str(BIN / "ruff"), "check", "."])
    results["ruff"] = "ok" if lint == 0 else "FAILED"

    sqlite = pytest({"SINERGI_TEST_DB": "sqlite"}, "SQLite")
    results["SQLite"] = "ok" if sqlite == 0 else "FAILED"
    date_matrix({"SINERGI_TEST_DB": "sqlite"}, "SQLite", results)

    required = os.environ.get("CI_REQUIRE_POSTGRES") == "1"
    url = os.environ.get("DATABASE_URL", "")
    if url:
        code = pytest({"DATABASE_URL": url, "SINERGI_TEST_DB": "postgresql"}, "PostgreSQL (DATABASE_URL)")
        results["PostgreSQL"] = "ok" if code == 0 else "FAILED"
        date_matrix({"DATABASE_URL": url, "SINERGI_TEST_DB": "postgresql"}, "PostgreSQL", results)
    else:
        with throwaway_postgres() as private_url:
            if private_url:
                code = pytest({"DATABASE_URL": private_url, "SINERGI_TEST_DB": "postgresql"},
                              "PostgreSQL (private throw-away cluster)")
                results["PostgreSQL"] = "ok" if code == 0 else "FAILED"
                date_matrix({"DATABASE_URL": private_url, "SINERGI_TEST_DB": "postgresql"}, "PostgreSQL", results)
            else:
                print(f"\n{LOUD}\n!! PostgreSQL NOT TESTED: set DATABASE_URL or install PostgreSQL (initdb, pg_ctl)."
                      f"\n{LOUD}", flush=True)
                results["PostgreSQL"] = "FAILED (missing, CI_REQUIRE_POSTGRES=1)" if required else "NOT RUN"

    say("summary")
    for step, outcome in results.items():
        print(f"  {step:<18} {outcome}")
    return 0 if all(v in {"ok", "NOT RUN"} for v in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
