"""What a published verdict rates (the claim's words, quote, claimant, place and article) is
changed by reviewers only: changed by a researcher, readers would see a rating on words nobody
rated."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, Rating
from claims.services import claim_submit, verdict_draft, verdict_publish
from tests.adminforms import form_data
from tests.factories import ReadyClaimFactory, TopicFactory

pytestmark = pytest.mark.django_db

REFUSED = "only a reviewer (a member of Reviewers) can change it"


@pytest.fixture
def published(researcher, reviewer) -> Claim:
    claim = ReadyClaimFactory(created_by=researcher, text="Ten trucks crossed the border.")
    claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="false"), summary="None did."
    )
    verdict_publish(verdict=verdict, by=reviewer)
    claim.refresh_from_db()
    return claim


def _admin_edit(client, claim: Claim, **changes):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(client, url)
    data.update(changes)
    return client.post(url, data)


def test_a_researcher_cannot_reword_a_published_claim_in_the_admin(researcher_client, published):
    response = _admin_edit(researcher_client, published, text="Twelve trucks crossed.")

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    published.refresh_from_db()
    assert published.text == "Ten trucks crossed the border."


def test_a_researcher_cannot_move_a_published_claim_to_another_place(researcher_client, published):
    response = _admin_edit(researcher_client, published, place="Novoazovsk")

    assert response.status_code == 200
    assert "This claim&#x27;s place is on a published fact-check" in response.content.decode()
    published.refresh_from_db()
    assert published.place == ""


def test_a_researcher_still_files_a_published_claim(researcher_client, published):
    topic = TopicFactory(name="Border")
    response = _admin_edit(researcher_client, published, topics=[str(topic.pk)])

    assert response.status_code == 302
    assert list(published.topics.all()) == [topic]


def test_a_reviewer_may_reword_a_published_claim(reviewer_client, published):
    response = _admin_edit(reviewer_client, published, text="Twelve trucks crossed.")

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.text == "Twelve trucks crossed."


def test_a_researcher_rewords_a_claim_not_yet_published(researcher_client, researcher):
    draft = ReadyClaimFactory(created_by=researcher)

    response = _admin_edit(researcher_client, draft, text="Reworded before review.")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.text == "Reworded before review."


def test_a_researcher_cannot_reword_a_published_claim_from_its_history(
    researcher_client, published
):
    published.text = "Twelve trucks crossed the border."
    published.save()
    first = published.history.earliest()
    url = reverse("admin:claims_claim_simple_history", args=[published.pk, first.pk])

    response = researcher_client.post(url, form_data(researcher_client, url))

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    published.refresh_from_db()
    assert published.text == "Twelve trucks crossed the border."


def test_the_api_refuses_a_researcher_s_rewording_and_takes_their_filing(researcher, published):
    client = APIClient()
    client.force_authenticate(researcher)
    url = f"/api/v1/claims/{published.pk}/"

    topic = TopicFactory(slug="border")
    refused = client.patch(url, {"text": "Twelve trucks crossed."}, format="json")
    moved = client.patch(url, {"place": "Kyiv"}, format="json")
    same_words = client.patch(url, {"text": published.text, "topics": ["border"]}, format="json")

    for response in (refused, moved):
        assert response.status_code == 403
        assert response.json()["code"] == "review_required"
        assert REFUSED in response.json()["message"]
    assert same_words.status_code == 200
    published.refresh_from_db()
    assert (published.text, published.place) == ("Ten trucks crossed the border.", "")
    assert list(published.topics.all()) == [topic]
