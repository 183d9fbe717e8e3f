import pytest
from django.utils import timezone

from claims import services
from claims.models import Verdict
from claims.visibility import public_claims
from sources.models import Capture
from tests.claims.helpers import publish
from tests.factories import CaptureFactory, CitationFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_clients_list_only_published_claims(anonymous, published_claim, draft_claim):
    response = anonymous.get("/api/v1/claims/")

    assert response.status_code == 200
    assert _ids(response) == set(public_claims().values_list("pk", flat=True))
    assert _ids(response) == {published_claim.pk}


def test_a_draft_claim_is_not_found_for_anonymous_clients_not_forbidden(anonymous, draft_claim):
    response = anonymous.get(f"/api/v1/claims/{draft_claim.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_claim_embeds_its_verdict_rating_claimant_and_attribution_chain(
    anonymous, published_claim
):
    body = anonymous.get(f"/api/v1/claims/{published_claim.pk}/").json()

    assert body["claimant"]["name"] == published_claim.claimant.name
    assert body["verdict"]["rating"]["slug"] == "false"
    assert body["verdict"]["rationale_html"] == "<p>Newer figures <em>say otherwise</em>.</p>"
    assert [(hop["position"], hop["verb"]) for hop in body["attributions"]] == [
        (1, "citing"),
        (2, "said"),
    ]
    assert body["attributions"][1]["claimant"]["name"] == "A ministry"


def test_staff_see_drafts_and_may_filter_by_status(researcher_api, published_claim, draft_claim):
    response = researcher_api.get("/api/v1/claims/", {"status": "draft"})

    assert _ids(response) == {draft_claim.pk}


def test_anonymous_clients_see_published_and_superseded_verdicts_only(
    anonymous, published_claim, draft_claim, reviewer, researcher
):
    response = anonymous.get("/api/v1/verdicts/")

    assert _ids(response) == set(
        Verdict.objects.filter(claim=published_claim).values_list("pk", flat=True)
    )


def test_it_hides_a_draft_corrections_wording_from_anonymous_readers(
    anonymous, published_claim, reviewer
):
    draft = services.verdict_correct(
        verdict=published_claim.published_verdict,
        by=reviewer,
        correction_note="Draft note: the ministry retracted its figure.",
        summary="Draft summary: mostly true after all.",
        rationale="Draft rationale: *unpublished* reasoning.",
    )
    draft_words = ["Draft note", "Draft summary", "Draft rationale", "unpublished"]

    responses = [
        anonymous.get("/api/v1/verdicts/"),
        anonymous.get("/api/v1/verdicts/", {"claim": published_claim.pk}),
        anonymous.get(f"/api/v1/verdicts/{published_claim.published_verdict_id}/"),
        anonymous.get("/api/v1/claims/"),
        anonymous.get(f"/api/v1/claims/{published_claim.pk}/"),
        anonymous.get("/api/v1/claimreviews/"),
        anonymous.get(f"/api/v1/claimreviews/{published_claim.pk}/"),
    ]

    for response in responses:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert not [w for w in draft_words if w in response.content.decode()], response.json()
    assert draft.pk not in _ids(responses[0])
    assert anonymous.get(f"/api/v1/verdicts/{draft.pk}/").status_code == 404


def test_anonymous_clients_see_only_sources_that_published_claims_cite(
    anonymous, published_claim, draft_claim
):
    extra = SourceFactory()
    CitationFactory(claim=published_claim, source=extra)
    SourceFactory()

    response = anonymous.get("/api/v1/sources/")

    assert _ids(response) == {published_claim.first_appearance.source_id, extra.pk}
    assert (
        anonymous.get(f"/api/v1/sources/{draft_claim.first_appearance.source_id}/").status_code
        == 404
    )


def test_a_source_says_its_link_health_and_latest_archived_copy(anonymous, published_claim):
    capture = CaptureFactory(
        source=published_claim.first_appearance.source,
        status=Capture.Status.SUCCEEDED,
        finished_at=timezone.now(),
        text="The article as we archived it.",
    )

    body = anonymous.get(f"/api/v1/sources/{published_claim.first_appearance.source_id}/").json()

    assert (body["health"], body["archived_copy"]) == ("ok", capture.pk)
    assert body["health_checked_at"] is not None


def test_anonymous_clients_see_claimants_of_published_claims_and_their_chains(
    anonymous, published_claim, draft_claim
):
    names = {row["name"] for row in anonymous.get("/api/v1/claimants/").json()["results"]}

    assert "A ministry" in names
    assert published_claim.claimant.name in names
    assert "Hidden" not in names


def test_citations_and_attributions_of_drafts_are_hidden(anonymous, published_claim, draft_claim):
    citations = anonymous.get("/api/v1/citations/").json()["results"]
    attributions = anonymous.get("/api/v1/attributions/").json()["results"]

    assert {row["claim"] for row in citations} == {published_claim.pk}
    assert {row["claim"] for row in attributions} == {published_claim.pk}


def test_claims_filter_by_rating_claimant_topic_article_and_search(anonymous, published_claim):
    claim_id = {published_claim.pk}
    assert _ids(anonymous.get("/api/v1/claims/", {"rating": "false"})) == claim_id
    assert _ids(anonymous.get("/api/v1/claims/", {"rating": "true"})) == set()
    slug = published_claim.claimant.slug
    assert _ids(anonymous.get("/api/v1/claims/", {"claimant": slug})) == claim_id
    article = published_claim.first_appearance.source_id
    assert _ids(anonymous.get("/api/v1/claims/", {"article": article})) == claim_id
    assert _ids(anonymous.get("/api/v1/claims/", {"search": published_claim.text[:12]})) == claim_id
    assert _ids(anonymous.get("/api/v1/claims/", {"made_after": "2015-01-01"})) == set()


def test_ordering_outside_the_allowlist_is_ignored(anonymous, published_claim):
    response = anonymous.get("/api/v1/claims/", {"ordering": "quote"})

    assert response.status_code == 200


def test_lists_are_cursor_paginated(anonymous, published_claim, researcher, reviewer):
    for _ in range(2):
        publish(ReadyClaimFactory(created_by=researcher), researcher=researcher, reviewer=reviewer)

    first = anonymous.get("/api/v1/claims/", {"page_size": 2}).json()
    second = anonymous.get(first["next"]).json()

    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert "cursor=" in first["next"]


def test_the_rating_scale_is_public(anonymous):
    labels = [row["label"] for row in anonymous.get("/api/v1/ratings/").json()["results"]]

    assert {"True", "False", "Unproven"} <= set(labels)
