"""Django settings for PeaceOps: one module, configured by the environment.

Environment variables:
- PEACEOPS_DATABASE_URL: database URL (default: embedded SQLite under var/peaceops.sqlite3)
- PEACEOPS_SECRET_KEY: secret key (a development key is used when unset; set it in production)
- PEACEOPS_DEBUG: "1" for debug pages
- PEACEOPS_ALLOWED_HOSTS: comma-separated host names
- PEACEOPS_VAR_DIR: where the embedded database and uploads live (default: ./var)
- PEACEOPS_STATIC_ROOT: where `collectstatic` writes the hashed, precompressed static files (default: var/static)
- PEACEOPS_COMPRESS_RESPONSES: "0" to leave compression of HTML and JSON answers to a reverse proxy
- PEACEOPS_MAX_BODY_BYTES, PEACEOPS_MAX_UPLOAD_BYTES: largest request body and multipart upload (413 above)
- PEACEOPS_FEED_SIGNING_KEY: the PEM file of the partner-feed signing key (default: var/feed-signing-key.pem)
- PEACEOPS_PUBLIC_URL, PEACEOPS_OUTBOX_*, PEACEOPS_SMS_*, PEACEOPS_EMAIL_*: messaging (docs/operators/messaging.md)
- PEACEOPS_MEDIA_DIR: where records' attachments (photos, files) and their thumbnails live (default: var/media)
- PEACEOPS_ATTACHMENT_MAX_BYTES, PEACEOPS_ATTACHMENTS_PER_RECORD, PEACEOPS_ATTACHMENT_MAX_PIXELS: attachment limits
- PEACEOPS_BASEMAP: the offline base map, a PMTiles archive (default: var/basemap/basemap.pmtiles; optional)
"""

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PEACEOPS_VAR_DIR", BASE_DIR / "var"))
#: The Ed25519 private key that signs partner feeds (PEM; created on first use; docs/operators/partner-feeds.md).
PEACEOPS_FEED_SIGNING_KEY = Path(os.environ.get("PEACEOPS_FEED_SIGNING_KEY", VAR_DIR / "feed-signing-key.pem"))
#: The keys that encrypt identities at rest (victims', witnesses' and subjects' names and contacts), kept outside
#: the database: PEACEOPS_IDENTITY_KEYS ("key id:base64 key,..." newest first) or the file
#: PEACEOPS_IDENTITY_KEY_FILE (one "key id base64 key" a line, newest first; created, mode 0600, on first use
#: when neither is set). docs/operators/identity-keys.md says how to keep and rotate them.
PEACEOPS_IDENTITY_KEYS = os.environ.get("PEACEOPS_IDENTITY_KEYS", "")
PEACEOPS_IDENTITY_KEY_FILE = Path(os.environ.get("PEACEOPS_IDENTITY_KEY_FILE", VAR_DIR / "identity-keys"))

#: The offline base map: a PMTiles v3 archive of OpenStreetMap vector tiles (docs/operators/base-maps.md). When
#: no file is there the maps draw the mission's boundaries only. `peaceops install-basemap FILE` copies one here.
PEACEOPS_BASEMAP = Path(os.environ.get("PEACEOPS_BASEMAP") or VAR_DIR / "basemap" / "basemap.pmtiles")

SECRET_KEY = os.environ.get("PEACEOPS_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = os.environ.get("PEACEOPS_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("PEACEOPS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "peaceops.core",
    "peaceops.worker",
    "peaceops.geo",
    "peaceops.incidents",
    "peaceops.sites",
    "peaceops.alerts",
    "peaceops.force",
    "peaceops.operations",
    "peaceops.conduct",
    "peaceops.interop",
    "peaceops.sharing",
    "peaceops.messaging",
    "peaceops.notices",
    "peaceops.analytics",
    "peaceops.ledger",
    "peaceops.partners",
    "peaceops.web",
    "peaceops.accounts",
    "peaceops.demo",  # the `peaceops demo` command
]
if "pytest" in sys.modules:  # tests-only record types (tests/recordtypes): a plain one and a need-to-know one
    INSTALLED_APPS.append("tests.recordtypes")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Brotli/gzip for the application's text answers (static files come precompressed from WhiteNoise).
    "peaceops.web.delivery.CompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Names the signed-in user (opaquely) in X-PeaceOps-User: the service worker keeps pages per user.
    "peaceops.web.shell.DeviceUserMiddleware",
    # Cache-Control of application answers: private, no-store for signed-in users (docs/operators/caching.md).
    "peaceops.web.delivery.CachePolicyMiddleware",
    "peaceops.core.limits.RequestSizeLimitMiddleware",
    "peaceops.core.limits.NulCharacterMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peaceops.accounts.middleware.TwoFactorMiddleware",  # a session owing a second factor goes to settle it
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "peaceops.core.middleware.RequestIdMiddleware",
    # Last, as django-axes requires: counts failed sign-ins and locks out repeated failures.
    "axes.middleware.AxesMiddleware",
]

# Request size limits (peaceops.core.limits answers 413 above them): form and JSON bodies, and multipart
# uploads with their files; uploads over FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk, not held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("PEACEOPS_MAX_BODY_BYTES", str(2_621_440)))
PEACEOPS_MAX_UPLOAD_BYTES = int(os.environ.get("PEACEOPS_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (django-axes): 5 failures per username and address lock out for one hour.
AXES_FAILURE_LIMIT = int(os.environ.get("PEACEOPS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

# Two-factor sign-in (django-otp, TOTP): required for superusers and holders of a role that sees STRICTLY
# CONFIDENTIAL data (peaceops.accounts.twofactor); PEACEOPS_REQUIRE_TWO_FACTOR=0 lifts the requirement (demos).
#: OpenMP threads for fitting a forecast run's boosted trees. One by default: on shared 2-core machines the
#: trees' threads spin waiting for each other (measured 10-40x more CPU; docs/benchmarks.md); raise it on a quiet
#: many-core server. 0 means the library default (all cores).
PEACEOPS_FORECAST_THREADS = int(os.environ.get("PEACEOPS_FORECAST_THREADS", "1"))
PEACEOPS_REQUIRE_TWO_FACTOR = os.environ.get("PEACEOPS_REQUIRE_TWO_FACTOR", "1") == "1"
OTP_TOTP_ISSUER = "PeaceOps"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Content Security Policy: only the platform's own scripts, styles, workers and data; nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Cookies: set PEACEOPS_SECURE_COOKIES=1 when served over HTTPS (production); off by default so that the demo
# on http://127.0.0.1:8000 can sign in.
_SECURE_COOKIES = os.environ.get("PEACEOPS_SECURE_COOKIES", "0") == "1"
SESSION_COOKIE_SECURE = _SECURE_COOKIES
CSRF_COOKIE_SECURE = _SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

ROOT_URLCONF = "peaceops.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The COP package keeps its templates beside its code (it is part of the web app, not an app itself).
        "DIRS": [BASE_DIR / "peaceops" / "web" / "cop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "peaceops.web.context_processors.mission_header",
            ],
        },
    },
]

WSGI_APPLICATION = "peaceops.wsgi.application"
ASGI_APPLICATION = "peaceops.asgi.application"


# SQLite page cache per connection and memory-mapped window (both count in a process's RSS when used).
_SQLITE_CACHE_MB = int(os.environ.get("PEACEOPS_SQLITE_CACHE_MB", "200"))
_SQLITE_MMAP_MB = int(os.environ.get("PEACEOPS_SQLITE_MMAP_MB", "1024"))
#: SQLite's `synchronous`: NORMAL (default) keeps every commit through a killed process but may lose the last
#: ones to a power cut or an operating-system crash; FULL syncs each commit to disk (docs/operators/durability.md).
_SQLITE_SYNCHRONOUS = os.environ.get("PEACEOPS_SQLITE_SYNCHRONOUS", "NORMAL").upper()
if _SQLITE_SYNCHRONOUS not in ("NORMAL", "FULL"):
    raise ValueError("PEACEOPS_SQLITE_SYNCHRONOUS: NORMAL or FULL")


def _database_config() -> dict:
    """The database named by PEACEOPS_DATABASE_URL, or the embedded SQLite file in WAL mode."""
    url = os.environ.get("PEACEOPS_DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        # Connections kept for a minute, as for a database URL: opening an SQLite connection (its pragmas and
        # Django's SQL functions) cost 2 ms, a fifth of a webhook post (docs/benchmarks.md).
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "peaceops.sqlite3"),
                  "CONN_MAX_AGE": 60}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            {
                "init_command": (
                    f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_SQLITE_SYNCHRONOUS}; "
                    f"PRAGMA cache_size=-{_SQLITE_CACHE_MB * 1000}; PRAGMA temp_store=MEMORY; "
                    f"PRAGMA mmap_size={_SQLITE_MMAP_MB * 1024 * 1024};"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            }
        )
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "peaceops.accounts.validators.NotLikeNamesValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("sq", "Shqip"), ("sr-latn", "Srpski (latinica)"), ("sr", "Српски (ћирилица)")]
LOCALE_PATHS = [BASE_DIR / "peaceops" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# `peaceops collectstatic` (run by `peaceops demo`) writes the static files here under hashed names, with brotli
# and gzip copies; WhiteNoise serves them cached for a year (docs/operators/caching.md). Without it, WhiteNoise
# serves the apps' files by their plain names (WHITENOISE_USE_FINDERS), uncompressed and cached for 60 seconds.
STATIC_ROOT = Path(os.environ.get("PEACEOPS_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
STATICFILES_DIRS = [BASE_DIR / "peaceops" / "web" / "cop" / "static"]  # the COP package's scripts and styles
WHITENOISE_USE_FINDERS = True
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # the plain names come from the apps (finders); half the work
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "peaceops.web.delivery.StaticStorage"},
}
#: Compress the application's HTML and JSON answers (brotli or gzip); 0 when a reverse proxy does it.
PEACEOPS_COMPRESS_RESPONSES = os.environ.get("PEACEOPS_COMPRESS_RESPONSES", "1") == "1"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
DJANGO_TABLES2_TEMPLATE = "django_tables2/semantic.html"

# Background tasks (django-tasks with its database backend; docs/operators/worker.md): the queue is a table in
# the platform's own database, run by `peaceops worker`. PEACEOPS_TASKS_BACKEND=immediate runs each task at once
# in the process that enqueues it (no worker needed; the tests' default, see tests/conftest.py).
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                  "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[os.environ.get("PEACEOPS_TASKS_BACKEND", "database")]}}
#: A worker that has not beaten its heartbeat for this many seconds is gone: a task it left RUNNING is run again.
PEACEOPS_WORKER_LEASE_SECONDS = float(os.environ.get("PEACEOPS_WORKER_LEASE_SECONDS", "60"))
#: How many times a failing task is tried in all (a task may declare its own), and the first retry's delay in
#: seconds (doubled at each further retry, at most an hour).
PEACEOPS_TASK_MAX_ATTEMPTS = int(os.environ.get("PEACEOPS_TASK_MAX_ATTEMPTS", "3"))
PEACEOPS_TASK_RETRY_SECONDS = float(os.environ.get("PEACEOPS_TASK_RETRY_SECONDS", "30"))
#: Exports from a page holding more rows than this are written by the worker (progress on the page, then a
#: download for the requester); smaller ones download at once. Finished files are kept this many hours, here.
PEACEOPS_EXPORT_BACKGROUND_ROWS = int(os.environ.get("PEACEOPS_EXPORT_BACKGROUND_ROWS", "10000"))
PEACEOPS_EXPORT_KEEP_HOURS = float(os.environ.get("PEACEOPS_EXPORT_KEEP_HOURS", "24"))
PEACEOPS_EXPORT_DIR = Path(os.environ.get("PEACEOPS_EXPORT_DIR", VAR_DIR / "exports"))
# Files uploaded from a page for a background task (an external forecast to import); each is deleted once read.
PEACEOPS_UPLOAD_DIR = Path(os.environ.get("PEACEOPS_UPLOAD_DIR", VAR_DIR / "uploads"))
# Records' attachments (photos and files: peaceops.core.kit.attachments; docs/operators/attachments.md): the
# originals, unchanged, and their thumbnails live here, beside the embedded database by default. Back it up with
# the database. Limits: the largest file, the most files one record may hold, the largest image (in pixels).
PEACEOPS_MEDIA_DIR = Path(os.environ.get("PEACEOPS_MEDIA_DIR", VAR_DIR / "media"))
PEACEOPS_ATTACHMENT_MAX_BYTES = int(os.environ.get("PEACEOPS_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
PEACEOPS_ATTACHMENTS_PER_RECORD = int(os.environ.get("PEACEOPS_ATTACHMENTS_PER_RECORD", "20"))
PEACEOPS_ATTACHMENT_MAX_PIXELS = int(os.environ.get("PEACEOPS_ATTACHMENT_MAX_PIXELS", str(100_000_000)))

# Messaging (docs/operators/messaging.md): the outbox's tries, back-off and claim lease, the gateways' API
# timeouts, and the platform's address as gateways see it (for Twilio's signature and status callback URLs).
PEACEOPS_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("PEACEOPS_OUTBOX_MAX_ATTEMPTS", "6"))
PEACEOPS_OUTBOX_RETRY_SECONDS = float(os.environ.get("PEACEOPS_OUTBOX_RETRY_SECONDS", "60"))
PEACEOPS_OUTBOX_CLAIM_SECONDS = float(os.environ.get("PEACEOPS_OUTBOX_CLAIM_SECONDS", "300"))
PEACEOPS_SMS_CONNECT_TIMEOUT = float(os.environ.get("PEACEOPS_SMS_CONNECT_TIMEOUT", "5"))
PEACEOPS_SMS_READ_TIMEOUT = float(os.environ.get("PEACEOPS_SMS_READ_TIMEOUT", "15"))
PEACEOPS_PUBLIC_URL = os.environ.get("PEACEOPS_PUBLIC_URL", "")
#: Where gateways of the "file" kind (the demo) write their messages, one JSON line each.
PEACEOPS_MESSAGING_FILE = Path(os.environ.get("PEACEOPS_MESSAGING_FILE", VAR_DIR / "outbox.jsonl"))
# E-mail (outbound messages on the e-mail channel): Django's SMTP settings, from the environment.
EMAIL_HOST = os.environ.get("PEACEOPS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PEACEOPS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PEACEOPS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PEACEOPS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("PEACEOPS_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("PEACEOPS_EMAIL_FROM", "peaceops@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PEACEOPS_LOG_LEVEL", "WARNING")},
}

# Limits of an incident import (peaceops.interop.limits; docs/operators/importing.md "Limits"). A row beyond a
# field or nesting limit is rejected with its line; a file beyond the decompressed size is refused.
PEACEOPS_IMPORT_MAX_FIELD_CHARS = int(os.environ.get("PEACEOPS_IMPORT_MAX_FIELD_CHARS", "1000000"))
PEACEOPS_IMPORT_MAX_ROW_CHARS = int(os.environ.get("PEACEOPS_IMPORT_MAX_ROW_CHARS", "4000000"))
PEACEOPS_IMPORT_MAX_NESTING = int(os.environ.get("PEACEOPS_IMPORT_MAX_NESTING", "20"))
PEACEOPS_IMPORT_MAX_DECOMPRESSED_BYTES = int(os.environ.get("PEACEOPS_IMPORT_MAX_DECOMPRESSED_BYTES",
                                                            str(8 * 1024**3)))
PEACEOPS_IMPORT_MAX_REPEATED_IDS = int(os.environ.get("PEACEOPS_IMPORT_MAX_REPEATED_IDS", "1000"))
