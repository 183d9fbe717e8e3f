"""An edit of a claim's wording writes only what it edits, so a publish that happened after
the claim was read is not undone by it."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.api.serializers import ClaimWriteSerializer
from claims.api.views import ClaimViewSet
from claims.models import Claim, Rating
from claims.services import claim_submit, verdict_draft, verdict_publish
from claims.visibility import public_claims
from tests.factories import ReadyClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_then_published(researcher, reviewer):
    """A claim as an editor read it while it was in review, and the verdict a reviewer
    published right after."""
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer
    )
    draft = verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="false"), summary="No."
    )
    read = Claim.objects.get(pk=claim.pk)
    verdict = verdict_publish(verdict=draft, by=reviewer)
    return read, verdict


def _assert_still_published(claim: Claim, verdict) -> None:
    claim.refresh_from_db()
    assert claim.place == "Kyiv"
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.published_verdict_id == verdict.pk
    assert public_claims().filter(pk=claim.pk).exists()


def test_an_api_edit_of_a_claim_read_before_a_publish_keeps_it_published(
    second_reviewer, read_then_published
):
    read, verdict = read_then_published
    # The view's object as get_object read it, before the publish.
    request = Request(APIRequestFactory().patch("/"))
    request.user = second_reviewer
    view = ClaimViewSet(request=request, format_kwarg=None, kwargs={})
    serializer = ClaimWriteSerializer(read, data={"place": "Kyiv"}, partial=True)
    assert serializer.is_valid(), serializer.errors

    view.perform_update(serializer)

    _assert_still_published(read, verdict)


def test_an_api_patch_with_the_current_revision_keeps_the_claim_published(
    second_reviewer_client, read_then_published
):
    read, verdict = read_then_published
    current = Claim.objects.get(pk=read.pk)

    response = second_reviewer_client.patch(
        f"/api/v1/claims/{read.pk}/",
        {"place": "Kyiv", "revision": current.revision},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert response.json()["revision"] == current.revision + 1
    _assert_still_published(read, verdict)


def test_an_admin_edit_of_a_claim_read_before_a_publish_keeps_it_published(
    second_reviewer, read_then_published
):
    read, verdict = read_then_published
    claim_admin = admin.site._registry[Claim]
    request = RequestFactory().post("/")
    request.user = second_reviewer
    form_class = claim_admin.get_form(request, read, change=True)
    form = form_class(
        {
            "text": read.text,
            "slug": read.slug,
            "claimant": read.claimant_id,
            "place": "Kyiv",
            # The form was opened after the publish; the object it saves was read before.
            "seen_revision": Claim.objects.get(pk=read.pk).revision,
        },
        instance=read,
    )
    assert form.is_valid(), form.errors

    claim_admin.save_model(request, form.save(commit=False), form, change=True)

    _assert_still_published(read, verdict)
