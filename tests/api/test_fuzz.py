"""schemathesis against the live schema: generated requests to every operation, as an
anonymous client and as a researcher with a token, must get no server error and only
responses the schema describes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import publish
from tests.factories import ReadyClaimFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded and derandomised: the same examples every run, the whole file within a minute or two.
FUZZ = settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


# The schema is read from the live endpoint when the module loads, through an application
# built without the HTTPS redirect, so its middleware serves plain HTTP to the fuzzer.
with override_settings(SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _published_data(db, settings, monkeypatch, researcher, reviewer):
    settings.ALLOWED_HOSTS = ["localhost"]
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"}
    )
    publish(ReadyClaimFactory(created_by=researcher), researcher=researcher, reviewer=reviewer)
    # Requests run inside the test's transaction; like Django's test client, keep the end of
    # a request from closing the connection that holds it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@FUZZ
def test_anonymous_requests_get_no_server_error_and_match_the_schema(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_researcher_requests_get_no_server_error_and_match_the_schema(case, researcher):
    token, _ = Token.objects.get_or_create(user=researcher)
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {token.key}"})
