import pytest
from django.core.cache import cache
from django.utils import timezone

from claims.models import Citation, Claimant
from tests.factories import (
    AttributionFactory,
    CitationFactory,
    ClaimantFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_the_latest_verdicts_with_rating_badges_and_checked_articles(client, publish):
    claim = publish(rating="false", text="The moon is made of cheese.")
    html = client.get("/").content.decode()
    assert "The moon is made of cheese." in html
    assert 'class="rating rating--false">False<' in html
    assert claim.first_appearance.source.title in html


def test_the_claim_page_shows_quote_chain_appearance_verdict_and_evidence(client, publish):
    claim = publish(rating="mixed", rationale="It is **half** right.", quote="the exact words")
    AttributionFactory(
        claim=claim, position=1, claimant=ClaimantFactory(name="Reuters"), verb="citing"
    )
    AttributionFactory(claim=claim, position=2, claimant=ClaimantFactory(name="A source"))
    CitationFactory(
        claim=claim, source=SourceFactory(title="A dataset"), role=Citation.Role.REFUTES
    )

    html = client.get(f"/claims/{claim.slug}/").content.decode()

    assert "the exact words" in html
    assert html.index("Reuters") < html.index("A source")
    assert "citing" in html
    assert f'href="/articles/{claim.first_appearance.source_id}/"' in html
    assert "Mixed" in html
    assert f"Summary of {claim.text}" in html
    assert "<strong>half</strong>" in html
    assert "Refutes" in html
    assert "A dataset" in html
    assert f'<link rel="canonical" href="http://testserver/claims/{claim.slug}/">' in html
    assert '<meta property="og:title"' in html


def test_a_correction_shows_its_date_note_and_earlier_rating(client, publish, correct):
    claim = publish(rating="true")
    correction = correct(claim, rating="mostly-true", note="It rounds up.")
    html = client.get(f"/claims/{claim.slug}/").content.decode()
    correction.refresh_from_db()
    published = timezone.localtime(correction.published_at)
    assert (
        f'Corrected on <time datetime="{published.isoformat()}">{published:%-d %B %Y}</time>'
        in html
    )
    assert "It rounds up." in html
    assert "(earlier rating: True)" in html


def test_user_text_is_escaped_and_only_the_sanitised_rationale_is_html(client, publish):
    claim = publish(
        text="<b>bold claim</b>", quote="<i>quoted</i>", rationale="<script>alert(1)</script>Ok"
    )
    html = client.get(f"/claims/{claim.slug}/").content.decode()
    assert "<b>bold claim</b>" not in html
    assert "&lt;b&gt;bold claim&lt;/b&gt;" in html
    assert "<i>quoted</i>" not in html
    assert "alert(1)" not in html


def test_related_claims_come_from_the_same_article(client, publish):
    article = SourceFactory()
    claim = publish(appearance=article, text="First claim.")
    publish(appearance=article, text="Second claim.")
    publish(text="Elsewhere claim.")
    html = client.get(f"/claims/{claim.slug}/").content.decode()
    assert "Second claim." in html
    assert "Elsewhere claim." not in html


def test_search_finds_claims_by_text_quote_and_claimant(client, publish):
    publish(text="Shells hit the hospital.", quote="seven shells")
    publish(text="Population of a million.", claimant=ClaimantFactory(name="Statistics Office"))
    assert "Shells hit the hospital." in client.get("/claims/?q=hospital").content.decode()
    assert "Shells hit the hospital." in client.get("/claims/?q=shells").content.decode()
    found = client.get("/claims/?q=statistics").content.decode()
    assert "Population of a million." in found
    assert "Shells hit the hospital." not in found


def test_the_list_filters_by_rating_claimant_topic_article_and_date(client, publish):
    topic = TopicFactory(slug="shelling")
    shelled = publish(rating="false", text="Shelled claim.")
    shelled.topics.add(topic)
    other = publish(rating="true", text="Other claim.")

    def listed(query: str) -> str:
        return client.get(f"/claims/?{query}").content.decode()

    assert "Other claim." not in listed("rating=false")
    assert "Shelled claim." in listed("rating=false")
    assert "Shelled claim." not in listed(f"claimant={other.claimant.slug}")
    assert "Other claim." not in listed("topic=shelling")
    assert "Other claim." not in listed(f"article={shelled.first_appearance.source_id}")
    assert "Other claim." not in listed("made_from=2014-08-27")
    assert "Other claim." in listed("made_to=2014-08-26")


def test_the_list_sorts_and_paginates(client, publish):
    for n in range(25):
        publish(text=f"Claim {n:02d} for paging.")
    first = client.get("/claims/").content.decode()
    assert "Claim 24 for paging." in first
    assert "Page 1 of 2" in first
    oldest = client.get("/claims/?sort=oldest&page=2").content.decode()
    assert "Claim 24 for paging." in oldest
    assert "Claim 00 for paging." not in oldest


def test_the_article_page_lists_its_published_claims_in_order(client, publish, researcher):
    from tests.factories import ReadyClaimFactory

    article = SourceFactory()
    publish(appearance=article, text="Second in the article.", position=2)
    publish(appearance=article, text="First in the article.", position=1)
    ReadyClaimFactory(appearance=article, text="Still a draft.", created_by=researcher)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert html.index("First in the article.") < html.index("Second in the article.")
    assert "Still a draft." not in html


def test_the_claimant_page_counts_published_verdicts_per_rating(client, publish):
    claimant = ClaimantFactory(name="Minister")
    publish(claimant=claimant, rating="false")
    publish(claimant=claimant, rating="false")
    publish(claimant=claimant, rating="true")
    response = client.get(f"/claimants/{claimant.slug}/")
    rows = {r.slug: r.claims for r in response.context["track_record"]}
    assert rows == {
        "true": 1,
        "mostly-true": 0,
        "mixed": 0,
        "mostly-false": 0,
        "false": 2,
        "unproven": 0,
    }


def test_the_ratings_page_documents_the_whole_scale(client):
    html = client.get("/ratings/").content.decode()
    for label in ("True", "Mostly true", "Mixed", "Mostly false", "False", "Unproven"):
        assert f">{label}</span>" in html
    assert "not on the scale" in html


def test_feeds_list_published_verdicts(client, publish):
    publish(rating="false", text="Feed claim.")
    rss = client.get("/feeds/verdicts.rss")
    atom = client.get("/feeds/verdicts.atom")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "False: Feed claim." in rss.content.decode()
    assert "False: Feed claim." in atom.content.decode()


def test_public_pages_carry_security_headers(client, publish):
    claim = publish()
    response = client.get(f"/claims/{claim.slug}/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# Caching


def test_a_matching_if_none_match_gets_304(client, publish):
    claim = publish()
    first = client.get(f"/claims/{claim.slug}/")
    etag = first["ETag"]
    again = client.get(f"/claims/{claim.slug}/", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_with_the_cache_off_every_page_is_rendered_again_and_still_answers_304(
    client, publish, settings
):
    settings.CLAIMTRAIL_PAGE_CACHE_SECONDS = 0
    claim = publish()
    first = client.get(f"/claims/{claim.slug}/")
    again = client.get(f"/claims/{claim.slug}/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    # Written around the services and the admin, so nothing marks the page stale: only
    # rendering it again shows the change.
    Claimant.objects.filter(pk=claim.claimant_id).update(name="Renamed Ministry")
    assert "Renamed Ministry" in client.get(f"/claims/{claim.slug}/").content.decode()


def test_publishing_refreshes_cached_pages(client, publish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(text="Before.")
    before = client.get("/")
    assert "Before." in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish(text="After.")
    after = client.get("/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "After." in after.content.decode()


def test_unpublishing_removes_a_cached_claim(
    client, publish, reviewer, django_capture_on_commit_callbacks
):
    from claims.services import claim_unpublish

    with django_capture_on_commit_callbacks(execute=True):
        claim = publish()
    assert client.get(f"/claims/{claim.slug}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        claim_unpublish(claim=claim, by=reviewer, reason="Retracted.")
    assert client.get(f"/claims/{claim.slug}/").status_code == 404


def test_a_cached_page_is_served_without_queries(client, publish, django_assert_num_queries):
    claim = publish()
    client.get(f"/claims/{claim.slug}/")
    with django_assert_num_queries(0):
        assert client.get(f"/claims/{claim.slug}/").status_code == 200
    assert cache.get("claimtrail:public-version")


def test_evidence_links_to_the_latest_archived_copy(client, publish):
    from django.utils import timezone

    from sources.models import Capture
    from tests.factories import CaptureFactory

    claim = publish()
    capture = CaptureFactory(
        source=claim.first_appearance.source,
        status=Capture.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    html = client.get(f"/claims/{claim.slug}/").content.decode()
    assert html.count(f'href="/archive/{capture.pk}/">archived copy</a>') == 2  # appearance, origin


def test_the_claim_page_highlights_the_verified_quote_in_the_archived_text(client, publish):
    from claims.quotes import verify
    from tests.factories import CaptureFactory

    claim = publish(quote="Seven shells hit the territory of Kalinina hospital")
    CaptureFactory(
        source=claim.first_appearance.source,
        status="succeeded",
        text=(
            "Shelling continued on Sunday. Seven shells hit the territory of Kalinina "
            "hospital in Donetsk on Sunday morning, staff said."
        ),
    )
    verify(claim.first_appearance)
    page = client.get(f"/claims/{claim.slug}/").content.decode()
    assert "Shelling continued on Sunday. <mark>Seven shells hit the territory of Kalinina" in page
    assert "hospital</mark> in Donetsk on Sunday morning" in page


def test_the_claim_page_shows_no_excerpt_for_a_quote_not_found(client, publish):
    from claims.quotes import verify
    from tests.factories import CaptureFactory

    claim = publish(quote="words that the article never printed")
    CaptureFactory(
        source=claim.first_appearance.source, status="succeeded", text="Something else entirely."
    )
    verify(claim.first_appearance)
    page = client.get(f"/claims/{claim.slug}/").content.decode()
    assert "<mark>" not in page
    assert "We found these exact words" not in page
