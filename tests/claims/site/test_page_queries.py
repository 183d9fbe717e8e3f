"""Each page costs a fixed number of queries whatever the number of rows (rendered uncached)."""

import pytest
from django.core.cache import cache

from claims.models import Citation, Claim, Rating, Verdict
from tests.factories import (
    AttributionFactory,
    CitationFactory,
    ClaimantFactory,
    ClaimFactory,
    SourceFactory,
    TopicFactory,
    show_verdict,
)

pytestmark = pytest.mark.django_db


def published_rows(n: int, *, article, claimant, reviewer) -> list[Claim]:
    """n public claims in one article by one claimant, each with a chain, evidence, topics and
    a corrected verdict: written directly, since the services' cost is not what is measured."""
    rating = Rating.objects.get(slug="false")
    topic = TopicFactory()
    claims = []
    for _ in range(n):
        claim = ClaimFactory(appearance=article, claimant=claimant, status=Claim.Status.PUBLISHED)
        claim.topics.add(topic)
        for position in (1, 2):
            AttributionFactory(claim=claim, position=position)
        CitationFactory(claim=claim, source=article, role=Citation.Role.ORIGIN)
        CitationFactory(claim=claim)
        Verdict.objects.create(
            claim=claim,
            rating=rating,
            summary="Wrong.",
            status=Verdict.Status.SUPERSEDED,
            published_at="2026-01-01T00:00Z",
            reviewer=reviewer,
        )
        current = Verdict.objects.create(
            claim=claim,
            rating=rating,
            summary="Still wrong.",
            status=Verdict.Status.PUBLISHED,
            published_at="2026-01-02T00:00Z",
            version=2,
            correction_note="Reworded.",
            reviewer=reviewer,
        )
        show_verdict(current)
        claims.append(claim)
    return claims


@pytest.fixture(params=[1, 100], ids=["1-row", "100-rows"])
def rows(request, reviewer):
    article = SourceFactory()
    claimant = ClaimantFactory()
    claims = published_rows(request.param, article=article, claimant=claimant, reviewer=reviewer)
    return claims


def get_uncached(client, url: str):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_claim_page_queries(client, rows, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        get_uncached(client, f"/claims/{rows[0].slug}/")


def test_list_page_queries(client, rows, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        get_uncached(client, "/claims/")
    with django_assert_max_num_queries(6):
        get_uncached(client, "/claims/?q=claim&rating=false&sort=rating")
    with django_assert_max_num_queries(6):
        get_uncached(client, f"/claims/?article={rows[0].appearance_id}&sort=made")


def test_claimant_page_queries(client, rows, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        get_uncached(client, f"/claimants/{rows[0].claimant.slug}/")


def test_home_article_and_feed_queries(client, rows, django_assert_max_num_queries):
    for url in ("/", f"/articles/{rows[0].appearance_id}/", "/feeds/verdicts.rss"):
        with django_assert_max_num_queries(6):
            get_uncached(client, url)
