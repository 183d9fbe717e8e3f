"""Accepting a source's change as reviewed: the latest good copy becomes the baseline that
link health compares with, and who accepted it, when and why is kept on the source."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sources.models import Capture, Source
from sources.services import (
    ChangeNotAccepted,
    capture_request,
    capture_run,
    source_accept_change,
)
from sources.signals import change_accepted
from tests.factories import SourceFactory
from tests.loopback import page, slow

PAGE = (
    "<html><head><title>Grain corridor</title></head><body><article><p>The first ship left "
    "Odesa on Monday carrying 26,000 tonnes of maize, the ministry said.</p><p>Two more are "
    "expected to sail this week if the weather holds.</p></article></body></html>"
)
TYPO_FIXED = PAGE.replace("Monday carrying", "Monday, carrying")
NOTE = "A comma added after Monday; the tonnage and the port are as we checked them."


@pytest.fixture
def grain(archive_from_loopback, media):
    """A source on the loopback server, and a way to change the page and capture it again."""
    server = archive_from_loopback
    server.route("/grain", page(PAGE.encode()))
    source = SourceFactory(url=server.url("/grain"))

    def capture(body: str | None = None) -> Capture:
        if body is not None:
            server.route("/grain", page(body.encode()))
        made = capture_run(capture_id=capture_request(source=source, send=False).pk)
        assert made.status == Capture.Status.SUCCEEDED, made.error_message
        source.refresh_from_db()
        return made

    return source, capture


@pytest.mark.django_db
def test_an_accepted_change_becomes_the_baseline_until_the_text_changes_again(grain, researcher):
    source, capture = grain
    first = capture()
    assert source.health == Source.Health.OK
    edited = capture(TYPO_FIXED)
    assert source.health == Source.Health.CHANGED

    before = timezone.now()
    accepted = source_accept_change(
        source=source, by=researcher, note=f"  {NOTE}\n", seen_capture_id=edited.pk
    )

    assert accepted.health == Source.Health.OK
    source.refresh_from_db()
    assert source.health == Source.Health.OK
    assert source.accepted_capture == edited
    assert source.change_accepted_by == researcher
    assert before <= source.change_accepted_at <= timezone.now()
    assert source.change_note == NOTE
    assert source.archived_copy == edited

    capture()
    assert source.health == Source.Health.OK, "the same text as the accepted copy"

    capture(PAGE)
    assert source.health == Source.Health.CHANGED, "the first text differs from the accepted"
    capture(TYPO_FIXED.replace("26,000", "12,000"))
    assert source.health == Source.Health.CHANGED
    assert source.accepted_capture == edited
    assert first.pk != source.accepted_capture_id


@pytest.mark.django_db
def test_a_source_that_has_not_changed_has_no_change_to_accept(grain, researcher):
    source, capture = grain
    latest = capture()
    assert source.health == Source.Health.OK

    with pytest.raises(ChangeNotAccepted, match=r"not marked changed \(its link health is ok\)"):
        source_accept_change(source=source, by=researcher, note=NOTE, seen_capture_id=latest.pk)

    source.refresh_from_db()
    assert source.accepted_capture is None
    assert source.change_accepted_by is None
    assert source.change_note == ""


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["", "  \n "])
def test_a_change_is_not_accepted_without_a_note_saying_why(grain, researcher, note):
    source, capture = grain
    capture()
    edited = capture(TYPO_FIXED)

    with pytest.raises(ChangeNotAccepted, match="Write a note") as refused:
        source_accept_change(source=source, by=researcher, note=note, seen_capture_id=edited.pk)

    assert refused.value.field == "note"
    source.refresh_from_db()
    assert source.health == Source.Health.CHANGED
    assert source.accepted_capture is None


@pytest.mark.django_db
def test_a_copy_captured_after_the_one_reviewed_is_not_accepted_unseen(grain, researcher):
    source, capture = grain
    capture()
    reviewed = capture(TYPO_FIXED)
    capture(PAGE.replace("26,000", "12,000"))

    with pytest.raises(ChangeNotAccepted, match="newer copy"):
        source_accept_change(source=source, by=researcher, note=NOTE, seen_capture_id=reviewed.pk)

    source.refresh_from_db()
    assert source.health == Source.Health.CHANGED
    assert source.accepted_capture is None


@pytest.mark.django_db
def test_apps_hear_of_an_accepted_change_once_it_is_committed(
    grain, researcher, django_capture_on_commit_callbacks
):
    source, capture = grain
    capture()
    edited = capture(TYPO_FIXED)
    heard = []

    def receiver(sender, *, source, **kwargs):
        heard.append((source.pk, source.health))

    change_accepted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            source_accept_change(source=source, by=researcher, note=NOTE, seen_capture_id=edited.pk)
            assert heard == [], "not before the commit"
    finally:
        change_accepted.disconnect(receiver)

    assert heard == [(source.pk, Source.Health.OK)]


@pytest.mark.django_db
def test_a_source_whose_change_was_accepted_can_still_be_deleted(grain, researcher):
    source, capture = grain
    capture()
    edited = capture(TYPO_FIXED)
    source_accept_change(source=source, by=researcher, note=NOTE, seen_capture_id=edited.pk)

    source.delete()

    assert not Capture.objects.filter(pk=edited.pk).exists()


def _wait_for_a_blocked_lock(cursor, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        if cursor.fetchone()[0]:
            return True
        time.sleep(0.02)
    return False


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_capture_finishing_while_a_change_is_accepted_compares_with_the_accepted_copy(
    grain, researcher, archive_from_loopback
):
    source, capture = grain
    capture()
    edited = capture(TYPO_FIXED)
    # The recheck finds the accepted text again, slowly enough for the acceptance to take
    # the source's lock while the capture is running.
    archive_from_loopback.route("/grain", slow(1500, TYPO_FIXED.encode()))
    recheck = capture_request(source=source, send=False)
    accepted = threading.Event()
    saw_the_capture_wait = []
    errors = []

    def accept():
        # Accept once the recheck is running, inside a transaction that stays open until
        # the recheck's update of the source is queued behind our lock, then commit: the
        # race, made certain.
        try:
            deadline = time.monotonic() + 10
            while Capture.objects.get(pk=recheck.pk).status != Capture.Status.RUNNING:
                assert time.monotonic() < deadline, "the recheck never started"
                time.sleep(0.01)
            with transaction.atomic():
                source_accept_change(
                    source=Source.objects.get(pk=source.pk),
                    by=researcher,
                    note=NOTE,
                    seen_capture_id=edited.pk,
                )
                accepted.set()
                with connection.cursor() as cursor:
                    saw_the_capture_wait.append(_wait_for_a_blocked_lock(cursor))
        except Exception as error:  # reported to the main thread below
            errors.append(error)
        finally:
            accepted.set()
            connection.close()

    thread = threading.Thread(target=accept)
    thread.start()
    finished = capture_run(capture_id=recheck.pk)
    thread.join(15)

    assert errors == []
    assert finished.status == Capture.Status.SUCCEEDED
    assert accepted.is_set()
    assert saw_the_capture_wait == [True], "the recheck never waited for the acceptance"
    source.refresh_from_db()
    assert source.accepted_capture_id == edited.pk
    assert source.archived_copy_id == finished.pk
    assert source.health == Source.Health.OK, "compared with the accepted copy, not the first"
