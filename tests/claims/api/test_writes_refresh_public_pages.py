"""Writes through the API to what readers see show on the cached public pages at once. On a
published claim they are a reviewer's (test_published_changes_need_a_reviewer.py)."""

import pytest

from claims.freshness import content_version
from tests.claims.helpers import publish
from tests.factories import (
    AttributionFactory,
    ClaimantFactory,
    ReadyClaimFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_page_cache")]


@pytest.fixture
def published(researcher, reviewer):
    claim = ReadyClaimFactory(
        created_by=researcher,
        text="The bridge was closed all week.",
        claimant=ClaimantFactory(name="Ministry of Transport"),
        appearance=SourceFactory(title="Bridge traffic resumes"),
    )
    AttributionFactory(claim=claim, position=1, verb="citing")
    publish(claim, researcher=researcher, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def page(client, published, django_assert_num_queries):
    """Fetch the claim page, show the next fetch is served from the cache, and return a
    function that fetches it again as a browser holding the first copy's ETag would."""
    url = f"/claims/{published.slug}/"
    first = client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content

    def again():
        return client.get(url, headers={"If-None-Match": first["ETag"]})

    return again


def _write(api, method: str, url: str, data: dict | None, on_commit, expected: int) -> None:
    with on_commit(execute=True):
        response = getattr(api, method)(url, data, format="json")
    assert response.status_code == expected, response.content


def test_a_claims_text_patched_through_the_api_shows_on_its_cached_page(
    reviewer_api, published, page, django_capture_on_commit_callbacks
):
    # A reviewer: a published claim's words are what its verdict rates.
    _write(
        reviewer_api,
        "patch",
        f"/api/v1/claims/{published.pk}/",
        {"text": "The bridge was closed for six days."},
        django_capture_on_commit_callbacks,
        200,
    )

    response = page()
    assert response.status_code == 200
    assert "The bridge was closed for six days." in response.content.decode()


def test_a_claimant_renamed_through_the_api_shows_at_once(
    reviewer_api, published, page, django_capture_on_commit_callbacks
):
    _write(
        reviewer_api,
        "patch",
        f"/api/v1/claimants/{published.claimant_id}/",
        {"name": "Ministry of Infrastructure"},
        django_capture_on_commit_callbacks,
        200,
    )

    html = page().content.decode()
    assert "Ministry of Infrastructure" in html
    assert "Ministry of Transport" not in html


def test_a_source_retitled_through_the_api_shows_at_once(
    reviewer_api, published, page, django_capture_on_commit_callbacks
):
    _write(
        reviewer_api,
        "patch",
        f"/api/v1/sources/{published.first_appearance.source_id}/",
        {"title": "Bridge reopens after six days"},
        django_capture_on_commit_callbacks,
        200,
    )

    html = page().content.decode()
    assert "Bridge reopens after six days" in html
    assert "Bridge traffic resumes" not in html


def test_an_attributions_verb_edited_through_the_api_shows_at_once(
    reviewer_api, published, page, django_capture_on_commit_callbacks
):
    hop = published.first_appearance.attributions.get()
    _write(
        reviewer_api,
        "patch",
        f"/api/v1/attributions/{hop.pk}/",
        {"verb": "quoting"},
        django_capture_on_commit_callbacks,
        200,
    )

    assert ">quoting<" in page().content.decode()


def test_citations_added_edited_and_removed_through_the_api_show_at_once(
    client, reviewer_api, published, page, django_capture_on_commit_callbacks
):
    source = SourceFactory(title="Traffic authority bulletin")
    _write(
        reviewer_api,
        "post",
        "/api/v1/citations/",
        {"claim": published.pk, "source_id": source.pk, "role": "refutes", "note": "Day one."},
        django_capture_on_commit_callbacks,
        201,
    )
    response = page()
    assert response.status_code == 200
    assert "Traffic authority bulletin" in response.content.decode()

    citation = published.citations.get(source=source)
    url = f"/api/v1/citations/{citation.pk}/"
    _write(
        reviewer_api,
        "patch",
        url,
        {"note": "Reopened Tuesday."},
        django_capture_on_commit_callbacks,
        200,
    )
    assert "Reopened Tuesday." in client.get(f"/claims/{published.slug}/").content.decode()

    _write(reviewer_api, "delete", url, None, django_capture_on_commit_callbacks, 204)
    assert (
        "Traffic authority bulletin"
        not in client.get(f"/claims/{published.slug}/").content.decode()
    )


def test_api_writes_to_drafts_and_new_rows_leave_the_readers_cache_alone(
    researcher_api, researcher, published, django_capture_on_commit_callbacks
):
    version = content_version()
    draft = ReadyClaimFactory(created_by=researcher, claimant=ClaimantFactory(name="Unseen"))

    _write(
        researcher_api,
        "patch",
        f"/api/v1/claims/{draft.pk}/",
        {"text": "A draft claim, reworded."},
        django_capture_on_commit_callbacks,
        200,
    )
    _write(
        researcher_api,
        "patch",
        f"/api/v1/claimants/{draft.claimant_id}/",
        {"name": "Still unseen"},
        django_capture_on_commit_callbacks,
        200,
    )
    _write(
        researcher_api,
        "post",
        "/api/v1/citations/",
        {"claim": draft.pk, "source_id": SourceFactory().pk, "role": "supports"},
        django_capture_on_commit_callbacks,
        201,
    )
    _write(
        researcher_api,
        "post",
        "/api/v1/claimants/",
        {"name": "New claimant", "kind": "person"},
        django_capture_on_commit_callbacks,
        201,
    )

    assert content_version() == version
