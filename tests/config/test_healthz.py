from datetime import timedelta

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from sources.models import Capture
from tests.factories import CaptureFactory
from tests.workers import RedisServer, _point_producer_at, free_port

pytestmark = pytest.mark.django_db


def test_it_reports_healthy_with_the_database_and_broker_answering(client, filesystem_broker):
    overdue = CaptureFactory()
    Capture.objects.filter(pk=overdue.pk).update(next_attempt_at=timezone.now() - timedelta(days=1))
    CaptureFactory()  # queued just now: not overdue
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "captures_overdue": 1,
        # The suite runs with matching by meaning off; the matcher is optional.
        "matcher": {
            "status": "unavailable",
            "reason": "matching by meaning is switched off (SIMILAR_MATCHER_URL)",
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_a_broker_that_does_not_answer_without_failing(client, tmp_path):
    original = (celery_app.conf.broker_url, dict(celery_app.conf.broker_transport_options))
    _point_producer_at(f"redis://127.0.0.1:{free_port()}/0", {})  # nothing listens there
    try:
        response = client.get("/healthz")
    finally:
        _point_producer_at(*original)
    # Readers are served without it, so a load balancer must not take the site away.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["database"] == "ok"
    assert response.json()["broker"].startswith("error")


def test_it_reports_healthy_on_redis(client, redis_broker):
    assert isinstance(redis_broker.redis, RedisServer)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
