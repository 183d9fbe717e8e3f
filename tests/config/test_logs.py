"""Logs as an operator reads them: JSON lines with the request id the response carries, the
user, failed logins and every workflow step; and, from a real worker, the capture."""

import io
import json
import logging
import secrets
import subprocess
from collections.abc import Iterator

import pytest
import structlog
from django.db import transaction
from django.urls import reverse

from claims.models import Rating
from claims.services import (
    claim_assign,
    claim_merge,
    claim_submit,
    claim_unmerge,
    claim_unpublish,
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
)
from config.observability.requests import WELL_FORMED
from sources.models import Capture, Source
from tests.adminforms import form_data
from tests.config.test_settings import _manage
from tests.factories import AppearanceFactory, ReadyClaimFactory
from tests.loopback import page
from tests.workers import wait_for

pytestmark = pytest.mark.django_db


class JsonLines:
    """What the project's own formatter (settings.LOGGING) writes, captured line by line."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def all(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def where(self, **fields) -> list[dict]:
        return [line for line in self.all() if fields.items() <= line.items()]


@pytest.fixture
def logged() -> Iterator[JsonLines]:
    root = logging.getLogger()
    configured = next(
        h.formatter
        for h in root.handlers
        if isinstance(h.formatter, structlog.stdlib.ProcessorFormatter)
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured)
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield JsonLines(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_a_request_returns_its_id_and_its_log_line_carries_it_and_the_user(
    researcher_client, researcher, logged
):
    response = researcher_client.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert WELL_FORMED.fullmatch(request_id)
    [line] = logged.where(event="request", request_id=request_id)
    assert line["user_id"] == researcher.pk
    assert (line["status"], line["path"], line["level"]) == (200, "/admin/sources/source/", "info")


def test_each_request_gets_an_id_of_its_own(client, logged):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert "user_id" not in logged.where(request_id=first["X-Request-ID"])[0]


def test_a_well_formed_incoming_request_id_is_kept(client, logged):
    sent = "3f2a9c1e-7b4d-4e8a-9f00-1c2d3e4f5a6b"
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response["X-Request-ID"] == sent
    assert logged.where(event="request", request_id=sent)


@pytest.mark.parametrize(
    "hostile",
    [
        "abc12345\r\nSet-Cookie: sessionid=stolen",
        '<script>alert("x")</script>',
        "short",
        "a" * 129,
        "spaces are not ids at all",
        "' OR 1=1 --",
    ],
)
def test_a_hostile_incoming_request_id_is_replaced_not_echoed(client, logged, hostile):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)
    replaced = response["X-Request-ID"]
    assert replaced != hostile
    assert WELL_FORMED.fullmatch(replaced)
    [refused] = logged.where(event="request id refused", request_id=replaced)
    assert hostile not in logged.stream.getvalue()
    assert refused["refused_length"] == len(hostile)


def test_a_failed_login_is_a_json_line_with_the_account_and_the_request_id(client, logged):
    response = client.post(
        "/admin/login/", {"username": "mallory", "password": "guess"}, REMOTE_ADDR="127.0.0.7"
    )
    assert response.status_code == 200
    [line] = logged.where(logger="claimtrail.logins")
    assert line["event"] == "login failed: username='mallory' address=127.0.0.7 failures=1"
    assert (line["username"], line["address"], line["failures"]) == ("mallory", "127.0.0.7", 1)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "warning"
    assert "guess" not in logged.stream.getvalue()


def _recorded(logged: JsonLines, model: str) -> list[str]:
    return [line["reason"] for line in logged.where(event="recorded", model=model)]


def test_every_workflow_step_is_logged_once_committed_with_who_did_it(
    researcher, reviewer, second_reviewer, logged, django_capture_on_commit_callbacks
):
    claim = ReadyClaimFactory(created_by=researcher)
    other = ReadyClaimFactory(created_by=researcher, text="The same, in other words.")
    AppearanceFactory(claim=other, quote="most likely crossed it by accident")
    false = Rating.objects.get(slug="false")
    with django_capture_on_commit_callbacks(execute=True):
        claim_submit(claim=claim, by=researcher, reviewer=reviewer)
        claim_assign(claim=claim, by=researcher, reviewer=second_reviewer)
        draft = verdict_draft(claim=claim, by=reviewer, rating=false, summary="No.")
        discarded_pk = draft.pk
        verdict_discard(verdict=draft, by=reviewer, reason="Wrong claim.")
        draft = verdict_draft(claim=claim, by=reviewer, rating=false, summary="No.")
        verdict_publish(verdict=draft, by=reviewer)
        correction = verdict_correct(verdict=draft, by=reviewer, correction_note="Newer data.")
        verdict_publish(verdict=correction, by=reviewer)
        claim_unpublish(claim=claim, by=reviewer, reason="Legal asked.")
        claim_merge(claim=other, into=claim, by=reviewer, reason="One claim.")
        claim_unmerge(claim=other, by=reviewer, reason="Two claims after all.")

    claim_steps = _recorded(logged, "claims.claim")
    for step in ("submitted", "assigned", "published", "correction started"):
        assert step in claim_steps
    assert "unpublished: Legal asked." in claim_steps
    assert any("One claim." in reason for reason in claim_steps)
    assert any("Two claims after all." in reason for reason in claim_steps)
    verdict_steps = _recorded(logged, "claims.verdict")
    for step in ("drafted", "discarded: Wrong claim.", "published", "superseded", "corrected"):
        assert step in verdict_steps
    [discarded] = logged.where(event="recorded", reason="discarded: Wrong claim.")
    assert discarded == discarded | {
        "change": "deleted",
        "by_user_id": reviewer.pk,
        "object_id": discarded_pk,
    }


def test_a_step_rolled_back_is_not_logged(
    researcher, reviewer, logged, django_capture_on_commit_callbacks
):
    claim = ReadyClaimFactory(created_by=researcher)

    def submit_then_fail() -> None:
        with transaction.atomic():
            claim_submit(claim=claim, by=researcher, reviewer=reviewer)
            raise RuntimeError("the caller's transaction fails after the step")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        submit_then_fail()
    assert _recorded(logged, "claims.claim") == []


def _log_from_a_process(**env: str) -> subprocess.CompletedProcess:
    code = "import logging; logging.getLogger('claimtrail.x').warning('hello %s', 'there')"
    return _manage("shell", "-c", code, **env)


def test_production_logs_are_json_lines():
    result = _log_from_a_process(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50))
    [line] = [json.loads(x) for x in result.stderr.splitlines()]
    assert (line["event"], line["level"], line["logger"]) == (
        "hello there",
        "warning",
        "claimtrail.x",
    )


def test_development_logs_are_readable_lines():
    result = _log_from_a_process(DEBUG="true")
    assert "hello there" in result.stderr
    assert not result.stderr.lstrip().startswith("{")


def test_an_unknown_log_format_fails_loudly():
    result = _manage("check", DEBUG="true", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT='xml': use json or console." in result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_logs_the_capture_and_the_request_that_queued_it_as_json(
    filesystem_broker, loopback, researcher_client
):
    loopback.route("/article", page(b"<html><body><p>The talks ended.</p></body></html>"))
    worker = filesystem_broker.start_worker(
        ARCHIVE_ALLOWED_NETWORKS="127.0.0.0/8", ARCHIVE_ALLOWED_PORTS=f"80,443,{loopback.port}"
    )
    url = reverse("admin:sources_source_add")
    data = form_data(researcher_client, url)
    data.update({"url": loopback.url("/article"), "title": "Talks", "kind": "article"})
    response = researcher_client.post(url, data)
    assert response.status_code == 302
    capture = Source.objects.get().captures.get()

    def ran() -> list[dict]:
        lines = [json.loads(x) for x in worker.output().splitlines() if x.startswith("{")]
        return [x for x in lines if x.get("event") == "capture ran"]

    assert wait_for(lambda: ran(), timeout=60), worker.output()
    [line] = ran()
    assert line["capture_id"] == capture.pk
    assert line["status"] == Capture.Status.SUCCEEDED
    assert line["task"] == "sources.tasks.capture_source"
    assert line["request_id"] == response["X-Request-ID"]
