"""The capture sweep (sources.services.sweeps): captures a dead worker or a lost message
left behind are queued again, sent again, or given up on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sources.models import Capture, Source
from sources.services import capture_sweep
from tests.factories import CaptureFactory

pytestmark = pytest.mark.django_db


def _aged(capture: Capture, **fields) -> None:
    Capture.objects.filter(pk=capture.pk).update(**fields)


def test_the_sweep_requeues_a_capture_whose_worker_died_and_sends_it_once(
    filesystem_broker, settings, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_STALE_AFTER = 60
    stuck = CaptureFactory(status=Capture.Status.RUNNING, attempts=1)
    _aged(stuck, started_at=timezone.now() - timedelta(seconds=61))
    alive = CaptureFactory(status=Capture.Status.RUNNING, attempts=1)
    _aged(alive, started_at=timezone.now() - timedelta(seconds=5))

    with django_capture_on_commit_callbacks(execute=True):
        assert capture_sweep() == {"requeued": 1, "abandoned": 0, "resent": 0}
    stuck.refresh_from_db()
    alive.refresh_from_db()
    assert stuck.status == Capture.Status.QUEUED
    assert alive.status == Capture.Status.RUNNING
    assert filesystem_broker.queued_messages() == 1, "a worker is woken for it now"
    with django_capture_on_commit_callbacks(execute=True):
        assert capture_sweep() == {"requeued": 0, "abandoned": 0, "resent": 0}
    assert filesystem_broker.queued_messages() == 1


def test_the_sweep_gives_up_on_a_capture_that_killed_its_worker_every_time(settings):
    settings.ARCHIVE_MAX_ATTEMPTS = 3
    stuck = CaptureFactory(status=Capture.Status.RUNNING, attempts=3)
    _aged(stuck, started_at=timezone.now() - timedelta(hours=1))
    capture_sweep()
    stuck.refresh_from_db()
    assert stuck.status == Capture.Status.FAILED
    assert stuck.error_code == Capture.ErrorCode.WORKER_LOST
    assert "3 times" in stuck.error_message


def test_giving_up_on_a_capture_updates_its_source_and_announces_it(settings, finished_captures):
    settings.ARCHIVE_MAX_ATTEMPTS = 3
    good = CaptureFactory(
        status=Capture.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=7),
        text_sha256="a" * 64,
    )
    source = good.source
    assert source.health == Source.Health.OK
    checked_before = source.health_checked_at
    stuck = CaptureFactory(source=source, status=Capture.Status.RUNNING, attempts=3)
    _aged(stuck, started_at=timezone.now() - timedelta(hours=1))

    assert capture_sweep()["abandoned"] == 1
    source.refresh_from_db()
    assert source.health == Source.Health.ERROR
    assert source.health_checked_at > checked_before
    assert source.archived_copy == good
    assert [c.pk for c in finished_captures] == [stuck.pk]
    assert finished_captures[0].status == Capture.Status.FAILED


def test_the_sweep_resends_a_lost_message_once(filesystem_broker, settings):
    settings.ARCHIVE_STALE_AFTER = 60
    lost = CaptureFactory()
    _aged(lost, next_attempt_at=timezone.now() - timedelta(seconds=61))
    waiting = CaptureFactory()  # queued just now: its message is still on its way

    assert capture_sweep()["resent"] == 1
    assert filesystem_broker.queued_messages() == 1
    assert capture_sweep()["resent"] == 0, "not again until another period has passed"
    waiting.refresh_from_db()
    assert waiting.status == Capture.Status.QUEUED
