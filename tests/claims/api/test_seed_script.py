"""What a newsroom's script does: log the seed article claim by claim with a researcher's
token, publish verdicts with a reviewer's token, and read back exactly what readers see."""

import pytest
from django.urls import reverse

from claims.demo import ARTICLE, CLAIMANTS, CLAIMS, TOPICS
from claims.models import Claim, Topic
from tests.claims.helpers import token_client

pytestmark = pytest.mark.django_db


def _ok(response, status=201) -> dict:
    assert response.status_code == status, response.json()
    return response.json()


def test_a_script_logs_the_seed_article_and_publishes_what_a_reviewer_rated(
    researcher, reviewer, anonymous, client
):
    for slug, name in TOPICS.items():
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    researcher_api, reviewer_api = token_client(researcher), token_client(reviewer)

    article = _ok(
        researcher_api.post(
            "/api/v1/sources/",
            {**ARTICLE, "published_on": str(ARTICLE["published_on"])},
            format="json",
        )
    )
    claimants = {
        slug: _ok(
            researcher_api.post(
                "/api/v1/claimants/",
                {"name": name, "slug": slug, "kind": kind, "affiliation": affiliation},
                format="json",
            )
        )["id"]
        for slug, (name, kind, affiliation) in CLAIMANTS.items()
    }
    logged = []
    for position, demo in enumerate(CLAIMS, start=1):
        claim = _ok(
            researcher_api.post(
                "/api/v1/claims/",
                {
                    "slug": demo.slug,
                    "text": demo.text,
                    "quote": demo.quote,
                    "appearance_id": article["id"],
                    "position": position,
                    "claimant_id": claimants[demo.claimant],
                    "made_on": str(demo.made_on),
                    "topics": list(demo.topics),
                    "place": demo.place,
                },
                format="json",
            )
        )
        for hop, (claimant_slug, verb) in enumerate(demo.chain, start=1):
            _ok(
                researcher_api.post(
                    "/api/v1/attributions/",
                    {
                        "claim": claim["id"],
                        "position": hop,
                        "claimant_id": claimants[claimant_slug],
                        "verb": verb,
                    },
                    format="json",
                )
            )
        _ok(
            researcher_api.post(
                "/api/v1/citations/",
                {"claim": claim["id"], "source_id": article["id"], "role": "origin"},
                format="json",
            )
        )
        logged.append(claim["id"])
    assert len(logged) == len(CLAIMS) >= 12

    by_accident = Claim.objects.get(slug="captured-soldiers-crossed-by-accident")
    assert [a.claimant.name for a in by_accident.attributions.all()] == [
        "Reuters",
        "Russian news agencies",
        "Unnamed defence ministry source",
    ]

    rated = logged[:2]
    for claim_id in rated:
        _ok(
            researcher_api.post(
                f"/api/v1/claims/{claim_id}/submit/", {"reviewer": reviewer.username}, "json"
            ),
            status=200,
        )
        verdict = _ok(
            reviewer_api.post(
                "/api/v1/verdicts/",
                {
                    "claim": claim_id,
                    "rating": "unproven",
                    "summary": "Only one side's account so far.",
                    "rationale": "No independent source confirms it.",
                },
                format="json",
            )
        )
        _ok(
            reviewer_api.post(f"/api/v1/verdicts/{verdict['id']}/publish/", {}, "json"),
            status=200,
        )

    public_api = _ok(anonymous.get("/api/v1/claims/", {"page_size": 100}), status=200)
    api_slugs = {c["slug"] for c in public_api["results"]}
    public_page = client.get(reverse("claims:list")).content.decode()
    page_slugs = {
        slug
        for slug in Claim.objects.values_list("slug", flat=True)
        if f"/claims/{slug}/" in public_page
    }
    assert (
        api_slugs
        == page_slugs
        == set(Claim.objects.filter(pk__in=rated).values_list("slug", flat=True))
    )
