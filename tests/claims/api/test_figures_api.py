"""Figures over the API: each appearance's figures nested in it, and each claim's
comparison of its appearances' figures in one unit."""

import pytest

from claims.models import Citation
from claims.services import appearance_add, claim_create, figure_remove
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
