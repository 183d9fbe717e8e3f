"""Two readings of one source at once, on PostgreSQL: the second waits for the first and
updates what it wrote; a sentence another writer inserted meanwhile is updated, not an
error."""

import threading

import pytest
from django.db import connection, transaction

from claims.models import SuggestedClaim, SuggestionRun
from claims.suggestions.build import sentence_key, suggest_for_source
from sources.models import Capture
from tests.claims.helpers import wait_for_a_blocked_lock

from .conftest import archived

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHELLS = (
    "Seven shells hit the grounds of the city hospital on Sunday morning, killing two patients."
)


def _holding_open(write) -> tuple[threading.Thread, list, list]:
    """Run write in a thread, in a transaction kept open until another writer is seen
    waiting on one of its locks, then committed."""
    written, saw_a_wait, errors = threading.Event(), [], []

    def run():
        try:
            with transaction.atomic():
                write()
                written.set()
                with connection.cursor() as cursor:
                    saw_a_wait.append(wait_for_a_blocked_lock(cursor))
        except Exception as error:  # reported to the main thread
            errors.append(error)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(30)
    return thread, errors, saw_a_wait


def test_two_readings_of_one_source_at_once_write_one_set_of_suggestions():
    source = archived()
    thread, errors, saw_a_wait = _holding_open(lambda: suggest_for_source(source))
    run = suggest_for_source(source)
    thread.join(30)
    assert errors == []
    assert saw_a_wait == [True], "the second reading never waited"
    assert SuggestedClaim.objects.filter(source=source).count() == run.suggested > 3
    assert SuggestionRun.objects.get(source=source).capture == Capture.objects.get(source=source)


def test_a_sentence_written_meanwhile_by_a_writer_without_the_lock_is_updated():
    source = archived()
    capture = Capture.objects.get(source=source)
    start = capture.text.index(SHELLS)

    def write_the_sentence_alone():
        SuggestedClaim.objects.create(
            source=source,
            sentence=SHELLS,
            sentence_key=sentence_key(SHELLS),
            start=start,
            end=start + len(SHELLS),
            score=0.01,
        )

    thread, errors, saw_a_wait = _holding_open(write_the_sentence_alone)
    suggest_for_source(source)
    thread.join(30)
    assert errors == []
    assert saw_a_wait == [True], "the reading never waited for the other insert"
    shells = SuggestedClaim.objects.get(source=source, sentence=SHELLS)
    assert (shells.capture, shells.score > 0.15) == (capture, True)
