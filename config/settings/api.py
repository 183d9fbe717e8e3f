"""Settings of the API (Django REST framework, its tokens and its schema), every one from
the environment; docs/configuration.md lists them."""

from datetime import timedelta

from .environment import PROXY_COUNT, env

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
        "FigureKindEnum": "claims.models.FigureKind",
        "FigureQualifierEnum": "claims.models.FigureQualifier",
        "FigureOriginEnum": "claims.models.FigureOrigin",
        "LabelEnum": "claims.figures.compare.LABELS",
        "DiscrepancyLabelEnum": "claims.models.DiscrepancyLabel",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.add_error_responses",
    ],
}
