"""LOGGING for settings.py: every record, structlog's and the standard library's alike, goes
through one formatter that adds the bound context and renders JSON or readable lines."""

from typing import Any

import structlog
from django.core.exceptions import ImproperlyConfigured

JSON = "json"
CONSOLE = "console"


def _shared_processors() -> list:
    from .requests import add_user_id

    return [
        # The request id, task and capture bound by the middleware and the task signals.
        structlog.contextvars.merge_contextvars,
        add_user_id,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        # Fields passed with extra={...} to a standard-library logger become keys.
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _renderer(kind: str):
    if kind == JSON:
        return structlog.processors.JSONRenderer(sort_keys=False, default=str)
    return structlog.dev.ConsoleRenderer(colors=False)


def formatter(kind: str) -> structlog.stdlib.ProcessorFormatter:
    """The formatter LOGGING names: kind is "json" (production) or "console"."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _renderer(kind),
        ],
    )


def configure_structlog() -> None:
    """structlog's own loggers hand their events to the standard library's handlers, so both
    kinds of line come out of the one formatter."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared_processors(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def logging_config(*, kind: str, level: str) -> dict[str, Any]:
    if kind not in (JSON, CONSOLE):
        raise ImproperlyConfigured(f"LOG_FORMAT={kind!r}: use json or console.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {"()": "config.observability.logs.formatter", "kind": kind},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        # One line per archived request is noise; the Capture row records each one.
        "loggers": {"httpx": {"level": "WARNING"}},
    }
