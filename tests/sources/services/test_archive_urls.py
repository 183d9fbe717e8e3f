"""Queuing many URLs at once (sources.services.archive_urls, capture_request_many): the same
sources and captures as one URL at a time, in the same few queries however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.signals import post_create_historical_record

from sources.models import Capture, Source
from sources.services import archive_urls, capture_request_many, sources
from tests.factories import CaptureFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _urls(count: int, prefix: str) -> list[str]:
    return [f"https://news.example.org/{prefix}/{n}" for n in range(count)]


def _queries_to_archive(urls: list[str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        archive_urls(urls=urls, send=False)
    return len(queries)


def test_queuing_thirty_urls_takes_the_queries_that_three_take():
    assert _queries_to_archive(_urls(30, "many")) == _queries_to_archive(_urls(3, "few"))
    assert Capture.objects.filter(status=Capture.Status.QUEUED).count() == 33


def test_known_sources_are_reused_and_a_capture_already_queued_is_not_queued_again(researcher):
    known = SourceFactory(url="https://news.example.org/known")
    busy = SourceFactory(url="https://news.example.org/busy")
    queued = CaptureFactory(source=busy, status=Capture.Status.QUEUED)
    urls = [known.url, busy.url, "https://news.example.org/new", known.url]

    found = archive_urls(urls=urls, by=researcher, send=False)

    assert list(found) == [known.url, busy.url, "https://news.example.org/new"]
    assert found[busy.url] == (busy, queued)
    assert found[known.url][0] == known
    assert found[known.url][1].status == Capture.Status.QUEUED
    new = Source.objects.get(url="https://news.example.org/new")
    assert new.created_by == researcher
    assert found[new.url] == (new, new.captures.get())
    assert Source.objects.count() == 3
    assert Capture.objects.filter(status=Capture.Status.QUEUED).count() == 3


def test_new_sources_get_the_history_row_and_its_signal_that_a_save_gives(researcher):
    told = []

    def receiver(sender, instance, history_instance, **kwargs):
        told.append((instance.url, history_instance.history_type))

    post_create_historical_record.connect(receiver, sender=Source)
    try:
        archive_urls(urls=_urls(2, "history"), by=researcher, send=False)
    finally:
        post_create_historical_record.disconnect(receiver, sender=Source)

    assert sorted(told) == [(url, "+") for url in _urls(2, "history")]
    for source in Source.objects.all():
        [row] = source.history.all()
        assert (row.history_type, row.history_user, row.url) == ("+", researcher, source.url)


def test_urls_past_a_batch_go_in_further_batches_each_sent_once_committed(
    monkeypatch, filesystem_broker, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(sources, "ARCHIVE_BATCH", 2)
    urls = _urls(5, "batched")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        found = archive_urls(urls=urls)
    assert filesystem_broker.queued_messages() == 0  # nothing is sent before the commit
    for callback in callbacks:
        callback()

    assert list(found) == urls
    assert filesystem_broker.queued_messages() == 5
    assert {capture.source.url for _, capture in found.values()} == set(urls)


def test_requesting_captures_of_many_sources_sends_only_for_the_new_ones(
    filesystem_broker, django_capture_on_commit_callbacks
):
    idle, busy = SourceFactory(), SourceFactory()
    running = CaptureFactory(source=busy, status=Capture.Status.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        captures = capture_request_many(sources=[idle, busy, idle])
    assert captures[busy.pk] == running
    assert captures[idle.pk] == idle.captures.get()
    assert filesystem_broker.queued_messages() == 1
