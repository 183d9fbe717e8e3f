"""What a newsroom's script does: log the seed article claim by claim, each with every place
the article carries it, with a researcher's token, publish verdicts with a reviewer's token,
and read back exactly what readers see."""

import pytest
from django.urls import reverse

from claims.demo import ARTICLE, CLAIMANTS, CLAIMS, TOPICS, DemoAppearance
from claims.models import Appearance, Claim, Topic
from tests.claims.helpers import token_client

pytestmark = pytest.mark.django_db


def _ok(response, status=201) -> dict:
    assert response.status_code == status, response.json()
    return response.json()


def _appearance(demo: DemoAppearance) -> dict:
    """What a script sends of one appearance: where and in what words, and for words the
    outlet printed in its own translation, the language they were said in."""
    fields = {"quote": demo.quote, "position": demo.position, "made_on": str(demo.made_on)}
    if demo.translated_from:
        fields |= {"original_language": demo.translated_from, "translated_by": "outlet"}
    return fields


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
    logged = {}
    for demo in CLAIMS:
        first, *others = demo.appearances
        claim = _ok(
            researcher_api.post(
                "/api/v1/claims/",
                {
                    "slug": demo.slug,
                    "text": demo.text,
                    "claimant_id": claimants[demo.claimant],
                    "topics": list(demo.topics),
                    "place": demo.place,
                    "appearance_id": article["id"],
                    **_appearance(first),
                },
                format="json",
            )
        )
        appearances = [claim["appearances"][0]["id"]]
        for other in others:
            added = _ok(
                researcher_api.post(
                    "/api/v1/appearances/",
                    {"claim": claim["id"], "source_id": article["id"], **_appearance(other)},
                    format="json",
                )
            )
            appearances.append(added["id"])
        for appearance_id, said in zip(appearances, demo.appearances, strict=True):
            for hop, (claimant_slug, verb) in enumerate(said.chain, start=1):
                _ok(
                    researcher_api.post(
                        "/api/v1/attributions/",
                        {
                            "appearance": appearance_id,
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
        logged[demo.slug] = claim["id"]
    assert len(logged) == len(CLAIMS) >= 12

    by_accident = Appearance.objects.get(claim__slug="captured-soldiers-crossed-by-accident")
    assert [a.claimant.name for a in by_accident.attributions.all()] == [
        "Reuters",
        "Russian news agencies",
        "Unnamed defence ministry source",
    ]
    translated = Appearance.objects.filter(translated_by=Appearance.TranslatedBy.OUTLET)
    assert set(translated.values_list("claim__claimant__slug", "original_language")) == {
        ("ivan-milchankov", "ru")
    }

    # The two claims the article carries twice, in its text and a photo caption.
    twice = [demo for demo in CLAIMS if len(demo.appearances) == 2]
    rated = [logged[demo.slug] for demo in twice]
    assert len(rated) == 2
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
    read_back = {c["slug"]: c for c in public_api["results"]}
    for demo in twice:
        # First appearance first: the first logged, as both were published the same day.
        assert [
            (a["quote"], a["position"], a["source"]["url"])
            for a in read_back[demo.slug]["appearances"]
        ] == [(a.quote, a.position, ARTICLE["url"]) for a in demo.appearances]
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
