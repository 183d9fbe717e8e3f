"""Readers of the API see what the public site shows of the workflow: a claim they can read
is published, reviewers are not named, and filters do not tell a draft from nothing."""

import pytest

from claims import services
from claims.models import Claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_correction(published_claim, reviewer):
    """A published claim whose verdict a reviewer has started to correct."""
    services.verdict_correct(
        verdict=published_claim.published_verdict,
        by=reviewer,
        correction_note="The figure was revised.",
    )
    published_claim.refresh_from_db()
    assert published_claim.status == Claim.Status.IN_REVIEW
    return published_claim


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_it_shows_anonymous_readers_a_claim_under_correction_as_published_with_no_reviewer(
    anonymous, under_correction
):
    one = anonymous.get(f"/api/v1/claims/{under_correction.pk}/").json()
    (listed,) = anonymous.get("/api/v1/claims/").json()["results"]

    for body in (one, listed):
        assert body["status"] == "published"
        assert body["reviewer"] is None
        assert body["revision"] is None
        assert "victor-reviewer" not in str(body)


def test_staff_still_see_where_a_claim_is_in_the_workflow(researcher_api, under_correction):
    body = researcher_api.get(f"/api/v1/claims/{under_correction.pk}/").json()

    assert body["status"] == "in_review"
    assert body["reviewer"] == "victor-reviewer"
    assert body["revision"] == under_correction.revision


def test_anonymous_readers_cannot_filter_claims_by_workflow_status(
    anonymous, researcher_api, under_correction, draft_claim
):
    assert _ids(anonymous.get("/api/v1/claims/", {"status": "in_review"})) == set()
    assert _ids(anonymous.get("/api/v1/claims/", {"status": "draft"})) == set()
    assert _ids(anonymous.get("/api/v1/claims/", {"status": "published"})) == {under_correction.pk}
    assert _ids(researcher_api.get("/api/v1/claims/", {"status": "in_review"})) == {
        under_correction.pk
    }


def test_it_hides_reviewer_usernames_from_anonymous_readers_of_verdicts(
    anonymous, reviewer_api, under_correction
):
    verdict_id = under_correction.published_verdict_id
    listed = anonymous.get("/api/v1/verdicts/").json()["results"]
    one = anonymous.get(f"/api/v1/verdicts/{verdict_id}/").json()

    assert listed
    assert all(row["reviewer"] is None for row in [*listed, one])
    assert "victor-reviewer" not in str(listed) + str(one)
    assert reviewer_api.get(f"/api/v1/verdicts/{verdict_id}/").json()["reviewer"] == (
        "victor-reviewer"
    )


@pytest.mark.parametrize("endpoint", ["citations", "attributions", "verdicts"])
def test_a_draft_claims_id_answers_anonymous_filters_as_a_missing_one_does(
    anonymous, researcher_api, draft_claim, endpoint
):
    missing = Claim.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    url = f"/api/v1/{endpoint}/"

    draft = anonymous.get(url, {"claim": draft_claim.pk})
    nothing = anonymous.get(url, {"claim": missing})

    assert nothing.status_code == 400
    assert (draft.status_code, draft.json()) == (nothing.status_code, nothing.json())
    assert researcher_api.get(url, {"claim": draft_claim.pk}).status_code == 200
