"""A capture the worker finishes shows on cached public pages at once: the archived copy,
the "original has changed" notice and the quote check all come from the source's captures."""

import pytest

from sources.services import capture_request
from tests.factories import SourceFactory
from tests.loopback import page
from tests.workers import wait_for

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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_capture_finished_by_a_worker_process_refreshes_the_pages_this_process_serves(
    client, publish, filesystem_broker, loopback, fresh_page_cache
):
    """The worker is another process: the cache it marks stale must be the one the web
    process reads, in the embedded setup (files) as with Redis."""
    loopback.route("/article", page(ARTICLE))
    source = SourceFactory(url=loopback.url("/article"))
    claim = publish(appearance=source)
    url = f"/claims/{claim.slug}/"
    before = client.get(url)
    assert "archived copy" not in before.content.decode()

    filesystem_broker.start_worker(
        ARCHIVE_ALLOWED_NETWORKS="127.0.0.0/8",
        ARCHIVE_ALLOWED_PORTS=f"80,443,{loopback.port}",
    )
    capture = capture_request(source=source)
    archived_link = f'href="/archive/{capture.pk}/">archived copy</a>'

    # The worker marks the pages stale just after it commits the capture: wait for that,
    # not only for the capture.
    assert wait_for(lambda: archived_link in client.get(url).content.decode(), timeout=30), (
        filesystem_broker.workers[0].output()
    )
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
