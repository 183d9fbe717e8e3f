"""POST /api/v1/verdicts/{id}/discard/: abandoning a draft verdict over the API."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from claims.models import Claim, Verdict
from claims.services import claim_submit, verdict_correct, verdict_draft
from tests.factories import ReadyClaimFactory

pytestmark = pytest.mark.django_db


def _discard(client, verdict, body: dict | None = None):
    return client.post(
        f"/api/v1/verdicts/{verdict.pk}/discard/",
        {"reason": "Started on the wrong claim."} if body is None else body,
        format="json",
    )


@pytest.fixture
def draft(researcher, reviewer):
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer
    )
    return verdict_draft(claim=claim, by=reviewer, summary="Working notes.")


@pytest.fixture
def correction(published_claim, second_reviewer):
    return verdict_correct(
        verdict=published_claim.verdicts.get(),
        by=second_reviewer,
        correction_note="A wrong note.",
        summary="A wrong summary.",
    )


def _error_shape(response) -> dict:
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    return body


def test_a_discarded_correction_leaves_the_claim_published_as_it_was(
    second_reviewer_api, published_claim, correction, researcher_api
):
    published = published_claim.verdicts.get(status=Verdict.Status.PUBLISHED)
    # Read as staff: readers see a claim under correction as published all along.
    before = researcher_api.get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert before["status"] == "in_review"  # while the correction was open

    response = _discard(second_reviewer_api, correction)

    assert response.status_code == 204
    assert not response.content
    after = researcher_api.get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert (after["status"], after["reviewer"]) == ("published", "victor-reviewer")
    assert after["verdict"] == before["verdict"]
    assert after["verdict"]["id"] == published.pk
    assert second_reviewer_api.get(f"/api/v1/verdicts/{correction.pk}/").status_code == 404


def test_a_discarded_first_draft_leaves_the_claim_in_review_and_a_new_draft_is_v1(
    reviewer_api, draft
):
    assert _discard(reviewer_api, draft).status_code == 204

    claim = Claim.objects.get(pk=draft.claim_id)
    assert claim.status == Claim.Status.IN_REVIEW
    again = reviewer_api.post(
        "/api/v1/verdicts/", {"claim": claim.pk, "summary": "Fresh start."}, format="json"
    )
    assert again.status_code == 201, again.json()
    assert again.json()["version"] == 1


def test_discarding_a_published_verdict_is_a_conflict_that_says_what_to_do(
    reviewer_api, published_claim
):
    published = published_claim.verdicts.get()
    response = _discard(reviewer_api, published)

    assert response.status_code == 409
    body = _error_shape(response)
    assert body["code"] == "verdict_not_editable"
    assert "unpublish the claim" in body["message"]
    assert "correct it" in body["message"]
    assert Verdict.objects.get(pk=published.pk).status == Verdict.Status.PUBLISHED


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_blank_reason_is_refused_naming_the_field(reviewer_api, draft, reason):
    response = _discard(reviewer_api, draft, {"reason": reason})

    assert response.status_code == 400
    body = _error_shape(response)
    assert list(body["fields"]) == ["reason"]
    assert Verdict.objects.filter(pk=draft.pk).exists()


def test_a_missing_reason_is_refused(reviewer_api, draft):
    response = _discard(reviewer_api, draft, {})
    assert response.status_code == 400
    assert list(_error_shape(response)["fields"]) == ["reason"]


def test_anonymous_clients_must_sign_in(anonymous, draft):
    response = _discard(anonymous, draft)
    assert response.status_code == 401
    assert _error_shape(response)["code"] == "not_authenticated"
    assert Verdict.objects.filter(pk=draft.pk).exists()


def test_a_researcher_may_not_discard_a_draft(researcher_api, draft):
    response = _discard(researcher_api, draft)
    assert response.status_code == 403
    body = _error_shape(response)
    assert body["code"] == "not_permitted"
    assert "Only members of Reviewers can discard" in body["message"]
    assert Verdict.objects.filter(pk=draft.pk).exists()


def test_an_outsider_does_not_find_a_draft(outsider_api, draft):
    assert _discard(outsider_api, draft).status_code == 404
    assert Verdict.objects.filter(pk=draft.pk).exists()


def test_the_schema_describes_the_discard_action():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/verdicts/{id}/discard/"]["post"]

    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ReasonRequest"}
    assert schema["components"]["schemas"]["ReasonRequest"]["required"] == ["reason"]
    assert "content" not in operation["responses"]["204"]
    assert {"400", "401", "403", "404", "409"} <= set(operation["responses"])
    assert "unpublish or correct" in operation["description"]
