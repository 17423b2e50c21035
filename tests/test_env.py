from __future__ import annotations

import pytest

from sinergi.env import ConfigError, env_bool, env_int, parse_database_url


def test_a_postgresql_url_becomes_a_django_database():
    db = parse_database_url("postgresql://sinergi:r%40hasia@db.local:6543/sinergi?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "sinergi", "sinergi", "r@hasia", "db.local", "6543")
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgresql://x@y/", "postgresql://x@y:port/z"])
def test_a_malformed_database_url_is_refused(url):
    with pytest.raises(ConfigError):
        parse_database_url(url)


def test_booleans_and_numbers_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ya")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ConfigError):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "3")
    with pytest.raises(ConfigError):
        env_int("X_NUM", 1, minimum=5)
