"""The sitemap index and its sections: every public page is reachable from /sitemap.xml,
however many there are, and nothing in draft is."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.site.sitemaps import ClaimSitemap
from tests.factories import ReadyClaimFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SERVER = "http://testserver"


def _get(client, url: str) -> ET.Element:
    assert url.startswith(SERVER), url
    response = client.get(url.removeprefix(SERVER))
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # noqa: S314 (our own sitemap, not untrusted XML)


def pages_in_sitemaps(client) -> list[str]:
    """Every page address the sitemap index leads to, following it as a crawler does."""
    index = _get(client, f"{SERVER}/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    pages = []
    for section in index.findall("sm:sitemap/sm:loc", NS):
        pages += [loc.text for loc in _get(client, section.text).findall("sm:url/sm:loc", NS)]
    return pages


def test_every_published_claim_is_reachable_from_the_index_beyond_one_sitemap_page(
    client, publish, researcher, monkeypatch
):
    monkeypatch.setattr(ClaimSitemap, "limit", 2)
    published = [publish(text=f"Published claim {n}.") for n in range(5)]
    draft = ReadyClaimFactory(text="Still a draft.", created_by=researcher)

    pages = pages_in_sitemaps(client)

    claim_pages = [
        page
        for page in pages
        if page.startswith(f"{SERVER}/claims/") and page != f"{SERVER}/claims/"
    ]
    assert sorted(claim_pages) == sorted(f"{SERVER}/claims/{c.slug}/" for c in published)
    assert f"{SERVER}/claims/{draft.slug}/" not in pages
    assert f"{SERVER}/claimants/{draft.claimant.slug}/" not in pages
    assert f"{SERVER}/articles/{draft.first_appearance.source_id}/" not in pages


def test_the_index_and_robots_lead_to_claim_article_and_claimant_pages(client, publish):
    claim = publish()

    pages = pages_in_sitemaps(client)

    assert f"{SERVER}/claims/{claim.slug}/" in pages
    assert f"{SERVER}/articles/{claim.first_appearance.source_id}/" in pages
    assert f"{SERVER}/claimants/{claim.claimant.slug}/" in pages
    assert f"{SERVER}/" in pages
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SERVER}/sitemap.xml" in robots


def test_a_section_page_past_the_last_is_not_found(client, publish, monkeypatch):
    monkeypatch.setattr(ClaimSitemap, "limit", 2)
    for n in range(3):
        publish(text=f"Published claim {n}.")
    assert client.get("/sitemap-claims.xml?p=2").status_code == 200
    assert client.get("/sitemap-claims.xml?p=3").status_code == 404


def test_the_index_dates_its_sections_without_reading_their_rows(client, publish):
    claims = [publish(text=f"Published claim {n}.") for n in range(3)]
    latest = max(c.verdict_published_at for c in claims)

    with CaptureQueriesContext(connection) as queries:
        index = _get(client, f"{SERVER}/sitemap.xml")

    dates = {
        s.find("sm:loc", NS).text: s.find("sm:lastmod", NS).text
        for s in index.findall("sm:sitemap", NS)
        if s.find("sm:lastmod", NS) is not None
    }
    assert dates == {
        f"{SERVER}/sitemap-claims.xml": latest.isoformat(),
        f"{SERVER}/sitemap-articles.xml": latest.isoformat(),
    }
    # Counts for the paging and one latest date per section: no query lists the rows.
    assert all("COUNT(" in q["sql"] or "MAX(" in q["sql"] for q in queries.captured_queries), [
        q["sql"] for q in queries.captured_queries
    ]
