"""The anonymous throttle counts a client by the address our own proxies saw, so a client that
sends a new X-Forwarded-For with every request is still one client."""

import pytest
from rest_framework.throttling import AnonRateThrottle

from tests.config.test_settings import _manage

pytestmark = pytest.mark.django_db

REQUESTS = 300


def _statuses(anonymous, forwarded_for) -> list[int]:
    return [
        anonymous.get("/api/v1/ratings/", HTTP_X_FORWARDED_FOR=forwarded_for(i)).status_code
        for i in range(REQUESTS)
    ]


def _limit() -> int:
    limit = AnonRateThrottle().num_requests
    assert limit < REQUESTS, "the test needs more requests than the configured rate allows"
    return limit


def test_with_no_proxy_a_forged_forwarded_for_is_ignored(anonymous, settings):
    assert settings.PROXY_COUNT == 0
    statuses = _statuses(anonymous, lambda i: f"203.0.113.{i % 250}, 198.51.100.{i // 250}")
    limit = _limit()
    assert statuses[:limit] == [200] * limit
    assert set(statuses[limit:]) == {429}


def test_behind_one_proxy_only_the_address_it_appended_counts(anonymous, settings):
    # PROXY_COUNT=1, as docs/configuration.md describes for one reverse proxy in front.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy_saw = "192.0.2.7"
    statuses = _statuses(
        anonymous, lambda i: f"203.0.113.{i % 250}, 198.51.100.{i // 250}, {proxy_saw}"
    )
    limit = _limit()
    assert statuses[:limit] == [200] * limit
    assert set(statuses[limit:]) == {429}
    # Another client behind the same proxy has a count of its own.
    other = anonymous.get("/api/v1/ratings/", HTTP_X_FORWARDED_FOR="203.0.113.1, 192.0.2.8")
    assert other.status_code == 200


def test_proxy_count_sets_the_api_throttles_proxy_count():
    shown = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REST_FRAMEWORK['NUM_PROXIES'])",
        DEBUG="true",
        PROXY_COUNT="1",
    )
    assert shown.stdout.strip().splitlines()[-1] == "1", shown.stderr
