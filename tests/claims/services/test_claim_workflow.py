"""A claim's way through review: submitting, assigning and unpublishing, the revision that
refuses a stale edit, and the review queue."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, Rating, Verdict
from claims.services import (
    ClaimChangedSinceOpened,
    ClaimIncomplete,
    NotPermitted,
    ReasonRequired,
    ReviewerNotAllowed,
    TransitionNotAllowed,
    WorkflowError,
    claim_assign,
    claim_check_unchanged,
    claim_submit,
    claim_unpublish,
    verdict_correct,
    verdict_draft,
)
from claims.visibility import public_claims
from tests.factories import ClaimFactory, ReadyClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


def _fresh(obj):
    obj.refresh_from_db()
    return obj


# Submitting and assigning


def test_a_researcher_submits_a_draft_claim_and_assigns_a_reviewer(claim, researcher, reviewer):
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    claim = _fresh(claim)
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.reviewer == reviewer
    assert claim.assigned_at is not None
    entry = claim.history.first()
    assert (entry.history_user, entry.history_change_reason) == (researcher, "submitted")


def test_it_refuses_submitting_a_claim_with_no_citation_and_says_what_is_missing(
    researcher, reviewer
):
    claim = ClaimFactory(created_by=researcher)
    with pytest.raises(ClaimIncomplete, match="add at least one citation"):
        claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    assert _fresh(claim).status == Claim.Status.DRAFT


def test_it_refuses_submitting_a_claim_with_no_appearance(researcher, reviewer):
    # Written around the services, which never leave a claim without its words.
    claim = ReadyClaimFactory(created_by=researcher)
    claim.appearances.all().delete()
    with pytest.raises(ClaimIncomplete, match="where it appeared, in the exact words"):
        claim_submit(claim=claim, by=researcher, reviewer=reviewer)


def test_a_refused_transition_names_the_current_state_and_the_allowed_ones(
    in_review, researcher, reviewer
):
    with pytest.raises(TransitionNotAllowed) as refused:
        claim_submit(claim=in_review, by=researcher, reviewer=reviewer)
    message = str(refused.value)
    assert 'it is "in review"' in message
    assert 'a claim that is "draft"' in message
    assert "can: assign, draft, publish" in message


def test_it_refuses_a_reviewer_who_is_not_in_reviewers(claim, researcher):
    colleague = UserFactory(groups=["Researchers"])
    with pytest.raises(ReviewerNotAllowed, match="not a member of Reviewers"):
        claim_submit(claim=claim, by=researcher, reviewer=colleague)
    assert _fresh(claim).reviewer is None


def test_it_refuses_assigning_a_claim_to_the_person_who_logged_it(reviewer, second_reviewer):
    claim = ReadyClaimFactory(created_by=reviewer)
    with pytest.raises(ReviewerNotAllowed, match="logged this claim"):
        claim_submit(claim=claim, by=reviewer, reviewer=reviewer)
    claim_submit(claim=claim, by=reviewer, reviewer=second_reviewer)
    with pytest.raises(ReviewerNotAllowed, match="logged this claim"):
        claim_assign(claim=claim, by=second_reviewer, reviewer=reviewer)


def test_it_refuses_submission_by_someone_with_no_right_to_change_claims(claim, outsider, reviewer):
    with pytest.raises(NotPermitted):
        claim_submit(claim=claim, by=outsider, reviewer=reviewer)
    assert _fresh(claim).status == Claim.Status.DRAFT


def test_a_claim_in_review_is_reassigned_to_another_reviewer(in_review, reviewer, second_reviewer):
    first_assigned = in_review.assigned_at
    claim_assign(claim=in_review, by=reviewer, reviewer=second_reviewer)
    claim = _fresh(in_review)
    assert claim.reviewer == second_reviewer
    assert claim.assigned_at > first_assigned
    assert claim.history.first().history_change_reason == "assigned"


def test_it_refuses_assigning_a_draft_claim_it_must_be_submitted(claim, researcher, reviewer):
    with pytest.raises(TransitionNotAllowed, match=r'it is "draft".*can: submit'):
        claim_assign(claim=claim, by=researcher, reviewer=reviewer)


# Unpublishing


def test_unpublishing_takes_the_claim_back_to_review_with_its_verdict_as_a_draft(
    published, second_reviewer
):
    claim_unpublish(claim=published.claim, by=second_reviewer, reason="Source retracted.")
    claim, verdict = _fresh(published.claim), _fresh(published)
    assert claim.status == Claim.Status.IN_REVIEW
    assert (verdict.status, verdict.published_at, verdict.published_by) == ("draft", None, None)
    assert (claim.published_verdict, claim.verdict_published_at) == (None, None)
    assert not public_claims().filter(pk=claim.pk).exists()
    entry = claim.history.first()
    assert entry.history_change_reason == "unpublished: Source retracted."
    assert entry.history_user == second_reviewer


def test_unpublishing_a_claim_under_correction_takes_it_down_and_discards_the_correction(
    published, reviewer, second_reviewer
):
    correction = verdict_correct(verdict=published, by=reviewer, correction_note="Revised.")

    claim_unpublish(claim=published.claim, by=second_reviewer, reason="Legal takedown.")

    claim = _fresh(published.claim)
    assert not public_claims().filter(pk=claim.pk).exists()
    assert claim.status == Claim.Status.IN_REVIEW
    assert list(claim.verdicts.values_list("version", "status")) == [(1, "draft")]
    discarded = Verdict.history.filter(id=correction.pk).first()
    assert discarded.history_type == "-"
    assert (
        discarded.history_change_reason == "discarded: the claim was unpublished: Legal takedown."
    )
    assert discarded.history_user == second_reviewer


def test_it_refuses_unpublishing_without_a_reason(published, reviewer):
    with pytest.raises(ReasonRequired):
        claim_unpublish(claim=published.claim, by=reviewer, reason=" ")
    assert _fresh(published.claim).status == Claim.Status.PUBLISHED


def test_it_refuses_unpublishing_a_claim_that_is_not_published(in_review, reviewer):
    with pytest.raises(TransitionNotAllowed, match='it is "in review"'):
        claim_unpublish(claim=in_review, by=reviewer, reason="Oops.")


def test_it_refuses_unpublishing_by_a_researcher(published, researcher):
    with pytest.raises(NotPermitted):
        claim_unpublish(claim=published.claim, by=researcher, reason="Oops.")


# Optimistic concurrency and the queue


def test_every_save_moves_the_revision_on_so_a_stale_edit_is_refused(claim, researcher, reviewer):
    opened = claim.revision
    claim_check_unchanged(claim=claim, seen_revision=opened)
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    assert _fresh(claim).revision == opened + 1
    with pytest.raises(ClaimChangedSinceOpened, match="changed this claim since you opened it"):
        claim_check_unchanged(claim=claim, seen_revision=opened)


def test_newly_assigned_claims_are_those_in_review_with_no_verdict_started(
    in_review, reviewer, second_reviewer, researcher
):
    other = claim_submit(
        claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer
    )
    assert set(Claim.objects.newly_assigned_to(reviewer)) == {in_review, other}
    verdict_draft(claim=other, by=reviewer)
    assert list(Claim.objects.newly_assigned_to(reviewer)) == [in_review]
    assert set(Claim.objects.assigned_to(reviewer)) == {in_review, other}
    assert not Claim.objects.newly_assigned_to(second_reviewer).exists()


def test_workflow_errors_are_validation_errors_whose_text_is_the_message():
    error = ReasonRequired("Say why.", field="reason")
    assert isinstance(error, WorkflowError)
    assert str(error) == "Say why."
    assert error.messages == ["Say why."]
    assert error.code == "reason_required"


def test_the_database_refuses_a_draft_claim_that_shows_a_verdict(published):
    # The services keep published_verdict and the status together; the constraint is what
    # stops any other writer from making a draft public.
    claim = published.claim
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(verdict_published_at=None)
