"""The reviewer's desk: drafting, publishing and correcting verdicts in the admin."""

import pytest

from claims.models import Claim, Rating, Verdict
from claims.services import (
    claim_submit,
    claim_unpublish,
    verdict_draft,
)
from tests.adminforms import form_data
from tests.claims.admin.pages import CHANGELIST, VERDICT_ADD, claim_page, messages_of, verdict_page
from tests.factories import (
    ReadyClaimFactory,
)

pytestmark = pytest.mark.django_db


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


def test_a_reviewer_takes_a_claim_from_assigned_to_me_to_published(
    reviewer_client, reviewer, in_review
):
    ReadyClaimFactory()  # a draft nobody is assigned to stays off the list
    listed = reviewer_client.get(CHANGELIST, {"assigned": "me"}).context["cl"].result_list
    assert list(listed) == [in_review]

    add_url = f"{VERDICT_ADD}?claim={in_review.pk}"
    page = reviewer_client.get(add_url).content.decode()
    assert "We&#x27;ve come as cannon fodder" in page
    data = form_data(reviewer_client, add_url)
    assert data["claim"] == str(in_review.pk)
    data.update(
        {
            "rating": str(_rating("unproven").pk),
            "summary": "No independent account of the unit's orders.",
            "rationale": "See [the video](https://video.example.org/1).",
            "_publish": "Save and publish",
        }
    )
    response = reviewer_client.post(add_url, data)

    assert response.status_code == 302
    assert response["Location"] == claim_page(in_review)
    verdict = Verdict.objects.get()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.published_by == verdict.reviewer == reviewer
    assert 'rel="nofollow noopener"' in verdict.rationale_html
    in_review.refresh_from_db()
    assert in_review.status == Claim.Status.PUBLISHED
    assert "Verdict v1 on" in messages_of(response)[0]


def test_a_reviewer_saves_a_draft_and_publishes_it_later(reviewer_client, in_review):
    add_url = f"{VERDICT_ADD}?claim={in_review.pk}"
    data = form_data(reviewer_client, add_url)
    data.update({"rating": str(_rating().pk), "summary": "", "rationale": "Working notes."})
    assert reviewer_client.post(add_url, data).status_code == 302
    verdict = Verdict.objects.get()
    assert (verdict.status, verdict.summary) == (Verdict.Status.DRAFT, "")

    data = form_data(reviewer_client, verdict_page(verdict))
    data["_publish"] = "Save and publish"
    refused = reviewer_client.post(verdict_page(verdict), data)
    assert refused.status_code == 200
    assert "Add a summary" in str(refused.context["adminform"].form.errors["summary"])

    data["summary"] = "The unit's orders are not on record."
    response = reviewer_client.post(verdict_page(verdict), data)
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED


def test_publishing_your_own_claim_is_refused_on_the_form_and_nothing_is_saved(
    reviewer_client, reviewer, second_reviewer
):
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=reviewer), by=reviewer, reviewer=second_reviewer
    )
    verdict = verdict_draft(claim=claim, by=second_reviewer, rating=_rating(), summary="No.")
    data = form_data(reviewer_client, verdict_page(verdict))
    data.update({"summary": "Typed by the claim's own logger.", "_publish": "Save and publish"})
    response = reviewer_client.post(verdict_page(verdict), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "another reviewer must publish" in str(form.non_field_errors())
    assert form["summary"].value() == "Typed by the claim's own logger."
    verdict.refresh_from_db()
    assert (verdict.status, verdict.summary) == (Verdict.Status.DRAFT, "No.")


def test_an_editor_publishes_their_own_claim_with_a_reason_given_on_the_form(
    editor_client, editor, reviewer
):
    claim = claim_submit(claim=ReadyClaimFactory(created_by=editor), by=editor, reviewer=reviewer)
    verdict = verdict_draft(claim=claim, by=reviewer, rating=_rating(), summary="No.")
    data = form_data(editor_client, verdict_page(verdict))
    data["_publish"] = "Save and publish"
    refused = editor_client.post(verdict_page(verdict), data)
    assert "give an override reason" in str(
        refused.context["adminform"].form.errors["override_reason"]
    )

    data["override_reason"] = "Only editor on shift; reviewed by phone with Victor."
    assert editor_client.post(verdict_page(verdict), data).status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.override_reason == "Only editor on shift; reviewed by phone with Victor."


def test_a_reviewer_corrects_a_published_verdict_with_a_note(reviewer_client, published):
    add_url = f"{VERDICT_ADD}?claim={published.claim_id}"
    data = form_data(reviewer_client, add_url)
    assert data["summary"] == "No."  # the correction starts from what readers see
    data.update({"rating": str(_rating("mixed").pk), "summary": "Partly.", "_publish": "1"})
    refused = reviewer_client.post(add_url, data)
    assert "readers see it" in str(refused.context["adminform"].form.errors["correction_note"])
    assert Verdict.objects.count() == 1

    data["correction_note"] = "A second video shows the unit's orders."
    assert reviewer_client.post(add_url, data).status_code == 302
    old, new = Verdict.objects.order_by("version")
    assert (old.status, new.status) == (Verdict.Status.SUPERSEDED, Verdict.Status.PUBLISHED)
    assert new.correction_note == "A second video shows the unit's orders."
    assert old.summary == "No."


def test_a_verdict_republished_with_another_rating_needs_a_note_on_the_form(
    reviewer_client, second_reviewer, published
):
    claim_unpublish(claim=published.claim, by=second_reviewer, reason="A new video.")
    data = form_data(reviewer_client, verdict_page(published))
    data.update({"rating": str(_rating("mixed").pk), "_publish": "Save and publish"})
    refused = reviewer_client.post(verdict_page(published), data)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["correction_note"]
    assert "Readers saw v1 rated False" in str(errors)
    published.refresh_from_db()
    assert (published.status, published.rating.slug) == (Verdict.Status.DRAFT, "false")

    data["correction_note"] = "A second video shows the unit's orders."
    assert reviewer_client.post(verdict_page(published), data).status_code == 302
    old, new = Verdict.objects.order_by("version")
    assert (old.status, old.rating.slug) == (Verdict.Status.SUPERSEDED, "false")
    assert (new.status, new.rating.slug) == (Verdict.Status.PUBLISHED, "mixed")
    assert new.correction_note == "A second video shows the unit's orders."


def test_a_published_verdict_is_read_only_even_for_its_reviewer(reviewer_client, published):
    page = reviewer_client.get(verdict_page(published))
    assert page.context["has_change_permission"] is False
    assert "_publish" not in page.content.decode()
    response = reviewer_client.post(verdict_page(published), {"summary": "Rewritten."})
    assert response.status_code == 403


def test_a_researcher_reads_a_verdict_without_a_publish_button(researcher_client, draft):
    page = researcher_client.get(verdict_page(draft))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "_publish" not in page.content.decode()
