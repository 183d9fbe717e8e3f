"""Discarding a draft verdict: what the claim goes back to, and what may never be discarded."""

import pytest

from claims.freshness import content_version
from claims.models import Claim, Rating, Verdict
from claims.services import (
    NotPermitted,
    ReasonRequired,
    VerdictNotEditable,
    claim_assign,
    claim_unpublish,
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
)
from claims.visibility import public_claims

pytestmark = pytest.mark.django_db


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


def _fresh(obj):
    obj.refresh_from_db()
    return obj


# Discarding drafts


def test_discarding_a_first_draft_leaves_the_claim_in_review_for_a_new_draft(
    draft, reviewer, second_reviewer
):
    claim = _fresh(draft.claim)
    verdict_discard(verdict=draft, by=reviewer, reason="Drafted on the wrong claim.")
    assert not Verdict.objects.filter(pk=draft.pk).exists()
    after = _fresh(claim)
    assert (after.status, after.reviewer, after.assigned_at) == (
        Claim.Status.IN_REVIEW,
        reviewer,
        claim.assigned_at,
    )
    assert not public_claims().filter(pk=claim.pk).exists()
    assert list(Claim.objects.newly_assigned_to(reviewer)) == [claim]

    again = verdict_draft(claim=claim, by=second_reviewer, rating=_rating(), summary="No.")
    assert again.version == 1


def test_discarding_a_correction_puts_the_claim_back_as_it_was_before_it(
    published, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    before = _fresh(published.claim)
    version_before = content_version()
    correction = verdict_correct(
        verdict=published,
        by=second_reviewer,
        correction_note="Wrong claim.",
        rating=_rating("mixed"),
    )
    assert (_fresh(before).status, _fresh(before).reviewer) == (
        Claim.Status.IN_REVIEW,
        second_reviewer,
    )

    with django_capture_on_commit_callbacks(execute=True):
        claim = verdict_discard(
            verdict=correction, by=second_reviewer, reason="Started on the wrong claim."
        )

    assert claim == before
    after = _fresh(before)
    assert (after.status, after.reviewer, after.assigned_at) == (
        Claim.Status.PUBLISHED,
        reviewer,
        before.assigned_at,
    )
    assert (after.published_verdict, after.verdict_published_at) == (
        published,
        published.published_at,
    )
    assert _fresh(published).status == Verdict.Status.PUBLISHED
    assert list(after.verdicts.all()) == [published]
    assert public_claims().filter(pk=after.pk).exists()
    # Readers saw the published verdict throughout, so their cached pages stay.
    assert content_version() == version_before

    # The next correction takes the discarded draft's number, and is published as usual.
    again = verdict_correct(verdict=published, by=second_reviewer, correction_note="Revised.")
    assert again.version == 2
    verdict_publish(verdict=again, by=second_reviewer)
    assert _fresh(after).published_verdict == again


def test_discarding_a_correction_after_it_was_reassigned_restores_the_first_reviewer(
    published, reviewer, second_reviewer, editor
):
    correction = verdict_correct(verdict=published, by=editor, correction_note="Revised.")
    claim_assign(claim=published.claim, by=editor, reviewer=second_reviewer)
    claim = verdict_discard(verdict=correction, by=second_reviewer, reason="Not needed.")
    assert (_fresh(claim).status, _fresh(claim).reviewer) == (Claim.Status.PUBLISHED, reviewer)


def test_it_refuses_discarding_a_verdict_readers_saw_before_it_was_unpublished(
    published, second_reviewer
):
    claim_unpublish(claim=published.claim, by=second_reviewer, reason="Source retracted.")
    with pytest.raises(VerdictNotEditable, match="stays as the record of what readers saw"):
        verdict_discard(verdict=published, by=second_reviewer, reason="Starting over.")
    verdict = _fresh(published)
    assert (verdict.status, verdict.version) == (Verdict.Status.DRAFT, 1)
    assert not public_claims().filter(pk=verdict.claim_id).exists()


def test_discarding_records_who_and_why_in_the_history(published, second_reviewer):
    correction = verdict_correct(verdict=published, by=second_reviewer, correction_note="Oops.")
    verdict_discard(verdict=correction, by=second_reviewer, reason="  Meant another claim.  ")

    deleted = Verdict.history.get(id=correction.pk, history_type="-")
    assert (deleted.history_user, deleted.history_change_reason) == (
        second_reviewer,
        "discarded: Meant another claim.",
    )
    assert (deleted.version, deleted.correction_note) == (2, "Oops.")
    entry = published.claim.history.first()
    assert (entry.history_user, entry.history_change_reason) == (
        second_reviewer,
        "correction discarded: Meant another claim.",
    )


def test_it_refuses_discarding_a_published_verdict_and_says_to_unpublish_or_correct(
    published, reviewer
):
    with pytest.raises(VerdictNotEditable, match=r"v1 is published.*unpublish.*correct it"):
        verdict_discard(verdict=published, by=reviewer, reason="Wrong.")
    assert _fresh(published).status == Verdict.Status.PUBLISHED
    assert _fresh(published.claim).status == Claim.Status.PUBLISHED


def test_it_refuses_discarding_a_superseded_verdict(published, reviewer):
    correction = verdict_correct(verdict=published, by=reviewer, correction_note="Revised.")
    verdict_publish(verdict=correction, by=reviewer)
    with pytest.raises(VerdictNotEditable, match=r"v1 has been superseded.*correct the published"):
        verdict_discard(verdict=published, by=reviewer, reason="Old.")
    assert Verdict.objects.filter(pk=published.pk).exists()


@pytest.mark.parametrize("persona", ["researcher", "outsider"])
def test_only_reviewers_discard_drafts(draft, persona, request):
    with pytest.raises(NotPermitted, match="Only members of Reviewers can discard"):
        verdict_discard(verdict=draft, by=request.getfixturevalue(persona), reason="Wrong.")
    assert _fresh(draft).status == Verdict.Status.DRAFT


def test_it_refuses_discarding_without_a_reason_and_keeps_the_correction(
    published, second_reviewer
):
    correction = verdict_correct(verdict=published, by=second_reviewer, correction_note="x")
    with pytest.raises(ReasonRequired, match="Say why the draft is discarded") as refused:
        verdict_discard(verdict=correction, by=second_reviewer, reason="  ")
    assert refused.value.field == "reason"
    assert _fresh(correction).status == Verdict.Status.DRAFT
    assert _fresh(published.claim).status == Claim.Status.IN_REVIEW
