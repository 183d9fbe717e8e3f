"""/api/v1/appearances/: each place a claim was published, written through the appearance
services, as researchers, reviewers and readers see them."""

import datetime

import pytest

from claims.freshness import content_version
from claims.models import Appearance, Claim
from tests.factories import (
    AppearanceFactory,
    AttributionFactory,
    ReadyClaimFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "fields"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.json()
    body = response.json()
    assert set(body) == SHAPE
    return body


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def _add(api, claim, source, **fields):
    body = {"claim": claim.pk, "source_id": source.pk, "quote": "the same words again"}
    return api.post("/api/v1/appearances/", {**body, **fields}, format="json")


def test_a_researcher_adds_an_appearance_in_another_outlets_words_with_its_translation(
    researcher_api, draft_claim, researcher
):
    outlet = SourceFactory(title="Another outlet")

    response = _add(
        researcher_api,
        draft_claim,
        outlet,
        quote="were patrolling the border and most likely crossed it by accident",
        language="EN-gb",
        position=3,
        made_on="2014-08-25",
        original_language="ru",
        translated_by="translator",
        translator="A. Translator",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["claim"] == draft_claim.pk
    assert body["source"]["title"] == "Another outlet"
    assert (body["language"], body["original_language"]) == ("en-GB", "ru")
    assert (body["translated_by"], body["translator"]) == ("translator", "A. Translator")
    assert body["quote_status"] == "not_captured"
    assert body["revision"] == 1
    appearance = Appearance.objects.get(pk=body["id"])
    assert appearance.created_by == researcher
    draft_claim.refresh_from_db()
    # Earlier than the first one logged, so it is the claim's first appearance now.
    assert draft_claim.first_appearance_id == appearance.pk
    assert "most likely crossed it by accident" in draft_claim.appearance_words


def test_the_same_words_from_the_same_source_twice_are_a_conflict_naming_the_claim(
    researcher_api, draft_claim
):
    first = draft_claim.first_appearance

    response = _add(researcher_api, draft_claim, first.source, quote=f"  {first.quote.upper()} ")

    body = _error(response, 409)
    assert body["code"] == "appearance_exists"
    assert f"claim {draft_claim.pk}" in body["message"]
    assert list(body["fields"]) == ["quote"]
    assert draft_claim.appearances.count() == 1


def test_the_same_words_elsewhere_in_the_same_source_are_another_appearance(
    researcher_api, draft_claim
):
    first = draft_claim.first_appearance

    response = _add(researcher_api, draft_claim, first.source, quote=first.quote, position=9)

    assert response.status_code == 201, response.json()
    assert draft_claim.appearances.count() == 2


def test_a_language_tag_that_is_not_bcp_47_is_a_field_error(researcher_api, draft_claim):
    response = _add(researcher_api, draft_claim, SourceFactory(), language="english_UK")

    body = _error(response, 400)
    assert list(body["fields"]) == ["language"]
    assert "BCP 47" in body["fields"]["language"][0]


@pytest.mark.parametrize("quote", ["", "   "])
def test_an_empty_quote_is_a_field_error(researcher_api, draft_claim, quote):
    response = _add(researcher_api, draft_claim, SourceFactory(), quote=quote)

    body = _error(response, 400)
    assert list(body["fields"]) == ["quote"]
    assert draft_claim.appearances.count() == 1


def test_a_translation_that_does_not_say_who_translated_names_the_field(
    researcher_api, draft_claim
):
    response = _add(researcher_api, draft_claim, SourceFactory(), original_language="ru")

    body = _error(response, 400)
    assert body["code"] == "appearance_invalid"
    assert list(body["fields"]) == ["translated_by"]


def test_a_researcher_edits_an_appearance_and_a_stale_revision_is_refused(
    researcher_api, draft_claim, researcher
):
    appearance = draft_claim.first_appearance
    read = researcher_api.get(f"/api/v1/appearances/{appearance.pk}/").json()
    url = f"/api/v1/appearances/{appearance.pk}/"

    edited = researcher_api.patch(
        url, {"quote": "the words as published", "revision": read["revision"]}, format="json"
    )
    assert edited.status_code == 200, edited.json()
    assert edited.json()["quote"] == "the words as published"
    assert edited.json()["revision"] == read["revision"] + 1

    stale = researcher_api.patch(
        url, {"quote": "an older edit", "revision": read["revision"]}, format="json"
    )
    body = _error(stale, 409)
    assert body["code"] == "appearance_changed"
    appearance.refresh_from_db()
    assert appearance.quote == "the words as published"
    draft_claim.refresh_from_db()
    assert draft_claim.appearance_words == "the words as published"


def test_an_appearance_does_not_move_to_another_claim(researcher_api, draft_claim, researcher):
    other = ReadyClaimFactory(created_by=researcher)

    response = researcher_api.patch(
        f"/api/v1/appearances/{draft_claim.first_appearance_id}/",
        {"claim": other.pk},
        format="json",
    )

    body = _error(response, 400)
    assert "split it out" in body["fields"]["claim"][0]
    assert Appearance.objects.get(pk=draft_claim.first_appearance_id).claim_id == draft_claim.pk


def test_removing_a_claims_last_appearance_is_refused_and_another_goes(researcher_api, draft_claim):
    only = draft_claim.first_appearance

    body = _error(researcher_api.delete(f"/api/v1/appearances/{only.pk}/"), 409)
    assert body["code"] == "last_appearance"
    assert Appearance.objects.filter(pk=only.pk).exists()

    other = AppearanceFactory(claim=draft_claim)
    assert researcher_api.delete(f"/api/v1/appearances/{other.pk}/").status_code == 204
    assert list(draft_claim.appearances.all()) == [only]


def test_a_researcher_may_not_change_an_appearance_of_a_published_claim(
    researcher_api, published_claim
):
    appearance = published_claim.first_appearance
    url = f"/api/v1/appearances/{appearance.pk}/"

    edit = researcher_api.patch(url, {"quote": "words nobody rated"}, format="json")
    added = _add(researcher_api, published_claim, SourceFactory())

    for response in (edit, added):
        body = _error(response, 403)
        assert body["code"] == "review_required"
        assert "only a reviewer" in body["message"]
        assert "/api/v1/proposals/" in body["message"]
    appearance.refresh_from_db()
    assert appearance.quote != "words nobody rated"
    assert published_claim.appearances.count() == 1


def test_a_reviewer_adds_and_changes_appearances_of_a_published_claim(
    reviewer_api, published_claim
):
    added = _add(reviewer_api, published_claim, SourceFactory(), made_on="2014-09-01")
    assert added.status_code == 201, added.json()

    edited = reviewer_api.patch(
        f"/api/v1/appearances/{added.json()['id']}/", {"position": 4}, format="json"
    )

    assert edited.status_code == 200, edited.json()
    assert edited.json()["position"] == 4
    assert published_claim.appearances.count() == 2


def test_anonymous_readers_see_appearances_of_public_claims_only(
    anonymous, published_claim, draft_claim
):
    second = AppearanceFactory(claim=published_claim)

    listed = anonymous.get("/api/v1/appearances/")
    hidden = anonymous.get(f"/api/v1/appearances/{draft_claim.first_appearance_id}/")

    assert _ids(listed) == {published_claim.first_appearance_id, second.pk}
    assert all(row["revision"] is None for row in listed.json()["results"])
    assert _error(hidden, 404)["code"] == "not_found"


def test_an_appearance_reads_its_source_chain_and_quote_checks(anonymous, published_claim):
    body = anonymous.get(f"/api/v1/appearances/{published_claim.first_appearance_id}/").json()

    assert body["source"]["id"] == published_claim.first_appearance.source_id
    assert [(hop["position"], hop["verb"]) for hop in body["attributions"]] == [
        (1, "citing"),
        (2, "said"),
    ]
    assert body["attributions"][1]["claimant"]["name"] == "A ministry"
    assert (body["quote_status"], body["original_status"]) == ("not_captured", "not_captured")


def test_appearances_filter_by_claim_and_source(researcher_api, draft_claim, published_claim):
    caption = AppearanceFactory(
        claim=draft_claim, source=published_claim.first_appearance.source, position=7
    )
    source = published_claim.first_appearance.source_id

    assert _ids(researcher_api.get("/api/v1/appearances/", {"claim": draft_claim.pk})) == {
        draft_claim.first_appearance_id,
        caption.pk,
    }
    assert _ids(researcher_api.get("/api/v1/appearances/", {"source": source})) == {
        published_claim.first_appearance_id,
        caption.pk,
    }


def test_staff_see_an_appearances_revision(researcher_api, draft_claim):
    appearance = draft_claim.first_appearance

    body = researcher_api.get(f"/api/v1/appearances/{appearance.pk}/").json()

    assert body["revision"] == appearance.revision


def _split(api, appearance, body: dict | None = None):
    return api.post(
        f"/api/v1/appearances/{appearance.pk}/split/",
        {"reason": "Another statement, made the next day."} if body is None else body,
        format="json",
    )


def test_a_reviewer_splits_an_appearance_out_into_a_claim_of_its_own(reviewer_api, draft_claim):
    later = AppearanceFactory(claim=draft_claim, made_on=datetime.date(2014, 8, 30))
    AttributionFactory(appearance=later, position=1, verb="citing")

    response = _split(reviewer_api, later, {"reason": "Said again, later.", "text": "A new one."})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] != draft_claim.pk
    assert (body["text"], body["status"]) == ("A new one.", "draft")
    assert [a["id"] for a in body["appearances"]] == [later.pk]
    assert body["quote"] == later.quote
    assert [hop["verb"] for hop in body["attributions"]] == ["citing"]
    assert list(draft_claim.appearances.values_list("pk", flat=True)) == [
        draft_claim.first_appearance_id
    ]


def test_splitting_a_claims_only_appearance_is_a_conflict(reviewer_api, draft_claim):
    body = _error(_split(reviewer_api, draft_claim.first_appearance), 409)

    assert body["code"] == "last_appearance"
    assert Claim.objects.count() == 1


def test_a_researcher_may_not_split_and_a_split_needs_a_reason(
    researcher_api, reviewer_api, draft_claim
):
    other = AppearanceFactory(claim=draft_claim)

    assert _error(_split(researcher_api, other), 403)["code"] == "not_permitted"
    blank = _error(_split(reviewer_api, other, {"reason": "  "}), 400)
    assert list(blank["fields"]) == ["reason"]
    assert Appearance.objects.get(pk=other.pk).claim_id == draft_claim.pk


def test_anonymous_clients_may_not_write_appearances(anonymous, published_claim):
    appearance = published_claim.first_appearance

    responses = [
        _add(anonymous, published_claim, SourceFactory()),
        anonymous.patch(f"/api/v1/appearances/{appearance.pk}/", {"quote": "x"}, format="json"),
        anonymous.delete(f"/api/v1/appearances/{appearance.pk}/"),
        _split(anonymous, appearance),
    ]

    assert [r.status_code for r in responses] == [401, 401, 401, 401]
    assert published_claim.appearances.count() == 1


def test_appearance_writes_refresh_the_public_pages_only_for_a_published_claim(
    reviewer_api, researcher_api, published_claim, draft_claim, django_capture_on_commit_callbacks
):
    def changes_version(api, method: str, url: str, body: dict | None = None) -> bool:
        version = content_version()
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(api, method)(url, body, format="json")
        assert response.status_code < 300, response.content
        return content_version() != version

    published = f"/api/v1/appearances/{published_claim.first_appearance_id}/"
    draft = f"/api/v1/appearances/{draft_claim.first_appearance_id}/"

    assert changes_version(reviewer_api, "patch", published, {"position": 3})
    assert not changes_version(researcher_api, "patch", draft, {"position": 3})
    other = AppearanceFactory(claim=published_claim)
    assert changes_version(reviewer_api, "delete", f"/api/v1/appearances/{other.pk}/")
