import pytest
from django.db import IntegrityError, transaction

from sources.models import Capture, Source
from tests.factories import CaptureFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_source_is_stored_with_its_url_normalised():
    source = Source.objects.create(url="HTTPS://Example.org:443/story?utm_source=x#top")
    source.refresh_from_db()
    assert source.url == "https://example.org/story"


def test_the_database_refuses_a_second_source_for_the_same_page():
    Source.objects.create(url="https://example.org/story")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(url="https://EXAMPLE.org/story#comments")
    assert Source.objects.count() == 1


def test_the_database_refuses_a_kind_outside_the_list():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(kind="rumour")


@pytest.mark.parametrize("active", [Capture.Status.QUEUED, Capture.Status.RUNNING])
def test_a_source_has_at_most_one_queued_or_running_capture(active):
    source = SourceFactory()
    CaptureFactory(source=source, status=Capture.Status.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaptureFactory(source=source, status=active)
    assert source.captures.count() == 1


def test_finished_captures_do_not_count_against_the_one_active_capture():
    source = SourceFactory()
    for status in (Capture.Status.SUCCEEDED, Capture.Status.FAILED, Capture.Status.BLOCKED):
        CaptureFactory(source=source, status=status)
    CaptureFactory(source=source, status=Capture.Status.QUEUED)
    assert source.captures.count() == 4


def test_the_database_refuses_an_unknown_capture_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        CaptureFactory(status="lost")
