from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from kombu.exceptions import OperationalError

from claims.similar import matcher_client
from config import cache as soft_cache
from config.celery import app as celery_app
from sources.models import Capture


@never_cache
def healthz(request) -> JsonResponse:
    """Which parts answer: the database, the cache, the broker and the matcher, and how many
    captures are overdue.

    For load balancers and operators: 503 only when the database does not answer, since
    without it nothing can be served. The site serves without the others, so they are
    reported and make the status "degraded", never a 503: readers get pages from the
    database while the cache is away, and captures wait in their rows (the sweep sends them)
    while the broker is. The matcher is optional (without it suggestions match wording
    alone), so it is reported, as "ok" or "unavailable" with the reason, and changes nothing.
    """
    checks: dict[str, object] = {"status": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        stale = timezone.now() - timedelta(seconds=settings.ARCHIVE_STALE_AFTER)
        checks["captures_overdue"] = Capture.objects.filter(
            status=Capture.Status.QUEUED, next_attempt_at__lt=stale
        ).count()
    except DatabaseError as error:
        checks["database"] = f"error: {error.__class__.__name__}"
    checks["cache"] = _cache()
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        checks["broker"] = "ok"
    except (OperationalError, OSError) as error:
        checks["broker"] = f"error: {error.__class__.__name__}"
    checks["matcher"] = _matcher()
    if checks["database"] != "ok":
        checks["status"] = "down"
    elif checks["cache"] != "ok" or checks["broker"] != "ok":
        checks["status"] = "degraded"
    return JsonResponse(checks, status=503 if checks["status"] == "down" else 200)


def _cache() -> str:
    """Whether every cache answers: Redis is asked itself, past the pause that the
    application's own reads take after an error (config/cache.py)."""
    for alias in settings.CACHES:
        backend = caches[alias]
        try:
            if isinstance(backend, soft_cache.SoftFailRedisCache):
                backend.ping()
            else:
                backend.has_key("claimtrail:healthz")
        except soft_cache.ERRORS as error:
            return f"error: {error.__class__.__name__}"
    return "ok"


def _matcher() -> dict:
    try:
        state = matcher_client.health()
    except matcher_client.MatcherUnavailable as unavailable:
        return {"status": "unavailable", "reason": str(unavailable)}
    if state.get("status") != "ok":
        reason = f"the matcher has no model: {state.get('detail', '')}"
        if state.get("status") == "loading":
            reason = f"the matcher is still loading: {state.get('detail', '')}"
        return {"status": "unavailable", "reason": reason}
    return {key: state[key] for key in ("status", "model", "vectors", "claims") if key in state}
