"""The workflow's actions on the claim list and the claim page."""

import pytest
from django.urls import reverse

from claims.models import Claim, Rating
from tests.adminforms import form_data
from tests.claims.admin.pages import CHANGELIST, claim_page, messages_of
from tests.factories import (
    ReadyClaimFactory,
)

pytestmark = pytest.mark.django_db


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


def _action(client, action: str, claims, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in claims], **extra},
        follow=True,
    )


def test_the_submit_action_submits_and_says_why_a_claim_cannot_go(
    researcher_client, researcher, reviewer
):
    ready = ReadyClaimFactory(created_by=researcher)
    uncited = ReadyClaimFactory(created_by=researcher)
    uncited.citations.all().delete()
    response = _action(
        researcher_client, "submit_for_review", [ready, uncited], reviewer=str(reviewer.pk)
    )
    said = messages_of(response)
    assert any("submitted for review and assigned to victor-reviewer" in m for m in said)
    assert any("add at least one citation" in m for m in said)
    ready.refresh_from_db()
    uncited.refresh_from_db()
    assert (ready.status, ready.reviewer) == (Claim.Status.IN_REVIEW, reviewer)
    assert uncited.status == Claim.Status.DRAFT


def test_the_assign_action_hands_a_claim_to_another_reviewer(
    reviewer_client, in_review, second_reviewer
):
    response = _action(
        reviewer_client, "assign_reviewer", [in_review], reviewer=str(second_reviewer.pk)
    )
    assert "now assigned to wanda-reviewer" in messages_of(response)[0]
    in_review.refresh_from_db()
    assert in_review.reviewer == second_reviewer


def test_the_publish_and_unpublish_actions_go_through_the_services(reviewer_client, draft):
    claim = draft.claim
    published = _action(reviewer_client, "publish_verdict", [claim])
    assert "is published: False" in messages_of(published)[0]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED

    refused = _action(reviewer_client, "unpublish", [claim])
    assert "Say why" in messages_of(refused)[0]
    _action(reviewer_client, "unpublish", [claim], reason="The video was staged.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_researchers_are_not_offered_the_publish_and_unpublish_actions(researcher_client):
    actions = researcher_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert {"submit_for_review", "assign_reviewer"} <= names
    assert not {"publish_verdict", "unpublish"} & names


def test_a_researcher_submits_from_the_claim_page(researcher_client, researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    response = researcher_client.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk]),
        {"action": "submit", "reviewer": str(reviewer.pk)},
        follow=True,
    )
    assert "submitted for review" in messages_of(response)[0]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_a_refused_action_on_the_claim_page_says_why(researcher_client, researcher):
    claim = ReadyClaimFactory(created_by=researcher)
    response = researcher_client.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk]),
        {"action": "submit", "reviewer": ""},
        follow=True,
    )
    assert messages_of(response) == ["Choose a reviewer."]


def test_an_outsider_cannot_use_the_claim_page_actions(outsider_client, researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    response = outsider_client.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk]),
        {"action": "submit", "reviewer": str(reviewer.pk)},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_the_later_of_two_edits_is_refused_as_changed_since_opened(
    researcher_client, reviewer_client, researcher
):
    claim = ReadyClaimFactory(created_by=researcher, text="Seven shells hit the hospital.")
    url = claim_page(claim)
    first, second = form_data(researcher_client, url), form_data(reviewer_client, url)

    first["text"] = "Seven shells hit the hospital grounds."
    assert researcher_client.post(url, first).status_code == 302
    second["text"] = "Six shells hit the hospital."
    response = reviewer_client.post(url, second)

    assert response.status_code == 200
    assert "changed this claim since you opened it" in str(
        response.context["adminform"].form.non_field_errors()
    )
    claim.refresh_from_db()
    assert claim.text == "Seven shells hit the hospital grounds."
