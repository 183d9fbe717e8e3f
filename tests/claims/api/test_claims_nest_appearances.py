"""A claim over the API with several appearances: nested first appearance first, its old
top-level fields read as the first appearance's, logged and edited as before, and hops on
appearances."""

import datetime

import pytest

from claims.models import Attribution, Claim
from tests.factories import (
    AppearanceFactory,
    AttributionFactory,
    ClaimantFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.json()
    assert set(response.json()) == {"code", "message", "fields"}
    return response.json()


@pytest.fixture
def travelled(published_claim):
    """The published claim, carried again by another outlet a day earlier and in a caption
    of its first article, each with their own chain."""
    earlier = AppearanceFactory(
        claim=published_claim,
        source=SourceFactory(title="The outlet that had it first"),
        quote="likely by mistake at an unequipped and unmarked point",
        made_on=datetime.date(2014, 8, 25),
    )
    AttributionFactory(appearance=earlier, position=1, claimant=ClaimantFactory(name="RIA"))
    caption = AppearanceFactory(
        claim=published_claim,
        source=published_claim.first_appearance.source,
        position=40,
        made_on=None,
    )
    published_claim.refresh_from_db()
    return published_claim, earlier, caption


def test_a_claim_nests_every_appearance_first_appearance_first_with_its_chain(anonymous, travelled):
    claim, earlier, caption = travelled
    original = Claim.objects.get(pk=claim.pk).appearances.exclude(pk__in=[earlier.pk, caption.pk])

    body = anonymous.get(f"/api/v1/claims/{claim.pk}/").json()

    assert [a["id"] for a in body["appearances"]] == [earlier.pk, original.get().pk, caption.pk]
    first = body["appearances"][0]
    assert first["source"]["title"] == "The outlet that had it first"
    assert [hop["claimant"]["name"] for hop in first["attributions"]] == ["RIA"]
    assert [len(a["attributions"]) for a in body["appearances"]] == [1, 2, 0]
    assert all(a["revision"] is None for a in body["appearances"])


def test_a_claims_old_fields_read_as_its_first_appearance(anonymous, travelled):
    claim, earlier, _ = travelled

    body = anonymous.get(f"/api/v1/claims/{claim.pk}/").json()
    (listed,) = anonymous.get("/api/v1/claims/").json()["results"]

    for read in (body, listed):
        assert read["quote"] == earlier.quote
        assert read["appearance"]["id"] == earlier.source_id
        assert (read["position"], read["made_on"]) == (0, "2014-08-25")
        assert [hop["claimant"]["name"] for hop in read["attributions"]] == ["RIA"]


def test_claims_filter_by_any_article_they_appeared_in_and_the_first_date(anonymous, travelled):
    claim, earlier, caption = travelled

    def ids(**params):
        return [row["id"] for row in anonymous.get("/api/v1/claims/", params).json()["results"]]

    # Twice in one article, listed once.
    assert ids(article=caption.source_id) == [claim.pk]
    assert ids(article=earlier.source_id) == [claim.pk]
    assert ids(made_before="2014-08-25") == [claim.pk]
    assert ids(made_after="2014-08-26") == []
    assert ids(search="unequipped and unmarked") == [claim.pk]


def test_a_claim_logged_with_a_translated_quote_makes_its_first_appearance(
    researcher_api, researcher
):
    source = SourceFactory()

    response = researcher_api.post(
        "/api/v1/claims/",
        {
            "text": "The paratroopers crossed the border by accident.",
            "claimant_id": ClaimantFactory().pk,
            "appearance_id": source.pk,
            "quote": "We didn't know we had crossed the border",
            "position": 2,
            "made_on": "2014-08-26",
            "language": "en",
            "original_language": "ru",
            "translated_by": "outlet",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    (appearance,) = body["appearances"]
    assert appearance["source"]["id"] == source.pk
    assert (appearance["original_language"], appearance["translated_by"]) == ("ru", "outlet")
    assert (body["quote"], body["position"], body["made_on"]) == (
        "We didn't know we had crossed the border",
        2,
        "2014-08-26",
    )
    claim = Claim.objects.get(pk=body["id"])
    assert claim.first_appearance_id == appearance["id"]
    assert claim.first_appearance.created_by == researcher


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quote": "  "}, "quote"),
        ({"language": "not a language"}, "language"),
        ({"original_language": "ru"}, "translated_by"),
    ],
)
def test_a_claim_logged_with_bad_appearance_fields_names_the_field(researcher_api, fields, field):
    body = {
        "text": "A claim.",
        "claimant_id": ClaimantFactory().pk,
        "appearance_id": SourceFactory().pk,
        "quote": "the words",
    }

    response = researcher_api.post("/api/v1/claims/", {**body, **fields}, format="json")

    assert list(_error(response, 400)["fields"]) == [field]
    assert not Claim.objects.exists()


def test_a_claim_logged_with_words_another_claim_has_there_is_a_conflict(
    researcher_api, draft_claim
):
    first = draft_claim.first_appearance

    response = researcher_api.post(
        "/api/v1/claims/",
        {
            "text": "The same thing, logged again.",
            "claimant_id": draft_claim.claimant_id,
            "appearance_id": first.source_id,
            "quote": first.quote,
        },
        format="json",
    )

    assert _error(response, 409)["code"] == "appearance_exists"
    assert Claim.objects.count() == 1


def test_patching_a_claims_quote_and_place_edits_its_first_appearance(researcher_api, draft_claim):
    other = SourceFactory()
    first = draft_claim.first_appearance

    response = researcher_api.patch(
        f"/api/v1/claims/{draft_claim.pk}/",
        {"quote": "the corrected words", "appearance_id": other.pk, "made_on": "2014-08-20"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["quote"] == "the corrected words"
    assert response.json()["appearance"]["id"] == other.pk
    first.refresh_from_db()
    assert (first.quote, first.source, first.made_on) == (
        "the corrected words",
        other,
        datetime.date(2014, 8, 20),
    )
    assert first.history.first().history_change_reason == "edited"


def test_a_researcher_may_not_patch_the_quote_of_a_published_claim_but_a_reviewer_may(
    researcher_api, reviewer_api, published_claim
):
    url = f"/api/v1/claims/{published_claim.pk}/"

    refused = researcher_api.patch(
        url, {"quote": "words nobody rated", "place": "Kyiv"}, format="json"
    )
    assert _error(refused, 403)["code"] == "review_required"
    published_claim.refresh_from_db()
    assert published_claim.place != "Kyiv"  # nothing of the request was written

    same = researcher_api.patch(
        url, {"quote": published_claim.first_appearance.quote}, format="json"
    )
    assert same.status_code == 200, same.json()

    allowed = reviewer_api.patch(url, {"quote": "the words as published"}, format="json")
    assert allowed.status_code == 200, allowed.json()
    assert allowed.json()["appearances"][0]["quote"] == "the words as published"


def test_hops_name_their_appearance_and_read_its_claim(reviewer_api, travelled):
    # A reviewer: the claim is published, so its chains are a reviewer's to extend.
    claim, earlier, _ = travelled
    claimant = ClaimantFactory()

    # Position 1 is taken in the first appearance's chain, not in this one's.
    added = reviewer_api.post(
        "/api/v1/attributions/",
        {"appearance": earlier.pk, "position": 2, "claimant_id": claimant.pk, "verb": "citing"},
        format="json",
    )
    taken = reviewer_api.post(
        "/api/v1/attributions/",
        {"appearance": earlier.pk, "position": 2, "claimant_id": claimant.pk},
        format="json",
    )
    old_style = reviewer_api.post(
        "/api/v1/attributions/",
        {"claim": claim.pk, "position": 3, "claimant_id": claimant.pk},
        format="json",
    )

    assert added.status_code == 201, added.json()
    assert (added.json()["appearance"], added.json()["claim"]) == (earlier.pk, claim.pk)
    assert _error(taken, 400)["fields"]["non_field_errors"] == [
        "This appearance already has a hop at this position."
    ]
    assert "send appearance" in _error(old_style, 400)["fields"]["claim"][0]
    assert Attribution.objects.filter(appearance=earlier).count() == 2


def test_hops_filter_by_claim_across_its_appearances_and_by_appearance(anonymous, travelled):
    claim, earlier, _ = travelled

    def positions(**params):
        rows = anonymous.get("/api/v1/attributions/", params).json()["results"]
        return sorted((row["appearance"], row["position"]) for row in rows)

    first = claim.appearances.exclude(pk=earlier.pk).order_by("pk").first().pk
    assert positions(claim=claim.pk) == sorted([(earlier.pk, 1), (first, 1), (first, 2)])
    assert positions(appearance=earlier.pk) == [(earlier.pk, 1)]
