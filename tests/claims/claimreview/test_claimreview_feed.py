import datetime
import json

import pytest
from django.test import Client

from claims.claimreview import claim_review
from claims.visibility import public_claims
from tests.claims.helpers import publish_claims
from tests.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


def test_the_export_serves_the_document_the_claim_page_embeds(anonymous, published_claim):
    exported = anonymous.get(f"/api/v1/claimreviews/{published_claim.pk}/").json()

    page = Client().get(exported["url"].removeprefix("http://testserver"))
    embedded = page.content.decode().split('<script type="application/ld+json">')[1]
    assert json.loads(embedded.split("</script>")[0]) == exported
    assert exported == claim_review(published_claim, base_url="http://testserver")
    assert exported["reviewRating"]["alternateName"] == "False"


def test_the_feed_lists_every_published_claim_and_no_draft(anonymous, published_claim, draft_claim):
    feed = anonymous.get("/api/v1/claimreviews/").json()

    assert feed["@type"] == "DataFeed"
    assert [r["claimReviewed"] for r in feed["dataFeedElement"]] == [published_claim.text]
    assert anonymous.get(f"/api/v1/claimreviews/{draft_claim.pk}/").status_code == 404


def test_the_feed_lists_every_page_each_claim_appeared_in(anonymous, published_claim):
    later = AppearanceFactory(claim=published_claim, made_on=datetime.date(2014, 8, 30))

    (review,) = anonymous.get("/api/v1/claimreviews/").json()["dataFeedElement"]

    urls = [work["url"] for work in review["itemReviewed"]["appearance"]]
    assert urls == [published_claim.first_appearance.source.url, later.source.url]
    assert review["itemReviewed"]["firstAppearance"]["url"] == urls[0]


@pytest.mark.parametrize("appearances", [1, 3])
def test_the_feed_costs_four_queries_for_100_claims_with_1_or_3_appearances_each(
    anonymous, researcher, reviewer, django_assert_max_num_queries, appearances
):
    publish_claims(100, researcher=researcher, reviewer=reviewer)
    for claim in public_claims():
        for _ in range(appearances - 1):
            AppearanceFactory(claim=claim)

    with django_assert_max_num_queries(4):
        feed = anonymous.get("/api/v1/claimreviews/").json()

    assert len(feed["dataFeedElement"]) == public_claims().count() == 100
    listed = {len(r["itemReviewed"]["appearance"]) for r in feed["dataFeedElement"]}
    assert listed == {appearances}
