"""Strict readers for environment variables.

A malformed value stops the process with a message naming the variable, instead of being guessed at: a
typo in production settings must not silently fall back to a default.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(RuntimeError):
    """A setting in the environment is malformed."""


_TRUE = {"1", "true", "yes", "on", "ya"}
_FALSE = {"0", "false", "no", "off", "tidak", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


def parse_database_url(url: str) -> dict:
    """Turn ``postgresql://user:pass@host:port/name?sslmode=require`` into a Django DATABASES entry.

    Only PostgreSQL is accepted: SQLite is the default when ``DATABASE_URL`` is unset, and any other scheme
    is a configuration mistake.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            f"DATABASE_URL scheme {parts.scheme!r} is not supported; use postgresql://user:pass@host:port/name"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ConfigError("DATABASE_URL has no database name (postgresql://…/NAME)")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"DATABASE_URL has a malformed port: {url!r}") from None
    options = dict(parse_qsl(parts.query))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
