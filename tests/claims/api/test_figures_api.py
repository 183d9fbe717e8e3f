"""Figures over the API: each appearance's figures nested in it, and each claim's
comparison of its appearances' figures in one unit."""

import pytest

from claims.models import Citation
from claims.services import (
    appearance_add,
    appearance_update,
    claim_create,
    figure_remove,
    figure_update,
)
from tests.claims.helpers import publish
from tests.factories import CitationFactory, ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(researcher, reviewer):
    """The seed article's march, and two other outlets' accounts of it."""
    article = SourceFactory(title="VICE News")
    claim = claim_create(
        by=researcher,
        text="The paratroopers were on a three-day, 45-mile march.",
        claimant=ClaimantFactory(name="Ivan Milchankov"),
        source=article,
        quote="a planned three-day, 45-mile march",
    )
    CitationFactory(claim=claim, source=article, role=Citation.Role.ORIGIN)
    appearance_add(
        claim=claim, by=researcher, source=SourceFactory(), quote="a 70-kilometre, three-day march"
    )
    publish(claim, researcher=researcher, reviewer=reviewer)
    return claim


def _comparisons(client, claim) -> dict:
    body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    return {c["kind"]: c for c in body["figure_comparisons"]}


def test_each_appearance_carries_its_figures_with_their_span_and_unit(anonymous, march):
    body = anonymous.get(f"/api/v1/claims/{march.pk}/").json()
    first = body["appearances"][0]

    assert [
        (f["words"], f["value"], f["unit"], f["kind"], f["normalised_unit"])
        for f in first["figures"]
    ] == [
        ("three-day", 3, "day", "duration", "day"),
        ("45-mile", 45, "mile", "distance", "kilometre"),
    ]
    words = first["figures"][1]
    assert first["quote"][words["span"][0] : words["span"][1]] == "45-mile"
    assert round(words["normalised_value"], 1) == 72.4
    listed = anonymous.get(f"/api/v1/appearances/?claim={march.pk}").json()["results"]
    assert [len(a["figures"]) for a in listed] == [2, 2]


def test_a_claim_says_whether_its_appearances_figures_agree(anonymous, march):
    compared = _comparisons(anonymous, march)

    assert compared["distance"]["label"] == "agree"  # 72.4 km and 70 km
    assert [
        (f["words"], round(f["normalised_value"], 1)) for f in compared["distance"]["figures"]
    ] == [("45-mile", 72.4), ("70-kilometre", 70.0)]
    assert compared["duration"]["label"] == "agree"


def test_a_third_account_far_off_makes_the_distance_differ(anonymous, march, reviewer, researcher):
    appearance_add(claim=march, by=reviewer, source=SourceFactory(), quote="a 100 km march")

    assert _comparisons(anonymous, march)["distance"]["label"] == "differ"


def test_a_removed_figure_is_neither_shown_nor_compared(anonymous, march, reviewer):
    second = march.appearances.order_by("pk").last()
    figure_remove(figure=second.figures.get(kind="distance"), by=reviewer)

    body = anonymous.get(f"/api/v1/claims/{march.pk}/").json()
    assert [f["kind"] for f in body["appearances"][1]["figures"]] == ["duration"]
    assert "distance" not in _comparisons(anonymous, march)


def test_a_drafts_figures_are_not_shown_to_readers(anonymous, researcher, researcher_api):
    draft = claim_create(
        by=researcher,
        text="Seven shells hit the hospital.",
        claimant=ClaimantFactory(),
        source=SourceFactory(),
        quote="Seven shells hit the hospital",
    )

    assert anonymous.get(f"/api/v1/claims/{draft.pk}/").status_code == 404
    listed = anonymous.get(f"/api/v1/appearances/?claim={draft.pk}")
    assert listed.status_code in (200, 400)
    assert "Seven" not in listed.content.decode()
    staff = researcher_api.get(f"/api/v1/claims/{draft.pk}/").json()
    assert staff["appearances"][0]["figures"][0]["value"] == 7


@pytest.fixture
def draft(researcher):
    return claim_create(
        by=researcher,
        text="At least 344,000 people have fled.",
        claimant=ClaimantFactory(),
        source=SourceFactory(),
        quote="At least 344,000 people have fled and more than 2,000 have been killed.",
    )


def test_a_researcher_enters_corrects_and_removes_figures(researcher_api, draft):
    appearance = draft.first_appearance
    entered = researcher_api.post(
        "/api/v1/figures/",
        {"appearance": appearance.pk, "words": "people", "value": 3, "kind": "other"},
        format="json",
    )
    assert entered.status_code == 201, entered.json()
    assert (entered.json()["origin"], entered.json()["span"]) == ("entered", [17, 23])

    killed = appearance.figures.get(kind="killed")
    corrected = researcher_api.patch(
        f"/api/v1/figures/{killed.pk}/", {"value": 2100}, format="json"
    )
    assert (corrected.status_code, corrected.json()["origin"]) == (200, "corrected")

    fled = appearance.figures.get(kind="fled")
    assert researcher_api.delete(f"/api/v1/figures/{fled.pk}/").status_code == 204
    listed = researcher_api.get(f"/api/v1/figures/?appearance={appearance.pk}").json()
    assert [f["words"] for f in listed["results"]] == ["people", "more than 2,000"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"words": "two million", "value": 2e6}, "words"),
        ({"words": "344,000", "value": "many"}, "value"),
        ({"words": "344,000", "value": 344_000, "upper": 1}, "upper"),
        ({"words": "344,000", "value": 344_000, "kind": "dead"}, "kind"),
        ({"words": "344,000", "value": 344_000, "colour": "red"}, "colour"),
    ],
)
def test_a_figure_that_is_not_in_the_quote_or_not_a_figure_gets_a_400_naming_the_field(
    researcher_api, draft, body, field
):
    response = researcher_api.post(
        "/api/v1/figures/", {"appearance": draft.first_appearance_id, **body}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["fields"], response.json()
    assert draft.first_appearance.figures.count() == 2


def test_on_a_published_claim_a_researchers_correction_is_a_403(
    researcher_api, reviewer_api, march
):
    figure = march.first_appearance.figures.get(kind="distance")

    refused = researcher_api.patch(f"/api/v1/figures/{figure.pk}/", {"value": 44}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "review_required")
    accepted = reviewer_api.patch(f"/api/v1/figures/{figure.pk}/", {"value": 44}, format="json")
    assert accepted.status_code == 200


def test_readers_list_only_the_figures_of_published_claims(anonymous, march, draft):
    listed = anonymous.get("/api/v1/figures/?page_size=100").json()["results"]

    assert {f["appearance"] for f in listed} == set(march.appearances.values_list("pk", flat=True))
    assert anonymous.post("/api/v1/figures/", {}, format="json").status_code in (401, 403)


def test_a_stale_figure_is_shown_flagged_and_compared_with_nothing(anonymous, march, reviewer):
    second = march.appearances.order_by("pk").last()
    distance = second.figures.get(kind="distance")
    figure_update(figure=distance, by=reviewer, value=70)
    appearance_update(appearance=second, by=reviewer, quote="a three-day march")

    body = anonymous.get(f"/api/v1/claims/{march.pk}/").json()
    assert {(f["words"], f["stale"]) for f in body["appearances"][1]["figures"]} == {
        ("three-day", False),
        ("70-kilometre", True),
    }
    assert "distance" not in _comparisons(anonymous, march)
