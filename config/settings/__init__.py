"""Claimtrail settings, configured by environment variables: this module, with archiving's
and similar claims' in archive.py and similar.py.

Every variable read here is listed, with its default, in the README's configuration table.
With nothing set the project runs embedded (SQLite in the project folder); production sets
DEBUG off, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured

from config.observability.logs import logging_config

from .environment import BASE_DIR, PROXY_COUNT, env, env_flag

DEBUG = env_flag("DEBUG", default=False)

if "SECRET_KEY" in env.ENVIRON:
    SECRET_KEY = env.str("SECRET_KEY")
elif DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-never-used-when-debug-is-off"  # noqa: S105
else:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set and DEBUG is off. Set SECRET_KEY to a long random string, e.g. "
        "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "rest_framework",
    # DRF's plain tokens only until migration accounts.0001 has carried them over to knox.
    "rest_framework.authtoken",
    "knox",
    "django_filters",
    "drf_spectacular",
    # swagger-ui and Redoc as static files of ours: the CSP refuses scripts from a CDN.
    "drf_spectacular_sidecar",
    "sources",
    "claims",
    # Staff logins: see the block "Staff logins" below.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "config.accounts",
    "config.observability",
]

MIDDLEWARE = [
    # First, so that every log line of a request and every response carry its id.
    "config.observability.requests.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before static files and the session: the playback host answers its own URLs alone.
    "sources.middleware.PlaybackHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a login refused for a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process started by a test sees the test data;
    # one per test run, so two runs at once do not share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"claimtrail-test-{os.getpid()}.sqlite3")
    }
    # WAL lets the web process read while a worker writes; the busy timeout makes a writer
    # wait for the lock instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A connection per request costs more than a public page's queries (0.7 ms to open SQLite
# with its pragmas, more for PostgreSQL over TCP); keep it for a minute.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Redis, when configured, is the Celery broker (REDIS_URL) and the cache (CACHE_URL: by default
# the next database number of the same Redis, so the cache's keys never mix with the broker's);
# without it the project runs embedded: a cache and a broker kept in files, under CACHE_DIR and
# BROKER_DIR. The default cache must be one the web, worker and command processes share: it
# holds the public content version, which a capture finishing in the worker moves on. Rendered
# pages ("pages") are keyed by that version, so embedded they can stay in each process's memory.
# Every key has a time to live and the cache is bounded (docs/site.md#caching); nothing in it
# is the only copy of anything, so a Redis that does not answer is read as a miss and
# written past (config/cache.py), and readers get pages from the database meanwhile.
REDIS_URL = env.str("REDIS_URL", default="")


def _next_database(url: str) -> str:
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 1
    return urlunsplit(parts._replace(path=f"/{number}"))


CACHE_URL = env.str("CACHE_URL", default="") or (_next_database(REDIS_URL) if REDIS_URL else "")
if CACHE_URL:
    _redis = {
        "BACKEND": "config.cache.SoftFailRedisCache",
        "LOCATION": CACHE_URL,
        # A Redis that hangs costs a reader half a second, then is left alone a while.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {"default": _redis, "pages": _redis}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
            # Past MAX_ENTRIES files a write removes a third of them (1/CULL_FREQUENCY).
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 3},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000, "CULL_FREQUENCY": 3},
        },
    }

# Security: safe by default, relaxed only by DEBUG or an explicit variable.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=not DEBUG)
if env_flag("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public site loads nothing from elsewhere and runs no inline script (its JSON-LD is a
# data block, which CSP does not execute). The admin is left out: its widgets use inline
# script and style. A response that sets its own policy (archived copies) keeps it.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    },
}
SESSION_COOKIE_HTTPONLY = True

# Logs (docs/operations.md): one JSON object a line, with the request id, the user and, in
# workers, the task and the capture; readable lines instead where DEBUG is on.
LOGGING = logging_config(
    kind=env.str("LOG_FORMAT", default="console" if DEBUG else "json"),
    level=env.str("LOG_LEVEL", default="INFO"),
)

# Demo accounts created by `manage.py load_demo`; unset means a password is generated
# and printed once, when the account is created.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# The public site: who publishes the fact-checks (ClaimReview's author) and how long a
# rendered page may be served from the cache. Publishing, correcting and unpublishing clear
# it at once; the time bounds how long other edits made in the admin take to show.
CLAIMTRAIL_PUBLISHER_NAME = env.str("CLAIMTRAIL_PUBLISHER_NAME", default="Claimtrail")
CLAIMTRAIL_PUBLISHER_URL = env.str("CLAIMTRAIL_PUBLISHER_URL", default="")
CLAIMTRAIL_PAGE_CACHE_SECONDS = env.int("CLAIMTRAIL_PAGE_CACHE_SECONDS", default=300)
# On PostgreSQL, a public page's statements are cancelled past this (0: never), and the
# reader gets a 503 page instead of a worker held for as long as a runaway query runs.
CLAIMTRAIL_PAGE_STATEMENT_TIMEOUT_MS = env.int("CLAIMTRAIL_PAGE_STATEMENT_TIMEOUT_MS", default=3000)

# Staff logins (docs/security.md). Every password login goes through django-axes: after
# LOGIN_FAILURE_LIMIT failures within LOGIN_LOCKOUT_MINUTES for one account, or from one
# address, logins for it are refused (the right password too) with a 429 page saying until
# when. Failures expire LOGIN_LOCKOUT_MINUTES after the last one; a success does not clear
# them, since a success resets every counter of its address, the per-account ones of other
# accounts included, and would let one known password buy unlimited guesses at the rest.
# Attempts refused during a lockout do not extend it, so its end is a time the page can say.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("LOGIN_LOCKOUT_MINUTES", default=15.0))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.accounts.logins.locked_out"
LOGIN_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=PROXY_COUNT)
AXES_CLIENT_IP_CALLABLE = "config.accounts.logins.client_address"
# Masked in what django-axes stores of a failed request; the password always is.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# django-axes logs with the account and address masked; config.accounts logs one line per
# failure, lockout and refusal with both (and never a password or a code) instead.
LOGGING["loggers"]["axes"] = {"level": "ERROR"}
# A second factor (a TOTP authenticator app, with one-time recovery codes) for staff. Where
# required, a staff session without one reaches only the page that sets it up; the admin's
# login asks for a code whenever the account has one, required or not.
STAFF_REQUIRE_TOTP = env_flag("STAFF_REQUIRE_TOTP", default=not DEBUG)
STAFF_RECOVERY_CODES = 10
# The name authenticator apps show beside a staff account's codes.
OTP_TOTP_ISSUER = CLAIMTRAIL_PUBLISHER_NAME

# Archiving (sources.fetch and the capture worker).
from .archive import *  # noqa: E402, F403
from .archive import (  # noqa: E402
    ARCHIVE_ORPHAN_SWEEP_INTERVAL,
    ARCHIVE_RETRY_MAX,
    ARCHIVE_STALE_AFTER,
    ARCHIVE_SWEEP_INTERVAL,
)
from .similar import *  # noqa: E402, F403
from .similar import SIMILAR_SWEEP_INTERVAL  # noqa: E402

# Celery. The Capture row is the truth and the message only wakes a worker, so a lost
# message costs a delay (the sweep re-sends it), never a capture.
BROKER_DIR = Path(env.str("BROKER_DIR", default=str(BASE_DIR / "var" / "broker")))
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport with whole-file writes and claims (config/broker.py says why).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "claimed_folder": str(BROKER_DIR / "claimed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        # kombu polls the folder once a second by default; a slow poll idles the pool.
        "polling_interval": 0.05,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redelivery of an unacknowledged task after a worker dies; retries are sent with
        # countdowns shorter than this, so none is delivered twice for that reason.
        "visibility_timeout": int(ARCHIVE_RETRY_MAX + ARCHIVE_STALE_AFTER + 60),
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A capture waits on the network most of its time, so a worker process fetches in threads;
# its CPU work (database, WARC) shares one interpreter lock, so bin/worker starts one such
# process per core, and text is read in child processes (sources/extract). 16 threads a
# process on two cores measured best (bench/README.md#archiving).
CELERY_WORKER_POOL = env.str("CELERY_WORKER_POOL", default="threads")
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=16)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    "sweep-captures": {
        "task": "sources.tasks.sweep_captures",
        "schedule": ARCHIVE_SWEEP_INTERVAL,
    },
    "recheck-sources": {
        "task": "sources.tasks.recheck_sources",
        "schedule": 3600.0,
    },
    "check-fixity": {
        "task": "sources.tasks.check_fixity",
        "schedule": 3600.0,
    },
    "sweep-orphan-files": {
        "task": "sources.tasks.sweep_orphan_files",
        "schedule": ARCHIVE_ORPHAN_SWEEP_INTERVAL,
    },
    "embed-missing": {
        "task": "claims.tasks.embed_missing",
        "schedule": SIMILAR_SWEEP_INTERVAL,
    },
}

from .api import *  # noqa: E402, F403
