"""Verdicts: drafting, saving, publishing under the four-eyes rule, and corrections."""

import pytest
from django.utils import timezone

from claims.models import Claim, Rating, Verdict
from claims.services import (
    CorrectionNoteRequired,
    FourEyesRule,
    NotPermitted,
    TransitionNotAllowed,
    VerdictAlreadyDrafted,
    VerdictAlreadyPublished,
    VerdictIncomplete,
    VerdictNotEditable,
    claim_submit,
    verdict_correct,
    verdict_draft,
    verdict_publish,
    verdict_save,
)
from claims.visibility import public_claims
from tests.factories import ReadyClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


def _fresh(obj):
    obj.refresh_from_db()
    return obj


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
