"""Proposed changes in the admin: a researcher proposes one from its form, a reviewer sees
before and after on the list and accepts or rejects it there."""

import pytest
from django.urls import reverse

from claims.models import Proposal
from claims.services import proposal_make
from tests.claims.admin.pages import messages_of

pytestmark = pytest.mark.django_db

ADD = reverse("admin:claims_proposal_add")
LIST = reverse("admin:claims_proposal_changelist")


@pytest.fixture
def origin(published):
    return published.claim.citations.get()


@pytest.fixture
def proposal(published, origin, researcher):
    return proposal_make(
        claim=published.claim,
        by=researcher,
        kind=Proposal.Kind.CITATION_CHANGE,
        target_id=origin.pk,
        values={"role": "refutes"},
        reason="The source says the opposite.",
    )


def _form(claim, **fields):
    return {"claim": claim.pk, "kind": "citation_change", "reason": "It refutes it.", **fields}


def test_a_researcher_proposes_a_change_from_the_admin(
    researcher_client, published, origin, researcher
):
    assert researcher_client.get(ADD).status_code == 200
    response = researcher_client.post(
        ADD, _form(published.claim, target_id=origin.pk, values='{"role": "refutes"}')
    )
    assert response.status_code == 302, response.content.decode()
    made = Proposal.objects.get()
    assert (made.proposed_by, made.values, made.before["role"]) == (
        researcher,
        {"role": "refutes"},
        "origin",
    )


def test_values_the_model_refuses_show_on_the_form(researcher_client, published, origin):
    response = researcher_client.post(
        ADD, _form(published.claim, target_id=origin.pk, values='{"role": "bogus"}')
    )
    assert response.status_code == 200
    assert "role:" in response.content.decode()
    assert "is not a valid choice" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_reviewer_sees_before_and_after_and_accepts(reviewer_client, proposal, origin, reviewer):
    page = reviewer_client.get(LIST).content.decode()
    assert "<td>origin</td><td>refutes</td>" in page
    assert 'value="accept"' in page
    one = reviewer_client.get(reverse("admin:claims_proposal_change", args=[proposal.pk]))
    assert "The source says the opposite." in one.content.decode()
    response = reviewer_client.post(
        LIST, {"action": "accept", "_selected_action": [proposal.pk]}, follow=True
    )
    assert any("accepted and written" in m for m in messages_of(response))
    origin.refresh_from_db()
    assert origin.role == "refutes"
    assert origin.history.latest().history_user == reviewer


def test_a_rejection_from_the_list_needs_a_note(reviewer_client, proposal):
    bare = reviewer_client.post(
        LIST, {"action": "reject", "_selected_action": [proposal.pk]}, follow=True
    )
    assert any("Say why" in m for m in messages_of(bare))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    reviewer_client.post(
        LIST,
        {"action": "reject", "_selected_action": [proposal.pk], "note": "It supports it."},
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == ("rejected", "It supports it.")


def test_a_researcher_is_offered_no_decision(researcher_client, proposal, origin):
    page = researcher_client.get(LIST).content.decode()
    assert 'value="accept"' not in page
    researcher_client.post(LIST, {"action": "accept", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    origin.refresh_from_db()
    assert origin.role == "origin"
