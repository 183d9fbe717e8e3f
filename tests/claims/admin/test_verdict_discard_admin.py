"""Discarding a draft verdict from the reviewer's desk in the admin."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Rating, Verdict
from claims.services import (
    claim_submit,
    claim_unpublish,
    verdict_correct,
    verdict_draft,
    verdict_publish,
)
from tests.adminforms import form_data
from tests.factories import ReadyClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher, text="The bridge was closed all week.")
    return claim_submit(claim=claim, by=researcher, reviewer=reviewer)


@pytest.fixture
def draft(in_review, reviewer):
    return verdict_draft(
        claim=in_review,
        by=reviewer,
        rating=Rating.objects.get(slug="false"),
        summary="It reopened on Tuesday.",
    )


@pytest.fixture
def published(draft, reviewer):
    return verdict_publish(verdict=draft, by=reviewer)


def _desk(verdict) -> str:
    return reverse("admin:claims_verdict_change", args=[verdict.pk])


def _claim_admin(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def _discard_url(verdict) -> str:
    return reverse("admin:claims_verdict_discard", args=[verdict.pk])


def _discard(client, verdict, reason: str):
    """Post the desk's discard form as the page offers it, with reason typed in."""
    page = client.get(_desk(verdict)).content.decode()
    assert f'action="{_discard_url(verdict)}"' in page
    data = form_data(client, _desk(verdict))
    return client.post(
        _discard_url(verdict),
        {"csrfmiddlewaretoken": data["csrfmiddlewaretoken"], "reason": reason},
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_reviewer_discards_a_mistaken_correction_and_readers_see_no_change(
    reviewer_client, second_reviewer, published, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMTRAIL_PAGE_CACHE_SECONDS = 0  # each reader's page is rendered afresh
    reader = Client()
    claim_page = f"/claims/{published.claim.slug}/"
    before = reader.get(claim_page)
    assert "It reopened on Tuesday." in before.content.decode()

    correction = verdict_correct(
        verdict=published,
        by=second_reviewer,
        correction_note="Started on the wrong claim.",
        summary="It was closed for three days.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _discard(reviewer_client, correction, "Meant the tunnel claim.")

    assert response.status_code == 302
    assert response["Location"] == _claim_admin(published.claim)
    assert _messages(response) == [
        "Draft verdict v2 on “The bridge was closed all week.” was discarded; the claim is "
        "published again, with v1 as readers saw it throughout."
    ]
    assert list(Verdict.objects.all()) == [published]
    claim = Claim.objects.get(pk=published.claim_id)
    assert (claim.status, claim.published_verdict) == (Claim.Status.PUBLISHED, published)

    after = reader.get(claim_page)
    assert after["ETag"] == before["ETag"]
    html = after.content.decode()
    assert "It reopened on Tuesday." in html
    assert "It was closed for three days." not in html
    assert "Correct the verdict" in reviewer_client.get(_claim_admin(claim)).content.decode()


def test_a_reviewer_discards_a_first_draft_and_the_claim_waits_for_a_new_one(
    reviewer_client, draft
):
    response = _discard(reviewer_client, draft, "Rated before the evidence was in.")

    assert response.status_code == 302
    assert "the claim stays in review, ready for a new draft" in _messages(response)[0]
    assert not Verdict.objects.exists()
    claim_page = reviewer_client.get(_claim_admin(draft.claim)).content.decode()
    assert "Draft the verdict" in claim_page


def test_a_blank_reason_is_refused_on_the_desk_and_the_draft_stays(reviewer_client, draft):
    response = _discard(reviewer_client, draft, "   ")

    assert response.status_code == 302
    assert response["Location"] == _desk(draft)
    assert _messages(response) == [
        "Say why the draft is discarded; the reason is kept in the claim's history."
    ]
    assert Verdict.objects.get().status == Verdict.Status.DRAFT


def test_discarding_a_published_verdict_says_to_unpublish_or_correct_it(reviewer_client, published):
    assert 'id="discard-draft"' not in reviewer_client.get(_desk(published)).content.decode()
    response = reviewer_client.post(_discard_url(published), {"reason": "Wrong."}, follow=True)

    assert response.status_code == 200
    said = _messages(response)
    assert len(said) == 1
    assert "v1 is published, so there is no draft to discard" in said[0]
    assert "unpublish the claim" in said[0]
    assert Verdict.objects.get().status == Verdict.Status.PUBLISHED


@pytest.mark.parametrize("persona", ["researcher_client", "outsider_client"])
def test_only_reviewers_are_offered_and_allowed_the_discard(persona, draft, request):
    client = request.getfixturevalue(persona)
    assert 'id="discard-draft"' not in client.get(_desk(draft)).content.decode()
    response = client.post(_discard_url(draft), {"reason": "Wrong."})
    assert response.status_code == 403
    assert Verdict.objects.get().status == Verdict.Status.DRAFT


def test_the_discard_takes_only_a_post(reviewer_client, draft):
    assert reviewer_client.get(_discard_url(draft)).status_code == 405
    assert Verdict.objects.exists()


def test_a_verdict_cannot_be_deleted_around_the_discard(editor_client, draft):
    delete = reverse("admin:claims_verdict_delete", args=[draft.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Verdict.objects.exists()


def test_a_verdict_readers_saw_before_it_was_unpublished_is_not_offered_for_discard(
    reviewer_client, published, reviewer
):
    claim_unpublish(claim=published.claim, by=reviewer, reason="Source retracted.")
    page = reviewer_client.get(_desk(published))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Save and publish" in html
    assert _discard_url(published) not in html
