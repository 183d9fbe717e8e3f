"""The four-eyes rule holds against rewriting: whoever last changed the words a verdict rates
(the claim's text, or an appearance's words) does not publish it alone, as whoever logged the
claim does not."""

import datetime

import pytest
from django.urls import reverse

from claims.models import Claim, Rating, Verdict
from claims.services import (
    FourEyesRule,
    appearance_add,
    appearance_update,
    verdict_draft,
    verdict_publish,
)
from tests.adminforms import form_data
from tests.claims.helpers import token_client
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _draft(claim: Claim, by) -> Verdict:
    return verdict_draft(claim=claim, by=by, rating=Rating.objects.get(slug="false"), summary="No.")


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def test_a_reviewer_who_rewrote_the_claims_text_does_not_publish_it_alone(
    in_review, reviewer, second_reviewer
):
    response = token_client(reviewer).patch(
        f"/api/v1/claims/{in_review.pk}/", {"text": "A claim the reviewer wrote."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert _fresh(in_review).wording_changed_by == reviewer
    verdict = _draft(in_review, reviewer)

    with pytest.raises(FourEyesRule, match="last changed the words"):
        verdict_publish(verdict=verdict, by=reviewer)
    assert _fresh(verdict).status == Verdict.Status.DRAFT

    verdict_publish(verdict=verdict, by=second_reviewer)
    assert _fresh(verdict).status == Verdict.Status.PUBLISHED


def test_a_reviewer_who_rewrote_an_appearances_words_does_not_publish_it_alone(
    in_review, reviewer, second_reviewer
):
    appearance_update(appearance=in_review.first_appearance, by=reviewer, quote="other words")
    verdict = _draft(in_review, reviewer)

    with pytest.raises(FourEyesRule, match="last changed the words"):
        verdict_publish(verdict=verdict, by=reviewer)
    verdict_publish(verdict=verdict, by=second_reviewer)


def test_a_reviewer_who_added_words_where_it_appeared_does_not_publish_it_alone(
    in_review, reviewer
):
    appearance_add(claim=in_review, by=reviewer, source=SourceFactory(), quote="said again")

    with pytest.raises(FourEyesRule):
        verdict_publish(verdict=_draft(in_review, reviewer), by=reviewer)


def test_a_reviewer_who_rewrote_the_text_in_the_admin_does_not_publish_it_alone(
    in_review, reviewer, reviewer_client
):
    url = reverse("admin:claims_claim_change", args=[in_review.pk])
    data = form_data(reviewer_client, url)
    data["text"] = "Reworded in the admin."
    assert reviewer_client.post(url, data).status_code == 302

    assert _fresh(in_review).wording_changed_by == reviewer
    with pytest.raises(FourEyesRule):
        verdict_publish(verdict=_draft(in_review, reviewer), by=reviewer)


def test_a_reviewer_who_changed_only_the_date_publishes(in_review, researcher, reviewer):
    appearance_update(
        appearance=in_review.first_appearance, by=reviewer, made_on=datetime.date(2014, 8, 27)
    )

    assert _fresh(in_review).wording_changed_by in (None, researcher)
    verdict = verdict_publish(verdict=_draft(in_review, reviewer), by=reviewer)
    assert verdict.status == Verdict.Status.PUBLISHED


def test_the_one_who_last_reworded_counts_not_every_one_before(
    in_review, reviewer, second_reviewer
):
    appearance_update(appearance=in_review.first_appearance, by=reviewer, quote="first rewrite")
    appearance_update(
        appearance=in_review.first_appearance, by=second_reviewer, quote="second rewrite"
    )
    verdict = _draft(in_review, reviewer)

    with pytest.raises(FourEyesRule):
        verdict_publish(verdict=verdict, by=second_reviewer)
    verdict_publish(verdict=verdict, by=reviewer)


def test_an_editor_who_reworded_publishes_only_with_a_recorded_reason(in_review, editor):
    appearance_update(appearance=in_review.first_appearance, by=editor, quote="edited words")
    verdict = _draft(in_review, editor)

    with pytest.raises(FourEyesRule, match="give an override reason"):
        verdict_publish(verdict=verdict, by=editor)
    verdict_publish(verdict=verdict, by=editor, override_reason="Only one on shift.")
    assert _fresh(verdict).override_reason == "Only one on shift."
