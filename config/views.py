from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from sources.models import Capture


@never_cache
def healthz(request) -> JsonResponse:
    """Whether the database and the broker answer, and how many captures are overdue.

    For load balancers and operators: 200 when both answer, 503 when either does not.
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
    healthy = checks["database"] == "ok" and checks["broker"] == "ok"
    return JsonResponse(checks, status=200 if healthy else 503)
