"""Pages that list claims read them through their appearances: an article lists every public
claim that appears in it, once; a track record counts claims; a list row, a feed item and
the "made" sort use the date a claim was first reported; the sitemap knows every article a
public claim appeared in."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
AUG_26, SEP_10 = datetime.date(2014, 8, 26), datetime.date(2014, 9, 10)


def claim_rows(html: str) -> list[str]:
    return html.split('<li class="claim-row">')[1:]


def test_an_article_lists_each_public_claim_appearing_in_it_once_in_article_order(
    client, publish, appear, researcher
):
    article = SourceFactory()
    told_twice = publish(appearance=article, position=30, text="Told twice.")
    appear(told_twice, source=article, position=5, quote="said again in a caption")
    publish(appearance=article, position=10, text="Told once.")
    elsewhere_first = publish(text="First reported elsewhere.")
    appear(elsewhere_first, source=article, position=20)
    ReadyClaimFactory(appearance=article, text="A draft.", created_by=researcher)

    html = client.get(f"/articles/{article.pk}/").content.decode()

    rows = claim_rows(html)
    assert len(rows) == 3
    assert "Told twice." in rows[0]
    assert "Told once." in rows[1]
    assert "First reported elsewhere." in rows[2]
    assert "3 claims checked, in the order they appear" in html
    assert "A draft." not in html


def test_the_home_page_counts_an_article_s_claims_not_their_appearances(client, publish, appear):
    article = SourceFactory(title="An article with a caption")
    claim = publish(appearance=article)
    appear(claim, source=article, position=1, quote="the caption's words")

    html = client.get("/").content.decode()

    assert "An article with a caption" in html
    assert "1 claim checked" in html


def test_a_track_record_counts_claims_however_many_places_they_appeared(client, publish, appear):
    claimant = ClaimantFactory(name="Defence ministry")
    travelled = publish(claimant=claimant, rating="false")
    for _ in range(3):
        appear(travelled)
    publish(claimant=claimant, rating="true")

    response = client.get(f"/claimants/{claimant.slug}/")

    counts = {rating.slug: rating.claims for rating in response.context["track_record"]}
    assert counts["false"] == 1
    assert counts["true"] == 1
    assert sum(counts.values()) == 2
    assert len(claim_rows(response.content.decode())) == 2


def test_a_list_row_shows_the_date_the_claim_was_first_reported(client, publish, appear):
    claim = publish(made_on=AUG_26, text="Reported twice.")
    later = SourceFactory()
    appear(claim, source=later, made_on=SEP_10)

    for url in ("/", "/claims/", f"/articles/{later.pk}/"):
        (row,) = claim_rows(client.get(url).content.decode().split("</main>")[0])
        assert '<time datetime="2014-08-26">26 August 2014</time>' in row, url
        assert "2014-09-10" not in row, url


def test_a_feed_item_says_when_the_claim_was_first_reported(client, publish, appear):
    claim = publish(made_on=SEP_10, text="Feed claim.")
    appear(claim, made_on=AUG_26)

    rss = client.get("/feeds/verdicts.rss").content.decode()

    assert "Summary of Feed claim. First reported on 26 August 2014.</description>" in rss
    assert "10 September" not in rss


def test_the_sitemap_lists_every_article_a_public_claim_appeared_in(
    client, publish, appear, researcher
):
    claim = publish()
    second = SourceFactory()
    appear(claim, source=second)
    draft_only = SourceFactory()
    ReadyClaimFactory(appearance=draft_only, created_by=researcher)

    xml = client.get("/sitemap-articles.xml").content
    pages = [loc.text for loc in ET.fromstring(xml).findall("sm:url/sm:loc", NS)]  # noqa: S314

    assert f"http://testserver/articles/{claim.first_appearance.source_id}/" in pages
    assert f"http://testserver/articles/{second.pk}/" in pages
    assert f"http://testserver/articles/{draft_only.pk}/" not in pages
    assert client.get(f"/articles/{second.pk}/").status_code == 200
    assert client.get(f"/articles/{draft_only.pk}/").status_code == 404
