from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from kombu.exceptions import OperationalError

from claims.similar import matcher_client
from config.celery import app as celery_app
from sources.models import Capture


@never_cache
def healthz(request) -> JsonResponse:
    """Whether the database and the broker answer, how many captures are overdue, and what
    the matcher says of itself.

    For load balancers and operators: 200 when the database and the broker answer, 503 when
    either does not. The matcher is optional (without it suggestions match wording alone),
    so it is reported, as "ok" or "unavailable" with the reason, and never fails the check.
    """
    checks: dict[str, object] = {}
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
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        checks["broker"] = "ok"
    except (OperationalError, OSError) as error:
        checks["broker"] = f"error: {error.__class__.__name__}"
    checks["matcher"] = _matcher()
    healthy = checks["database"] == "ok" and checks["broker"] == "ok"
    return JsonResponse(checks, status=200 if healthy else 503)


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
