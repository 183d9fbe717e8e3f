import datetime
import json
import re

import pytest

from claims.claimreview import claim_review
from claims.models import Claim, Claimant
from tests.factories import AppearanceFactory, ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_claim_review(client, claim) -> dict:
    response = client.get(f"/claims/{claim.slug}/")
    assert response.status_code == 200
    (block,) = JSON_LD.findall(response.content.decode())
    return json.loads(block)


def test_the_claim_page_carries_every_claimreview_field(client, publish, settings):
    settings.CLAIMTRAIL_PUBLISHER_NAME = "Example Fact Check"
    settings.CLAIMTRAIL_PUBLISHER_URL = "https://factcheck.example.org"
    article = SourceFactory(
        url="https://news.example.org/story", title="The story", publisher="Example News"
    )
    claim = publish(
        rating="mostly-false",
        text="Seven shells hit the hospital.",
        appearance=article,
        claimant=ClaimantFactory(name="Jane Doe", kind=Claimant.Kind.PERSON),
    )
    verdict = claim.verdicts.get()
    work = {
        "@type": "CreativeWork",
        "url": "https://news.example.org/story",
        "headline": "The story",
        "publisher": {"@type": "Organization", "name": "Example News"},
        "datePublished": "2014-08-26",
    }

    review = page_claim_review(client, claim)

    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"http://testserver/claims/{claim.slug}/",
        "claimReviewed": "Seven shells hit the hospital.",
        "datePublished": verdict.published_at.date().isoformat(),
        "author": {
            "@type": "Organization",
            "name": "Example Fact Check",
            "url": "https://factcheck.example.org",
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Mostly false",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Doe"},
            "datePublished": "2014-08-26",
            "appearance": [work],
            "firstAppearance": work,
        },
    }


def test_every_page_the_claim_appeared_in_is_listed_first_appearance_first(
    client, publish, django_assert_num_queries
):
    claim = publish(
        appearance=SourceFactory(url="https://news.example.org/later"),
        made_on=datetime.date(2014, 8, 28),
    )
    AppearanceFactory(
        claim=claim,
        source=SourceFactory(url="https://news.example.org/first", published_on=None),
        made_on=datetime.date(2014, 8, 25),
    )
    AppearanceFactory(
        claim=claim, source=SourceFactory(url="https://news.example.org/undated"), made_on=None
    )
    claim = Claim.objects.select_related("claimant").get(pk=claim.pk)

    # Its verdicts, then every appearance with its source: one query, however many.
    with django_assert_num_queries(2):
        item = claim_review(claim, base_url="https://x.example")["itemReviewed"]

    assert [w["url"] for w in item["appearance"]] == [
        "https://news.example.org/first",
        "https://news.example.org/later",
        "https://news.example.org/undated",
    ]
    assert item["firstAppearance"] == item["appearance"][0]
    assert "datePublished" not in item["firstAppearance"], "its source has no date"
    assert item["datePublished"] == "2014-08-25", "the first appearance's date"
    assert page_claim_review(client, claim)["itemReviewed"] == item


def test_a_claim_an_article_carries_twice_lists_the_article_once(publish):
    article = SourceFactory(url="https://news.example.org/story")
    claim = publish(appearance=article, quote="seven shells hit the hospital")
    AppearanceFactory(claim=claim, source=article, position=9, quote="six other shells hit it")
    elsewhere = AppearanceFactory(claim=claim, made_on=datetime.date(2014, 8, 30))

    item = claim_review(claim, base_url="https://x.example")["itemReviewed"]

    assert [w["url"] for w in item["appearance"]] == [article.url, elsewhere.source.url]
    assert item["firstAppearance"]["url"] == article.url


def test_unproven_has_no_rating_value_but_keeps_its_name(publish):
    claim = publish(rating="unproven")
    rating = claim_review(claim, base_url="https://claims.example.org")["reviewRating"]
    assert "ratingValue" not in rating
    assert rating["alternateName"] == "Unproven"
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)


def test_a_claimant_that_is_not_a_person_is_an_organization(publish):
    claim = publish(claimant=ClaimantFactory(name="Reuters", kind=Claimant.Kind.MEDIA))
    author = claim_review(claim, base_url="https://x.example")["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Reuters"}


def test_a_correction_keeps_the_first_date_and_rates_with_the_new_verdict(publish, correct):
    claim = publish(rating="true")
    correct(claim, rating="mostly-true", note="It rounds up.")
    review = claim_review(claim, base_url="https://x.example")
    first = claim.verdicts.get(version=1)
    assert review["datePublished"] == first.published_at.date().isoformat()
    assert review["reviewRating"]["alternateName"] == "Mostly true"


def test_it_refuses_a_claim_with_nothing_published(researcher):
    from tests.factories import ReadyClaimFactory

    with pytest.raises(ValueError, match="no published verdict"):
        claim_review(ReadyClaimFactory(created_by=researcher), base_url="https://x.example")


def test_json_ld_cannot_close_its_script_element(client, publish):
    claim = publish(text="Shells </script><script>alert(1)</script> & more.")
    html = client.get(f"/claims/{claim.slug}/").content.decode()
    (block,) = JSON_LD.findall(html)
    assert "</script" not in block
    assert json.loads(block)["claimReviewed"] == claim.text
