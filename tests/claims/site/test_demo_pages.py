"""What a reader sees of the demo: its published verdicts and correction, the claims the seed
article carries twice with both of their words, the paratrooper's words as the outlet's
translation, and track records that count claims, not appearances."""

import json
import re

import pytest

from claims.demo import ARTICLE, CLAIMS, VERDICTS, load_demo
from claims.models import Claim
from sources.models import Source

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TWICE = ["donetsk-pre-war-population-one-million", "seven-shells-hit-kalinina-hospital"]


@pytest.fixture
def demo():
    load_demo(say=lambda _: None)


def _demo(slug: str):
    return next(claim for claim in CLAIMS if claim.slug == slug)


def test_the_demo_is_browsable_with_its_published_verdicts_and_its_correction(client, demo):
    home = client.get("/").content.decode()
    for slug in VERDICTS:
        claim = Claim.objects.get(slug=slug)
        assert claim.text in home
        page = client.get(f"/claims/{slug}/")
        assert page.status_code == 200
    corrected = client.get("/claims/donetsk-pre-war-population-one-million/").content.decode()
    assert "Corrected on" in corrected
    assert "(earlier rating: True)" in corrected
    drafts = Claim.objects.exclude(slug__in=VERDICTS)
    assert client.get(f"/claims/{drafts.first().slug}/").status_code == 404


def test_the_article_page_lists_each_published_claim_once_though_two_appear_twice(client, demo):
    article = Source.objects.get(url=ARTICLE["url"])

    page = client.get(f"/articles/{article.pk}/")

    assert [claim.slug for claim in page.context["claims"]].count(TWICE[0]) == 1
    assert page.content.decode().count('class="claim-row"') == len(VERDICTS)


@pytest.mark.parametrize("slug", TWICE)
def test_a_claim_the_article_carries_twice_shows_the_words_of_both_places(client, demo, slug):
    page = client.get(f"/claims/{slug}/").content.decode()

    for appearance in _demo(slug).appearances:
        assert appearance.quote in page
    (block,) = JSON_LD.findall(page)
    item = json.loads(block)["itemReviewed"]
    assert [work["url"] for work in item["appearance"]] == [ARTICLE["url"]]
    assert item["firstAppearance"]["url"] == ARTICLE["url"]


def test_the_paratroopers_words_show_as_the_outlets_translation_from_russian(client, demo):
    slug = "milchankov-did-not-know-where-they-crossed"

    page = client.get(f"/claims/{slug}/").content.decode()

    assert _demo(slug).quote in page
    assert "from Russian" in page
    assert "Ivan Milchankov" in page


def test_a_track_record_counts_claims_not_appearances(client, demo):
    page = client.get("/claimants/vice-news/")

    assert sorted(claim.slug for claim in page.context["page"].object_list) == sorted(TWICE)
    assert sum(rating.claims for rating in page.context["track_record"]) == 2
