from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, env_extra=None, stdin=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "tests.frozen_cli", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def sqlite_env(tmp_path):
    env = {"SINERGI_SQLITE_PATH": str(tmp_path / "cli.sqlite3"), "SINERGI_VAR_DIR": str(tmp_path),
           "SINERGI_DEMO": "1", "SINERGI_FAST_HASHER": "1"}
    env.pop("DATABASE_URL", None)
    return {**env, "DATABASE_URL": ""}


def test_the_demo_builds_once_and_a_second_run_adds_nothing(sqlite_env):
    first = run("demo", "--no-serve", "--scale", "tiny", env_extra=sqlite_env)
    assert first.returncode == 0, first.stderr
    assert "91599 baru" in first.stdout and "kejari.kupang" in first.stdout
    second = run("demo", "--no-serve", "--scale", "tiny", env_extra=sqlite_env)
    assert second.returncode == 0, second.stderr
    assert "0 baru, 0 diperbarui" in second.stdout and "pengguna demo: 17 (0 baru)" in second.stdout


def test_an_operator_creates_a_user_and_loads_regions_as_a_job(sqlite_env):
    assert run("migrate", "--verbosity", "0", env_extra=sqlite_env).returncode == 0
    loaded = run("regions", "load", "--json", env_extra=sqlite_env)
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["counts"]["villages"] == 83762
    assert run("orgs", "load", env_extra=sqlite_env).returncode == 0
    made = run("createuser", "--username", "tono", "--org", "kejari-ende", "--role", "prosecutor",
               "--password-stdin", env_extra=sqlite_env, stdin="kejaksaan-ende-1\n")
    assert made.returncode == 0, made.stderr
    wrong = run("createuser", "--username", "tini", "--org", "kejari-ende", "--role", "opd_verifier",
                "--password-stdin", env_extra=sqlite_env, stdin="kejaksaan-ende-1\n")
    assert wrong.returncode == 2 and "tidak dapat diberikan" in wrong.stderr
    listed = json.loads(run("jobs", "list", "--json", env_extra=sqlite_env).stdout)
    assert listed[0]["kind"] == "regions.load" and listed[0]["status"] == "succeeded"


def test_a_command_on_a_database_not_yet_migrated_says_to_migrate_first(sqlite_env):
    listed = run("jobs", "list", env_extra=sqlite_env)
    assert listed.returncode == 2 and "sinergi migrate" in listed.stderr and "Traceback" not in listed.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SINERGI_DEMO", "SINERGI_DEBUG",
                                                             "SINERGI_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env["SINERGI_VAR_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "sinergi.cli", "migrate"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_retrying_an_unknown_job_says_so_without_a_traceback(sqlite_env):
    assert run("migrate", "--verbosity", "0", env_extra=sqlite_env).returncode == 0
    result = run("jobs", "retry", "bukan-uuid", env_extra=sqlite_env)
    assert result.returncode == 2 and "tidak ditemukan" in result.stderr and "Traceback" not in result.stderr


def test_billing_aging_and_snapshots_run_from_the_command_line(sqlite_env):
    for command in (("migrate", "--verbosity", "0"), ("regions", "load"), ("orgs", "load")):
        assert run(*command, env_extra=sqlite_env).returncode == 0
    billed = run("billing", "run", "--period", "2025-04", "--json", env_extra=sqlite_env)
    assert billed.returncode == 0, billed.stderr
    assert json.loads(billed.stdout)["status"] == "succeeded"
    aging = run("receivables", "aging", "--branch", "bpjs-kanwil-kalimantan", "--as-of", "2026-01-20", "--json",
                env_extra=sqlite_env)
    assert aging.returncode == 0, aging.stderr
    data = json.loads(aging.stdout)
    assert data["as_of"] == "2026-01-20"
    assert set(data["classes"]) == {"lancar", "kurang_lancar", "diragukan", "macet"}
    assert all({"employers", "amount"} <= set(v) for v in data["classes"].values())
    assert [b["months"] for b in data["buckets"]][:2] == ["0", "1-2"]
    snapshot = run("receivables", "snapshot", "--month", "2025-12", "--json", env_extra=sqlite_env)
    assert snapshot.returncode == 0 and json.loads(snapshot.stdout)["status"] == "succeeded"
    bad = run("billing", "run", "--period", "2025-13", env_extra=sqlite_env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    bad = run("receivables", "aging", "--as-of", "kemarin", env_extra=sqlite_env)
    assert bad.returncode == 2 and "tidak valid" in bad.stderr
