"""Reverting from the history pages in the admin: a claim's wording comes back and the
workflow's state stays; a draft verdict goes through the workflow; the change page's checks
(revision, permission) apply."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Rating, Verdict
from claims.services import claim_submit, verdict_draft, verdict_publish, verdict_save
from tests.adminforms import form_data
from tests.factories import ReadyClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reworded(researcher, reviewer) -> Claim:
    """A published claim whose wording a researcher changed after publication."""
    claim = ReadyClaimFactory(created_by=researcher, text="Ten trucks crossed the border.")
    claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="true"), summary="They did."
    )
    verdict_publish(verdict=verdict, by=reviewer)
    claim.refresh_from_db()
    claim.text = "Twelve trucks crossed the border."
    claim.save()
    return claim


def _revert_url(claim: Claim) -> str:
    first = claim.history.earliest()
    return reverse("admin:claims_claim_simple_history", args=[claim.pk, first.pk])


def test_a_revert_brings_back_the_wording_and_keeps_the_verdict_and_status(
    reviewer_client, reworded
):
    before = Claim.objects.get(pk=reworded.pk)
    url = _revert_url(reworded)

    response = reviewer_client.post(url, form_data(reviewer_client, url))

    assert response.status_code == 302, response.context and response.context["errors"]
    after = Claim.objects.get(pk=reworded.pk)
    assert after.text == "Ten trucks crossed the border."
    # The earliest version was a draft with no verdict; the claim stays published.
    assert after.status == Claim.Status.PUBLISHED
    assert after.published_verdict_id == before.published_verdict_id
    assert after.verdict_published_at == before.verdict_published_at
    assert after.reviewer_id == before.reviewer_id
    assert after.revision == before.revision + 1


def test_a_revert_opened_before_someone_else_s_save_is_refused(researcher_client, reworded):
    url = _revert_url(reworded)
    data = form_data(researcher_client, url)
    reworded.place = "Novoazovsk"
    reworded.save()

    response = researcher_client.post(url, data)

    assert response.status_code == 200
    assert "Someone changed this claim since you opened it" in response.content.decode()
    reworded.refresh_from_db()
    assert reworded.text == "Twelve trucks crossed the border."
    assert reworded.place == "Novoazovsk"


def test_someone_who_may_only_view_claims_cannot_revert_one(researcher_client, reworded):
    viewer = UserFactory(username="vera-viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client = Client()
    client.force_login(viewer)
    url = _revert_url(reworded)

    assert client.get(url).status_code == 200
    response = client.post(url, form_data(researcher_client, url))

    assert response.status_code == 403
    reworded.refresh_from_db()
    assert reworded.text == "Twelve trucks crossed the border."


@pytest.fixture
def edited_draft(researcher, reviewer) -> Verdict:
    """A draft verdict whose summary the reviewer changed once."""
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer
    )
    verdict = verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="true"), summary="First."
    )
    return verdict_save(
        verdict=verdict, by=reviewer, rating=verdict.rating, summary="Second.", rationale=""
    )


def _verdict_revert_url(verdict: Verdict) -> str:
    first = verdict.history.earliest()
    return reverse("admin:claims_verdict_simple_history", args=[verdict.pk, first.pk])


def test_a_reviewer_reverts_a_draft_verdict_through_the_workflow(reviewer_client, edited_draft):
    url = _verdict_revert_url(edited_draft)

    response = reviewer_client.post(url, form_data(reviewer_client, url))

    assert response.status_code == 302
    edited_draft.refresh_from_db()
    assert edited_draft.summary == "First."
    assert edited_draft.status == Verdict.Status.DRAFT


def test_a_researcher_posting_a_verdict_revert_is_refused_not_an_error(
    researcher_client, reviewer_client, edited_draft
):
    url = _verdict_revert_url(edited_draft)

    response = researcher_client.post(url, form_data(reviewer_client, url))

    assert response.status_code == 403
    edited_draft.refresh_from_db()
    assert edited_draft.summary == "Second."


def test_a_published_verdict_cannot_be_reverted(reviewer, reviewer_client, edited_draft):
    url = _verdict_revert_url(edited_draft)
    data = form_data(reviewer_client, url)
    verdict_publish(verdict=edited_draft, by=reviewer)

    response = reviewer_client.post(url, data)

    assert response.status_code == 403
    edited_draft.refresh_from_db()
    assert (edited_draft.status, edited_draft.summary) == (Verdict.Status.PUBLISHED, "Second.")
