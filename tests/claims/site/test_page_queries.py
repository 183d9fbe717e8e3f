"""Each page costs a fixed number of queries whatever the number of rows (rendered uncached):
claims, and the appearances of each claim."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from claims.models import Citation, Claim, Rating, Verdict
from claims.quotes import verify
from sources.models import Capture, Source
from tests.factories import (
    AppearanceFactory,
    AttributionFactory,
    CaptureFactory,
    CitationFactory,
    ClaimantFactory,
    ClaimFactory,
    SourceFactory,
    TopicFactory,
    show_verdict,
)

pytestmark = pytest.mark.django_db


def publish_directly(claim: Claim, *, reviewer) -> Claim:
    """A corrected verdict on claim, written directly: the services' cost is not what is
    measured."""
    rating = Rating.objects.get(slug="false")
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
    return claim


def published_rows(n: int, *, article, claimant, reviewer) -> list[Claim]:
    """n public claims by one claimant, each appearing twice in one article (its text and a
    caption) and once elsewhere, each appearance with a chain; each claim with evidence,
    topics and a corrected verdict."""
    topic = TopicFactory()
    # One other outlet and two hops' claimants for every claim: what is counted is the
    # rows a page reads, and fewer rows to write keep the suite quick.
    elsewhere, agency, ministry = SourceFactory(), ClaimantFactory(), ClaimantFactory()
    claims = []
    for i in range(n):
        claim = ClaimFactory(
            appearance=article, position=i, claimant=claimant, status=Claim.Status.PUBLISHED
        )
        AppearanceFactory(claim=claim, source=article, position=1000 + i)
        AppearanceFactory(claim=claim, source=elsewhere, position=i)
        for appearance in claim.appearances.all():
            for position, hop in ((1, agency), (2, ministry)):
                AttributionFactory(appearance=appearance, position=position, claimant=hop)
        claim.topics.add(topic)
        CitationFactory(claim=claim, source=article, role=Citation.Role.ORIGIN)
        CitationFactory(claim=claim)
        claims.append(publish_directly(claim, reviewer=reviewer))
    return claims


@pytest.fixture(params=[1, 100], ids=["1-claim", "100-claims"])
def rows(request, reviewer):
    return published_rows(
        request.param, article=SourceFactory(), claimant=ClaimantFactory(), reviewer=reviewer
    )


def a_changed_source_with_the_words(words: str) -> Source:
    """A source whose archived text holds words, and which has changed since."""
    source = SourceFactory()
    CaptureFactory(
        source=source,
        status=Capture.Status.SUCCEEDED,
        text=f"Before. {words}. After.",
        finished_at=timezone.now(),
    )
    Source.objects.filter(pk=source.pk).update(health=Source.Health.CHANGED)
    return source


@pytest.fixture(params=[1, 100], ids=["1-appearance", "100-appearances"])
def travelled(request, reviewer):
    """A public claim with n appearances, each in its own source that changed since we
    archived the words in it, each with its own chain; and a claim related to it."""
    n = request.param
    claim = ClaimFactory(
        appearance=a_changed_source_with_the_words("the words of claim zero"),
        quote="the words of claim zero",
        status=Claim.Status.PUBLISHED,
    )
    for i in range(1, n):
        words = f"the words of appearance {i}"
        AppearanceFactory(claim=claim, source=a_changed_source_with_the_words(words), quote=words)
    for appearance in claim.appearances.all():
        verify(appearance)
        for position in (1, 2):
            AttributionFactory(appearance=appearance, position=position)
    claim.topics.add(TopicFactory(), TopicFactory())
    CitationFactory(claim=claim, role=Citation.Role.REFUTES)
    publish_directly(claim, reviewer=reviewer)
    claim.refresh_from_db()
    related = ClaimFactory(appearance=claim.first_appearance.source, status=Claim.Status.PUBLISHED)
    publish_directly(related, reviewer=reviewer)
    return claim


def get_uncached(client, url: str):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_it_reads_a_claim_page_in_the_same_queries_however_many_appearances(
    client, travelled, django_assert_num_queries
):
    # The claim; its appearances with their sources; their chains; the archived texts of
    # their verified words; the notices that their sources changed; evidence; topics; the
    # figures that disagree; the earlier verdict; related claims.
    with django_assert_num_queries(10):
        response = get_uncached(client, f"/claims/{travelled.slug}/")
    html = response.content.decode()
    count = travelled.appearances.count()
    assert html.count('class="appearance"') == count
    assert html.count("<mark>") == count
    assert html.count("has changed since we checked it") == count
    assert html.count('class="chain"') == count
    assert "More claims from the article" in html


def test_claim_page_queries(client, rows, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        get_uncached(client, f"/claims/{rows[0].slug}/")


def test_list_page_queries(client, rows, django_assert_max_num_queries):
    article = rows[0].first_appearance.source_id
    with django_assert_max_num_queries(6):
        get_uncached(client, "/claims/")
    with django_assert_max_num_queries(6):
        get_uncached(client, "/claims/?q=claim&rating=false&sort=rating")
    with django_assert_max_num_queries(6):
        listed = get_uncached(client, f"/claims/?article={article}&sort=made")
    assert listed.context["page"].count == len(rows)


def test_claimant_page_queries(client, rows, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = get_uncached(client, f"/claimants/{rows[0].claimant.slug}/")
    assert sum(rating.claims for rating in response.context["track_record"]) == len(rows)


def test_home_article_and_feed_queries(client, rows, django_assert_max_num_queries):
    article = rows[0].first_appearance.source_id
    for url in ("/", f"/articles/{article}/", "/feeds/verdicts.rss"):
        with django_assert_max_num_queries(6):
            get_uncached(client, url)
    listed = get_uncached(client, f"/articles/{article}/").content.decode()
    assert listed.count('class="claim-row"') == len(rows)
