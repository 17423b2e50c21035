"""Sinergi settings: one module, driven by environment variables.

SQLite (``var/sinergi.sqlite3``) is the embedded default; ``DATABASE_URL`` switches to PostgreSQL.
See README.md for every variable.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

from sinergi.env import ConfigError, env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("SINERGI_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("SINERGI_DEBUG", False)
# The demo mode is for `make demo` on a laptop: it allows a generated secret key and plain-HTTP cookies.
DEMO = env_bool("SINERGI_DEMO", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or DEMO or env_bool("SINERGI_TESTING", False):
        SECRET_KEY = "sinergi-insecure-demo-key-do-not-use-in-production"
    else:
        raise ConfigError(
            "SECRET_KEY is required outside demo/debug mode (set SECRET_KEY, or SINERGI_DEMO=1 for a demo)"
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEBUG or DEMO) else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "sinergi.admin_site.SinergiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # django-ninja: its docs page uses the Swagger UI shipped in the package (no CDN)
    "sinergi.regions",
    "sinergi.orgs",
    "sinergi.audit",
    "sinergi.jobs",
    "sinergi.registry",
    "sinergi.receivables",
    "sinergi.rentan",
    "sinergi.enforcement",
    "sinergi.coverage",
    "sinergi.claims",
    "sinergi.api",
    "sinergi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinergi.web.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # /api/ only: Idempotency-Key on writes, ETag and If-None-Match on reads.
    "sinergi.api.middleware.ApiMiddleware",
]

ROOT_URLCONF = "sinergi.urls"
WSGI_APPLICATION = "sinergi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's base templates, then each capability package's own (sinergi/<app>/<capability>/
        # templates/<app>/…, beside its views); APP_DIRS finds the apps' templates.
        "DIRS": [BASE_DIR / "templates", *sorted(BASE_DIR.glob("*/*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sinergi.web.context_processors.navigation",
            ],
        },
    }
]

# --- Database ------------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": parse_database_url(DATABASE_URL)}
else:
    SQLITE_PATH = Path(env_str("SINERGI_SQLITE_PATH", str(VAR_DIR / "sinergi.sqlite3")))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of deadlocking
                # on a lock upgrade; the busy timeout makes them wait rather than fail at once.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=20000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-64000;"
                ),
            },
            "TEST": {"NAME": env_str("SINERGI_SQLITE_TEST_PATH") or None},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = ["sinergi.orgs.backends.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("SINERGI_FAST_HASHER", False):
    # Test runs only: Argon2 is deliberately slow, and hundreds of test users would take minutes.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("SINERGI_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sinergi.orgs.passwords.LettersAndDigitsValidator"},
]

# Lockout: after this many consecutive failed logins for one username, the account is locked for a while.
LOGIN_MAX_FAILURES = env_int("SINERGI_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("SINERGI_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)

SESSION_COOKIE_AGE = env_int("SINERGI_SESSION_HOURS", 10, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Security headers (strict unless debugging or running the local demo) ---------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default behaviour
if not (DEBUG or DEMO):
    SESSION_COOKIE_SECURE = env_bool("SINERGI_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SINERGI_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SINERGI_SSL_REDIRECT", False)  # usually done by the reverse proxy
    SECURE_HSTS_SECONDS = env_int("SINERGI_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language, time, formats ---------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("SINERGI_TIME_ZONE", "Asia/Jakarta")

# --- Static assets: only from Python packages, never a CDN ---------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("SINERGI_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [("bootstrap", xstatic_bootstrap.BASE_DIR)]
# WhiteNoise serves the assets straight from the installed packages (no collectstatic step for the demo);
# a production deployment may run `collectstatic` and set SINERGI_STATIC_FINDERS=0.
WHITENOISE_USE_FINDERS = env_bool("SINERGI_STATIC_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

# --- Files and jobs ------------------------------------------------------------------------------------
MEDIA_ROOT = VAR_DIR / "files"
JOB_FILES_DIR = VAR_DIR / "jobs"
JOB_STALE_SECONDS = env_int("SINERGI_JOB_STALE_SECONDS", 120, minimum=10)
JOB_POLL_SECONDS = env_int("SINERGI_JOB_POLL_SECONDS", 2, minimum=1)
# Uploaded import files are removed this many days after upload (the jobs keep their reports).
UPLOAD_RETENTION_DAYS = env_int("SINERGI_UPLOAD_RETENTION_DAYS", 30, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Partner API ---------------------------------------------------------------------------------------
# Requests per token: "<count>/<s|min|h|day>" (sinergi/api/throttling.py).
API_RATE = env_str("SINERGI_API_RATE", "600/min")
if not re.fullmatch(r"[1-9]\d*/(s|sec|m|min|h|hour|d|day)", API_RATE):
    raise ConfigError(f"SINERGI_API_RATE={API_RATE!r}: write it as 600/min (a count, a slash, s, min, h or day)")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SINERGI_LOG_LEVEL", "INFO")},
    # Splink reports its blocking and prediction times at INFO for every import; the import's own stages
    # (ImportBatch.counts["stages"]) already say where the time goes.
    "loggers": {"django.server": {"level": "WARNING"}, "splink": {"level": "WARNING"}},
}
