"""A capture the worker finishes shows on cached public pages at once: the archived copy,
the "original has changed" notice and the quote check all come from the source's captures."""

import pytest

from tests.factories import SourceFactory
from tests.loopback import page

pytestmark = pytest.mark.django_db

ARTICLE = (
    b"<html><body><article><p>Seven shells hit the hospital grounds.</p></article></body></html>"
)


@pytest.fixture
def article_server(archive_from_loopback, media):
    archive_from_loopback.route("/article", page(ARTICLE))
    return archive_from_loopback


def test_a_new_capture_of_a_public_article_shows_on_its_cached_claim_page(
    client, publish, article_server, capture_now
):
    source = SourceFactory(url=article_server.url("/article"))
    claim = publish(appearance=source, quote="Seven shells hit the hospital grounds")
    url = f"/claims/{claim.slug}/"
    before = client.get(url)
    assert "archived copy" not in before.content.decode()

    made = capture_now(source)

    after = client.get(url)
    html = after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert f'href="/archive/{made.pk}/">archived copy</a>' in html
    assert "We found these exact words" in html


def test_a_page_gone_since_it_was_archived_shows_on_its_cached_claim_page(
    client, publish, article_server, capture_now
):
    source = SourceFactory(url=article_server.url("/article"))
    claim = publish(appearance=source)
    capture_now(source)
    url = f"/claims/{claim.slug}/"
    assert "no longer online" not in client.get(url).content.decode()

    article_server.route("/article", page(b"Not here", status=404))
    capture_now(source)

    assert "no longer online" in client.get(url).content.decode()


def test_a_capture_of_a_source_no_public_page_shows_leaves_the_cache_alone(
    client, publish, article_server, capture_now
):
    claim = publish()
    url = f"/claims/{claim.slug}/"
    etag = client.get(url)["ETag"]

    capture_now(SourceFactory(url=article_server.url("/article")))

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
