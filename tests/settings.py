"""Settings for the test suite: the production settings with a fast password hasher."""

import os

os.environ.setdefault("SINERGI_TESTING", "1")
os.environ.setdefault("SINERGI_FAST_HASHER", "1")
os.environ.setdefault("SINERGI_DEBUG", "0")

from sinergi.settings import *  # noqa: E402,F403

# Tests run over plain HTTP against the live server.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["*"]
JOB_FILES_DIR = VAR_DIR / "test-jobs"  # noqa: F405

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # One test database per run, so parallel runs on the same server (developers, helpers, CI) never
    # drop each other's database; pytest-django removes it at the end of the run.
    DATABASES["default"]["TEST"] = {"NAME": f"test_sinergi_{os.getpid()}"}  # noqa: F405
