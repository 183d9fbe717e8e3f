"""A cached page is kept per address: its canonical URL and ClaimReview url are absolute."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_cached_for_one_host_does_not_answer_another(client, publish, settings):
    settings.ALLOWED_HOSTS = ["example.org", "www.example.org"]
    claim = publish()
    url = f"/claims/{claim.slug}/"

    client.get(url, HTTP_HOST="www.example.org")
    html = client.get(url, HTTP_HOST="example.org").content.decode()

    assert f'<link rel="canonical" href="http://example.org{url}">' in html
    assert "www.example.org" not in html
