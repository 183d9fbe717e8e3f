"""Two claims that are one: merged by a reviewer, refused when it cannot be one claim, and
undone with everything put back."""

import threading

import pytest
from django.db import connection, transaction

from claims.freshness import content_version
from claims.models import Citation, Claim, ClaimMerge
from claims.services import (
    BothPublished,
    MergeNotAllowed,
    NotPermitted,
    ReasonRequired,
    claim_merge,
    claim_unmerge,
    verdict_draft,
)
from tests.claims.helpers import wait_for_a_blocked_lock
from tests.factories import (
    AppearanceFactory,
    CitationFactory,
    ReadyClaimFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(publish, researcher):
    """A published claim, and a draft of the same claim as another outlet carried it."""
    into = publish()
    merged = ReadyClaimFactory(created_by=researcher, text="The same, in other words.")
    AppearanceFactory(claim=merged, quote="most likely crossed it by accident")
    return merged, into


def test_merging_moves_appearances_citations_and_topics_and_keeps_the_claim_merged(
    pair, reviewer, django_capture_on_commit_callbacks
):
    merged, into = pair
    shared = SourceFactory()
    CitationFactory(claim=into, source=shared, role="refutes")
    CitationFactory(claim=merged, source=shared, role="supports", note="the merged claim's")
    own = CitationFactory(claim=merged, role="context")
    topic = TopicFactory()
    merged.topics.add(topic)
    moved_appearances = set(merged.appearances.values_list("pk", flat=True))
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        record = claim_merge(claim=merged, into=into, by=reviewer, reason="One denial.")

    merged.refresh_from_db()
    into.refresh_from_db()
    assert (merged.status, merged.merged_into) == (Claim.Status.MERGED, into)
    assert moved_appearances <= set(into.appearances.values_list("pk", flat=True))
    assert not merged.appearances.exists()
    assert merged.first_appearance_id is None
    assert "most likely crossed it by accident" in into.appearance_words
    # A source both cited keeps the kept claim's citation.
    assert into.citations.get(source=shared).role == "refutes"
    assert into.citations.filter(pk=own.pk).exists()
    assert topic in into.topics.all()
    assert record.moved["replaced"][0]["note"] == "the merged claim's"
    assert content_version() != before, "the published claim's page shows more appearances"
    assert (
        merged.history.first().history_change_reason == f"merged into claim {into.pk}: One denial."
    )


def test_undoing_a_merge_puts_everything_back(pair, reviewer):
    merged, into = pair
    shared = SourceFactory()
    CitationFactory(claim=into, source=shared, role="refutes")
    CitationFactory(claim=merged, source=shared, role="supports", note="put me back")
    topic = TopicFactory()
    merged.topics.add(topic)
    appearances = {claim.pk: set(claim.appearances.values_list("pk", flat=True)) for claim in pair}
    status = merged.status

    claim_merge(claim=merged, into=into, by=reviewer, reason="One denial.")
    claim_unmerge(claim=merged, by=reviewer, reason="They were two denials after all.")

    for claim in pair:
        claim.refresh_from_db()
        assert set(claim.appearances.values_list("pk", flat=True)) == appearances[claim.pk]
        assert claim.first_appearance_id in appearances[claim.pk]
    assert (merged.status, merged.merged_into) == (status, None)
    assert merged.citations.get(source=shared).note == "put me back"
    assert into.citations.get(source=shared).role == "refutes"
    assert topic not in into.topics.all()
    assert topic in merged.topics.all()
    record = ClaimMerge.objects.get()
    assert (record.undone_by, record.undo_reason) == (reviewer, "They were two denials after all.")
    with pytest.raises(MergeNotAllowed, match="is not merged"):
        claim_unmerge(claim=merged, by=reviewer, reason="again")


def test_a_claim_is_not_merged_into_itself_or_one_that_is_gone(pair, reviewer):
    merged, _ = pair
    with pytest.raises(MergeNotAllowed, match="into itself") as refused:
        claim_merge(claim=merged, into=merged, by=reviewer, reason="why")
    assert refused.value.field == "into"
    gone = ReadyClaimFactory()
    gone_id = gone.pk
    gone.delete()
    gone.pk = gone_id
    with pytest.raises(MergeNotAllowed, match=f"no claim {gone_id}"):
        claim_merge(claim=merged, into=gone, by=reviewer, reason="why")


def test_two_published_claims_are_not_merged(publish, reviewer):
    first, second = publish(), publish()
    with pytest.raises(BothPublished, match="both have published verdicts"):
        claim_merge(claim=first, into=second, by=reviewer, reason="why")
    assert Claim.objects.filter(status=Claim.Status.MERGED).count() == 0


def test_a_claim_with_a_verdict_is_kept_and_the_other_merged_into_it(pair, reviewer):
    merged, into = pair
    with pytest.raises(MergeNotAllowed, match=f"merge claim {merged.pk} into claim {into.pk}"):
        claim_merge(claim=into, into=merged, by=reviewer, reason="why")


def test_a_claim_with_a_draft_verdict_of_its_own_is_not_merged_away(
    pair, researcher, reviewer, second_reviewer
):
    from claims.services import claim_submit

    merged, into = pair
    claim_submit(claim=merged, by=researcher, reviewer=second_reviewer)
    verdict_draft(claim=merged, by=second_reviewer, summary="Started.")
    with pytest.raises(MergeNotAllowed, match="discard it"):
        claim_merge(claim=merged, into=into, by=reviewer, reason="why")


def test_a_claim_merged_already_is_not_merged_again(pair, reviewer):
    merged, into = pair
    claim_merge(claim=merged, into=into, by=reviewer, reason="One denial.")
    with pytest.raises(MergeNotAllowed, match=f"merged into claim {into.pk} already"):
        claim_merge(claim=merged, into=into, by=reviewer, reason="again")
    third = ReadyClaimFactory()
    with pytest.raises(MergeNotAllowed, match=f"merge into claim {into.pk} instead"):
        claim_merge(claim=third, into=merged, by=reviewer, reason="why")


def test_only_a_reviewer_merges_and_says_why(pair, researcher, reviewer):
    merged, into = pair
    with pytest.raises(NotPermitted):
        claim_merge(claim=merged, into=into, by=researcher, reason="why")
    with pytest.raises(ReasonRequired):
        claim_merge(claim=merged, into=into, by=reviewer, reason="  ")
    assert not ClaimMerge.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
)
def test_two_reviewers_merging_one_pair_at_once_merge_it_once(
    publish, researcher, reviewer, second_reviewer
):
    into = publish()
    merged = ReadyClaimFactory(created_by=researcher)
    first_merged = threading.Event()
    saw_the_second_reviewer_wait = []
    errors = []

    def first_reviewer():
        # Merge inside a transaction that stays open until the second reviewer's merge is
        # queued behind our locks on the pair, then commit: the race, made certain.
        try:
            with transaction.atomic():
                claim_merge(claim=merged, into=into, by=reviewer, reason="first")
                first_merged.set()
                with connection.cursor() as cursor:
                    saw_the_second_reviewer_wait.append(wait_for_a_blocked_lock(cursor))
        except Exception as error:  # reported to the main thread below
            errors.append(error)
            first_merged.set()
        finally:
            connection.close()

    thread = threading.Thread(target=first_reviewer)
    thread.start()
    assert first_merged.wait(10)
    with pytest.raises(MergeNotAllowed, match=f"merged into claim {into.pk} already"):
        claim_merge(claim=merged, into=into, by=second_reviewer, reason="second")
    thread.join(15)

    assert errors == []
    assert saw_the_second_reviewer_wait == [True], "the second merge never waited"
    assert ClaimMerge.objects.get().by == reviewer
    assert not Citation.objects.filter(claim=merged).exists()
