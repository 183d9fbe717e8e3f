"""The admin's "View on site" link: offered for a claim readers can see, and only then."""

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _change_page(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_a_public_claim_links_to_its_page_on_the_site(reviewer_client, published, client):
    claim = published.claim
    url = claim.get_absolute_url()
    assert url == f"/claims/{claim.slug}/"
    assert client.get(url).status_code == 200
    page = reviewer_client.get(_change_page(claim)).content.decode()
    assert "View on site" in page
    assert f'href="{url}"' in page


def test_a_draft_claim_offers_no_view_on_site(editor_client, client):
    claim = ClaimFactory()
    assert client.get(claim.get_absolute_url()).status_code == 404
    page = editor_client.get(_change_page(claim)).content.decode()
    assert "View on site" not in page


def test_a_claim_in_review_without_a_published_verdict_offers_none(reviewer_client, in_review):
    assert "View on site" not in reviewer_client.get(_change_page(in_review)).content.decode()
