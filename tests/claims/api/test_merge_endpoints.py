"""POST /api/v1/claims/{id}/merge/ and unmerge/: two claims that turn out to be one, merged
by a reviewer through claim_merge, and the merge undone."""

import pytest

from claims.models import Claim, ClaimMerge
from tests.claims.helpers import publish
from tests.factories import AppearanceFactory, ReadyClaimFactory, TopicFactory

pytestmark = pytest.mark.django_db

REASON = "The same denial, carried by two outlets."


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.json()
    assert set(response.json()) == {"code", "message", "fields"}
    return response.json()


def _merge(api, claim, into, reason: str | None = REASON):
    body = {"into": into if isinstance(into, int) else into.pk}
    if reason is not None:
        body["reason"] = reason
    return api.post(f"/api/v1/claims/{claim.pk}/merge/", body, format="json")


@pytest.fixture
def duplicate(researcher):
    """A draft of the same claim, logged from another outlet, filed under a topic of its own."""
    claim = ReadyClaimFactory(created_by=researcher, quote="crossed it by accident")
    claim.topics.add(TopicFactory(name="Border"))
    return claim


def test_a_reviewer_merges_a_draft_into_the_published_claim_and_readers_see_both(
    reviewer_api, anonymous, researcher_api, published_claim, duplicate
):
    moved = duplicate.first_appearance

    response = _merge(reviewer_api, duplicate, published_claim)

    assert response.status_code == 200, response.json()
    kept = response.json()
    assert kept["id"] == published_claim.pk
    assert moved.pk in [a["id"] for a in kept["appearances"]]
    assert duplicate.topics.get().slug in kept["topics"]
    public = anonymous.get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert [a["id"] for a in public["appearances"]] == [a["id"] for a in kept["appearances"]]
    assert len(public["appearances"]) == 2
    merged = researcher_api.get(f"/api/v1/claims/{duplicate.pk}/").json()
    assert (merged["status"], merged["merged_into"]) == ("merged", published_claim.pk)
    assert (merged["quote"], merged["appearance"], merged["appearances"]) == (None, None, [])
    assert ClaimMerge.objects.get().by.username == "victor-reviewer"


def test_merging_a_claim_into_itself_is_a_conflict(reviewer_api, duplicate):
    body = _error(_merge(reviewer_api, duplicate, duplicate), 409)

    assert body["code"] == "merge_not_allowed"
    assert list(body["fields"]) == ["into"]
    assert "itself" in body["message"]


def test_merging_into_a_claim_that_is_not_there_is_a_conflict(reviewer_api, duplicate):
    gone = Claim.objects.order_by("-pk").first().pk + 100

    body = _error(_merge(reviewer_api, duplicate, gone), 409)

    assert body["code"] == "merge_not_allowed"
    assert f"no claim {gone}" in body["message"]
    assert Claim.objects.get(pk=duplicate.pk).status == Claim.Status.DRAFT


def test_an_id_no_claim_can_have_is_a_field_error(reviewer_api, duplicate):
    body = _error(_merge(reviewer_api, duplicate, 2**70), 400)

    assert list(body["fields"]) == ["into"]


def test_merging_two_published_claims_is_a_conflict_saying_to_unpublish_one(
    reviewer_api, published_claim, researcher, reviewer
):
    other = ReadyClaimFactory(created_by=researcher)
    publish(other, researcher=researcher, reviewer=reviewer)

    body = _error(_merge(reviewer_api, other, published_claim), 409)

    assert body["code"] == "both_published"
    assert "Unpublish one" in body["message"]
    assert published_claim.appearances.count() == 1


def test_merging_a_claim_merged_already_is_a_conflict(
    reviewer_api, published_claim, duplicate, researcher
):
    assert _merge(reviewer_api, duplicate, published_claim).status_code == 200
    third = ReadyClaimFactory(created_by=researcher)

    again = _error(_merge(reviewer_api, duplicate, third), 409)
    into_merged = _error(_merge(reviewer_api, third, duplicate), 409)

    assert again["code"] == into_merged["code"] == "merge_not_allowed"
    assert f"merge into claim {published_claim.pk} instead" in into_merged["message"]


def test_only_reviewers_merge_and_a_merge_needs_a_reason(
    researcher_api, reviewer_api, anonymous, published_claim, duplicate
):
    assert _error(_merge(researcher_api, duplicate, published_claim), 403)["code"] == (
        "not_permitted"
    )
    assert _error(_merge(anonymous, duplicate, published_claim), 401)["code"] == (
        "not_authenticated"
    )
    for reason in (None, "  "):
        body = _error(_merge(reviewer_api, duplicate, published_claim, reason), 400)
        assert list(body["fields"]) == ["reason"]
    assert not ClaimMerge.objects.exists()


def test_a_reviewer_undoes_a_merge_and_the_claim_is_as_it_was(
    reviewer_api, published_claim, duplicate
):
    moved = duplicate.first_appearance
    assert _merge(reviewer_api, duplicate, published_claim).status_code == 200

    response = reviewer_api.post(
        f"/api/v1/claims/{duplicate.pk}/unmerge/", {"reason": "Two denials."}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["id"], body["status"], body["merged_into"]) == (duplicate.pk, "draft", None)
    assert [a["id"] for a in body["appearances"]] == [moved.pk]
    assert body["quote"] == "crossed it by accident"
    assert published_claim.appearances.count() == 1


def test_undoing_a_merge_that_does_not_stand_is_a_conflict(reviewer_api, duplicate):
    response = reviewer_api.post(
        f"/api/v1/claims/{duplicate.pk}/unmerge/", {"reason": "Oops."}, format="json"
    )

    assert _error(response, 409)["code"] == "merge_not_allowed"


def test_a_merged_claims_first_appearance_cannot_be_edited_through_it(
    reviewer_api, researcher_api, published_claim, duplicate
):
    assert _merge(reviewer_api, duplicate, published_claim).status_code == 200

    response = researcher_api.patch(
        f"/api/v1/claims/{duplicate.pk}/", {"quote": "new words"}, format="json"
    )

    body = _error(response, 409)
    assert body["code"] == "transition_not_allowed"
    assert f"merged into claim {published_claim.pk}" in body["message"]


def test_a_split_appearance_merged_back_returns_to_its_claim(reviewer_api, duplicate):
    other = AppearanceFactory(claim=duplicate)
    split = reviewer_api.post(
        f"/api/v1/appearances/{other.pk}/split/", {"reason": "Two claims."}, format="json"
    ).json()

    response = _merge(reviewer_api, Claim.objects.get(pk=split["id"]), duplicate)

    assert response.status_code == 200, response.json()
    assert sorted(a["id"] for a in response.json()["appearances"]) == sorted(
        [duplicate.first_appearance_id, other.pk]
    )
