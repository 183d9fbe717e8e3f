import threading

import pytest
from django.db import connection, transaction

from claims.models import Claim, Rating, Verdict
from claims.services import (
    VerdictAlreadyPublished,
    claim_submit,
    verdict_draft,
    verdict_publish,
)
from tests.claims.helpers import wait_for_a_blocked_lock
from tests.factories import ReadyClaimFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_reviewers_publishing_one_claim_at_once_get_one_verdict_and_a_clear_error(
    researcher, reviewer, second_reviewer
):
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer
    )
    draft = verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="false"), summary="No."
    )
    first_published = threading.Event()
    saw_the_second_reviewer_wait = []
    errors = []

    def first_reviewer():
        # Publish inside a transaction that stays open until the second reviewer's publish
        # is queued behind our lock on the claim row, then commit: the race, made certain.
        try:
            with transaction.atomic():
                verdict_publish(verdict=Verdict.objects.get(pk=draft.pk), by=reviewer)
                first_published.set()
                with connection.cursor() as cursor:
                    saw_the_second_reviewer_wait.append(wait_for_a_blocked_lock(cursor))
        except Exception as error:  # reported to the main thread below
            errors.append(error)
            first_published.set()
        finally:
            connection.close()

    thread = threading.Thread(target=first_reviewer)
    thread.start()
    assert first_published.wait(10)
    with pytest.raises(VerdictAlreadyPublished, match="already published by victor-reviewer"):
        verdict_publish(verdict=draft, by=second_reviewer)
    thread.join(15)

    assert errors == []
    assert saw_the_second_reviewer_wait == [True], "the second publish never waited"
    published = Verdict.objects.get(claim=claim, status=Verdict.Status.PUBLISHED)
    assert published.published_by == reviewer
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PUBLISHED
