"""A cached page is kept per address: its canonical URL and ClaimReview url are absolute."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

pytestmark = pytest.mark.django_db


def test_a_page_cached_for_one_host_does_not_answer_another(client, publish, settings):
    settings.ALLOWED_HOSTS = ["example.org", "www.example.org"]
    claim = publish()
    url = f"/claims/{claim.slug}/"

    client.get(url, HTTP_HOST="www.example.org")
    html = client.get(url, HTTP_HOST="example.org").content.decode()

    assert f'<link rel="canonical" href="http://example.org{url}">' in html
    assert "www.example.org" not in html


def _pages_cached() -> int:
    """Rendered pages in the "pages" cache, whichever backend holds it."""
    pages = caches["pages"]
    if isinstance(pages, RedisCache):
        return len(pages._cache.get_client().keys("*claimtrail:page:*"))
    return sum(":claimtrail:page:" in key for key in pages._cache)


def test_unknown_query_parameters_share_the_page_s_one_entry(client, publish):
    claim = publish()

    for number in range(50):
        assert client.get(f"/claims/{claim.slug}/?junk={number}").status_code == 200

    assert _pages_cached() == 1


def test_the_list_is_kept_once_per_search_whatever_the_order_and_empty_fields(client, publish):
    publish(text="The bridge was closed on Monday.")
    searches = [
        "/claims/?q=bridge&sort=newest",
        "/claims/?sort=newest&q=bridge",
        "/claims/?sort=newest&q=bridge&rating=&topic=&utm_source=mail",
    ]

    pages = [client.get(url).content for url in searches]

    assert _pages_cached() == 1
    assert pages[0] == pages[1] == pages[2]


def test_a_parameter_no_page_reads_never_shows_in_a_page(client, publish):
    for number in range(21):  # one more than a page, so the list has a link to page 2
        publish(text=f"Claim number {number} about the bridge.")

    html = client.get("/claims/?q=bridge&planted=elsewhere").content.decode()

    assert "page=2" in html
    assert "planted" not in html
    assert "elsewhere" not in html
