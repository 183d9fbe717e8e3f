import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.freshness import content_version
from claims.models import Claim, Rating, Verdict
from claims.services import (
    ClaimChangedSinceOpened,
    ClaimIncomplete,
    CorrectionNoteRequired,
    FourEyesRule,
    NotPermitted,
    ReasonRequired,
    ReviewerNotAllowed,
    TransitionNotAllowed,
    VerdictAlreadyDrafted,
    VerdictAlreadyPublished,
    VerdictIncomplete,
    VerdictNotEditable,
    WorkflowError,
    claim_assign,
    claim_check_unchanged,
    claim_submit,
    claim_unpublish,
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
    verdict_save,
)
from claims.visibility import public_claims
from tests.factories import ClaimFactory, ReadyClaimFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


@pytest.fixture
def claim(researcher):
    return ReadyClaimFactory(created_by=researcher)


@pytest.fixture
def in_review(claim, researcher, reviewer):
    return claim_submit(claim=claim, by=researcher, reviewer=reviewer)


@pytest.fixture
def draft(in_review, reviewer):
    return verdict_draft(
        claim=in_review,
        by=reviewer,
        rating=_rating("mostly-false"),
        summary="The figure is out of date.",
        rationale="Newer figures say otherwise.",
    )


@pytest.fixture
def published(draft, reviewer):
    return verdict_publish(verdict=draft, by=reviewer)


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


def test_it_refuses_submitting_a_claim_whose_quote_is_blank(researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher, quote="   ")
    with pytest.raises(ClaimIncomplete, match="the exact quote"):
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


# Drafting and saving verdicts


def test_a_reviewer_drafts_a_verdict_with_the_rationale_rendered(in_review, reviewer):
    verdict = verdict_draft(
        claim=in_review, by=reviewer, rating=_rating(), summary=" False. ", rationale="*No.*"
    )
    verdict = _fresh(verdict)
    assert (verdict.status, verdict.version, verdict.reviewer) == ("draft", 1, reviewer)
    assert verdict.summary == "False."
    assert verdict.rationale_html == "<p><em>No.</em></p>"
    assert verdict.history.get().history_change_reason == "drafted"


def test_it_refuses_a_verdict_drafted_by_a_researcher(in_review, researcher):
    with pytest.raises(NotPermitted, match="Only members of Reviewers"):
        verdict_draft(claim=in_review, by=researcher, rating=_rating(), summary="x")
    assert not Verdict.objects.exists()


def test_it_refuses_a_verdict_on_a_claim_not_yet_submitted(claim, reviewer):
    with pytest.raises(TransitionNotAllowed, match='it is "draft"'):
        verdict_draft(claim=claim, by=reviewer)


def test_it_refuses_a_second_draft_and_points_to_the_first(draft, second_reviewer):
    with pytest.raises(VerdictAlreadyDrafted, match=r"v1 .* by victor-reviewer; edit that one"):
        verdict_draft(claim=draft.claim, by=second_reviewer)


def test_a_draft_is_saved_with_its_rationale_rendered_again(draft, second_reviewer):
    verdict_save(
        verdict=draft,
        by=second_reviewer,
        rating=_rating("mixed"),
        summary="Mixed.",
        rationale="**b**",
    )
    draft = _fresh(draft)
    assert (draft.rating.slug, draft.summary) == ("mixed", "Mixed.")
    assert draft.rationale_html == "<p><strong>b</strong></p>"


def test_it_refuses_editing_a_published_verdict_and_says_to_correct_it(published, reviewer):
    with pytest.raises(VerdictNotEditable, match="correct the published verdict"):
        verdict_save(verdict=published, by=reviewer, rating=None, summary="", rationale="")
    assert _fresh(published).summary == "The figure is out of date."


# Publishing


def test_a_reviewer_publishes_the_verdict_and_the_claim_with_it(draft, second_reviewer):
    before = timezone.now()
    verdict = verdict_publish(verdict=draft, by=second_reviewer)
    verdict, claim = _fresh(verdict), _fresh(draft.claim)
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.published_at >= before
    assert verdict.published_by == second_reviewer
    assert verdict.override_reason == ""
    assert claim.status == Claim.Status.PUBLISHED
    # The claim row records the verdict readers see: what public_claims() reads.
    assert (claim.published_verdict, claim.verdict_published_at) == (verdict, verdict.published_at)
    assert public_claims().filter(pk=claim.pk).exists()
    assert verdict.history.first().history_change_reason == "published"


@pytest.mark.parametrize(
    ("missing", "message"),
    [({"rating": None}, "Add a rating"), ({"summary": ""}, "Add a summary")],
)
def test_it_refuses_publishing_an_incomplete_verdict_and_keeps_the_draft(
    draft, reviewer, missing, message
):
    Verdict.objects.filter(pk=draft.pk).update(**missing)
    with pytest.raises(VerdictIncomplete, match=message):
        verdict_publish(verdict=draft, by=reviewer)
    assert _fresh(draft).status == Verdict.Status.DRAFT
    assert _fresh(draft.claim).status == Claim.Status.IN_REVIEW


def test_it_refuses_publishing_on_a_claim_that_is_still_a_draft(reviewer):
    verdict = VerdictFactory(claim=ReadyClaimFactory())
    with pytest.raises(TransitionNotAllowed, match=r'it is "draft", .* "in review"'):
        verdict_publish(verdict=verdict, by=reviewer)
    assert _fresh(verdict).status == Verdict.Status.DRAFT


def test_it_refuses_publishing_your_own_claim(reviewer, second_reviewer):
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=reviewer), by=reviewer, reviewer=second_reviewer
    )
    verdict = verdict_draft(claim=claim, by=second_reviewer, rating=_rating(), summary="No.")
    with pytest.raises(FourEyesRule, match="another reviewer must publish"):
        verdict_publish(verdict=verdict, by=reviewer)
    assert _fresh(verdict).status == Verdict.Status.DRAFT
    verdict_publish(verdict=verdict, by=second_reviewer)
    assert _fresh(verdict).status == Verdict.Status.PUBLISHED


def test_an_editor_publishes_their_own_claim_only_with_a_recorded_reason(editor, reviewer):
    claim = claim_submit(claim=ReadyClaimFactory(created_by=editor), by=editor, reviewer=reviewer)
    verdict = verdict_draft(claim=claim, by=reviewer, rating=_rating(), summary="No.")
    with pytest.raises(FourEyesRule, match="give an override reason") as refused:
        verdict_publish(verdict=verdict, by=editor, override_reason="  ")
    assert refused.value.field == "override_reason"
    verdict_publish(verdict=verdict, by=editor, override_reason="Night shift: no reviewer on.")
    verdict = _fresh(verdict)
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.override_reason == "Night shift: no reviewer on."


def test_an_override_reason_is_not_recorded_when_no_override_was_needed(draft, editor):
    verdict_publish(verdict=draft, by=editor, override_reason="Just because.")
    assert _fresh(draft).override_reason == ""


@pytest.mark.parametrize("persona", ["researcher", "outsider"])
def test_only_reviewers_publish(draft, persona, request):
    with pytest.raises(NotPermitted, match="Only members of Reviewers can publish"):
        verdict_publish(verdict=draft, by=request.getfixturevalue(persona))
    assert _fresh(draft).status == Verdict.Status.DRAFT


def test_publishing_a_published_verdict_again_is_a_clear_error(published, second_reviewer):
    with pytest.raises(VerdictAlreadyPublished, match="already published by victor-reviewer"):
        verdict_publish(verdict=published, by=second_reviewer)


# Corrections


def test_a_correction_is_a_new_version_and_the_old_one_stays_readable(published, second_reviewer):
    correction = verdict_correct(
        verdict=published,
        by=second_reviewer,
        correction_note="The ministry revised its figure.",
        rating=_rating("mixed"),
    )
    claim = _fresh(published.claim)
    assert (correction.version, correction.status) == (2, Verdict.Status.DRAFT)
    assert correction.summary == published.summary
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.reviewer == second_reviewer
    # Readers keep seeing the old verdict until the correction is published.
    assert _fresh(published).status == Verdict.Status.PUBLISHED
    assert claim.published_verdict == published
    assert public_claims().filter(pk=claim.pk).exists()

    verdict_publish(verdict=correction, by=second_reviewer)
    old, new = _fresh(published), _fresh(correction)
    assert old.status == Verdict.Status.SUPERSEDED
    assert (old.rating.slug, old.summary, old.published_at) == (
        "mostly-false",
        "The figure is out of date.",
        published.published_at,
    )
    assert new.status == Verdict.Status.PUBLISHED
    assert new.correction_note == "The ministry revised its figure."
    claim = _fresh(claim)
    assert claim.status == Claim.Status.PUBLISHED
    assert (claim.published_verdict, claim.verdict_published_at) == (new, new.published_at)
    assert new.history.first().history_change_reason == "corrected"


def test_it_refuses_a_correction_without_a_note_and_creates_nothing(published, reviewer):
    with pytest.raises(CorrectionNoteRequired, match="readers see it"):
        verdict_correct(verdict=published, by=reviewer, correction_note="  ")
    assert Verdict.objects.count() == 1
    assert _fresh(published.claim).status == Claim.Status.PUBLISHED


def test_it_refuses_publishing_a_correction_whose_note_was_removed(published, reviewer):
    correction = verdict_correct(verdict=published, by=reviewer, correction_note="Revised.")
    verdict_save(
        verdict=correction,
        by=reviewer,
        rating=correction.rating,
        summary=correction.summary,
        rationale="",
        correction_note="",
    )
    with pytest.raises(CorrectionNoteRequired, match="replaces the published v1"):
        verdict_publish(verdict=correction, by=reviewer)
    assert _fresh(published).status == Verdict.Status.PUBLISHED


def test_it_refuses_correcting_a_superseded_verdict(published, reviewer):
    correction = verdict_correct(verdict=published, by=reviewer, correction_note="Revised.")
    verdict_publish(verdict=correction, by=reviewer)
    with pytest.raises(VerdictNotEditable, match="v1 is superseded"):
        verdict_correct(verdict=published, by=reviewer, correction_note="Again.")


def test_it_refuses_a_correction_by_a_researcher(published, researcher):
    with pytest.raises(NotPermitted):
        verdict_correct(verdict=published, by=researcher, correction_note="Revised.")


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
