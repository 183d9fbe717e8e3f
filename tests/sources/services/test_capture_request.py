"""Queuing a capture (sources.services.captures) and adding a source
(sources.services.sources): one capture queued, one message sent."""

import pytest

from sources.models import Capture
from sources.services import capture_request, source_create
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_asking_twice_queues_one_capture_and_sends_one_message(
    filesystem_broker, django_capture_on_commit_callbacks
):
    source = SourceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = capture_request(source=source)
        second = capture_request(source=source)
    assert first == second
    assert source.captures.count() == 1
    assert filesystem_broker.queued_messages() == 1


def test_a_new_source_is_queued_for_capture_once(
    filesystem_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source, created = source_create(url="https://News.example.org/a?utm_source=x")
        again, created_again = source_create(url="https://news.example.org/a")
    assert (created, created_again) == (True, False)
    assert source == again
    assert source.captures.get().status == Capture.Status.QUEUED
    assert filesystem_broker.queued_messages() == 1
