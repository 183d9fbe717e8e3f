"""Edits made in the admin to what readers see show on the cached public pages at once."""

import pytest
from django.db.models.signals import m2m_changed
from django.urls import reverse

from claims.freshness import content_version
from claims.models import Rating, Topic
from claims.services import claim_submit, verdict_draft, verdict_publish
from tests.adminforms import form_data
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_page_cache")]


@pytest.fixture
def published(researcher, reviewer):
    """A claim taken through the review services to a published "False" verdict."""
    claim = ReadyClaimFactory(
        created_by=researcher,
        text="The bridge was closed all week.",
        claimant=ClaimantFactory(name="Ministry of Transport"),
        appearance=SourceFactory(title="Bridge traffic resumes"),
    )
    claim.topics.add(TopicFactory(name="Infrastructure"))
    claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = verdict_draft(
        claim=claim,
        by=reviewer,
        rating=Rating.objects.get(slug="false"),
        summary="It reopened on Tuesday.",
    )
    verdict_publish(verdict=verdict, by=reviewer)
    claim.refresh_from_db()
    return claim


def _page(claim) -> str:
    return f"/claims/{claim.slug}/"


def _cached(client, url: str, django_assert_num_queries) -> str:
    """Fetch url, then show that the next fetch comes from the cache; its HTML."""
    html = client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert client.get(url).content.decode() == html
    return html


def _admin_post(client, model: str, obj, changes: dict, on_commit) -> None:
    url = reverse(f"admin:claims_{model}_change", args=[obj.pk])
    data = form_data(client, url)
    data.update(changes)
    with on_commit(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_renaming_a_claimant_in_the_admin_shows_on_the_cached_claim_page_at_once(
    client,
    reviewer_client,
    published,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    assert "Ministry of Transport" in _cached(client, _page(published), django_assert_num_queries)

    _admin_post(
        reviewer_client,
        "claimant",
        published.claimant,
        {"name": "Ministry of Infrastructure"},
        django_capture_on_commit_callbacks,
    )

    html = client.get(_page(published)).content.decode()
    assert "Ministry of Infrastructure" in html
    assert "Ministry of Transport" not in html


def test_a_ratings_label_and_colour_changed_in_the_admin_show_at_once(
    client, editor_client, published, django_capture_on_commit_callbacks
):
    page = client.get(_page(published))
    assert 'class="rating rating--false">False<' in page.content.decode()
    stylesheet = client.get("/ratings.css")
    assert ".rating--false { background: #cf222e;" in stylesheet.content.decode()

    _admin_post(
        editor_client,
        "rating",
        Rating.objects.get(slug="false"),
        {"label": "Wrong", "colour": "#8250df"},
        django_capture_on_commit_callbacks,
    )

    again = client.get(_page(published), headers={"If-None-Match": page["ETag"]})
    assert again.status_code == 200
    assert 'class="rating rating--false">Wrong<' in again.content.decode()
    restyled = client.get("/ratings.css", headers={"If-None-Match": stylesheet["ETag"]})
    assert restyled.status_code == 200
    assert ".rating--false { background: #8250df;" in restyled.content.decode()


def test_editing_a_published_claims_text_and_topics_in_the_admin_shows_at_once(
    client,
    reviewer_client,
    published,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    html = _cached(client, _page(published), django_assert_num_queries)
    assert "Infrastructure" in html
    renamed = TopicFactory(name="Road closures")

    _admin_post(
        reviewer_client,
        "claim",
        published,
        {"text": "The bridge was closed for six days.", "topics": [str(renamed.pk)]},
        django_capture_on_commit_callbacks,
    )

    html = client.get(_page(published)).content.decode()
    assert "The bridge was closed for six days." in html
    assert "Road closures" in html
    assert "Infrastructure" not in html


def test_retitling_a_source_in_the_admin_shows_at_once(
    client,
    reviewer_client,
    published,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    assert "Bridge traffic resumes" in _cached(client, _page(published), django_assert_num_queries)
    url = reverse("admin:sources_source_change", args=[published.first_appearance.source_id])
    data = form_data(reviewer_client, url)
    data["title"] = "Bridge reopens after six days"
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    html = client.get(_page(published)).content.decode()
    assert "Bridge reopens after six days" in html
    assert "Bridge traffic resumes" not in html


def test_renaming_and_deleting_a_topic_in_the_admin_show_at_once(
    client,
    researcher_client,
    editor_client,
    published,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    topic = Topic.objects.get(name="Infrastructure")
    _cached(client, _page(published), django_assert_num_queries)

    _admin_post(
        researcher_client, "topic", topic, {"name": "Bridges"}, django_capture_on_commit_callbacks
    )
    assert "Bridges" in _cached(client, _page(published), django_assert_num_queries)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:claims_topic_delete", args=[topic.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert "Bridges" not in client.get(_page(published)).content.decode()


def test_deleting_topics_from_the_admin_list_shows_at_once(
    client,
    editor_client,
    published,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    topic = Topic.objects.get(name="Infrastructure")
    assert "Infrastructure" in _cached(client, _page(published), django_assert_num_queries)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:claims_topic_changelist"),
            {"action": "delete_selected", "_selected_action": [str(topic.pk)], "post": "yes"},
        )
    assert response.status_code == 302
    assert "Infrastructure" not in client.get(_page(published)).content.decode()


def test_drafts_and_new_rows_leave_the_readers_cache_alone(
    researcher_client, researcher, published, django_capture_on_commit_callbacks
):
    version = content_version()
    draft = ReadyClaimFactory(created_by=researcher, text="A draft claim.")

    _admin_post(
        researcher_client,
        "claim",
        draft,
        {"text": "A draft claim, reworded."},
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(
            reverse("admin:claims_claimant_add"),
            {
                "name": "New claimant",
                "slug": "new-claimant",
                "kind": "person",
                "names-TOTAL_FORMS": "0",
                "names-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.context and response.context["errors"]

    assert content_version() == version


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reverting_a_claim_from_its_history_refreshes_the_pages_after_its_topics(
    researcher_client, published
):
    """The revert writes the claim, then its topics: the pages must go stale after both, or
    a reader between the two would cache the old topics under the new version."""
    earlier = published.history.earliest()
    published.topics.set([TopicFactory(name="Transport")])
    url = reverse("admin:claims_claim_simple_history", args=[published.pk, earlier.pk])
    data = form_data(researcher_client, url)
    data["topics"] = [str(pk) for pk in published.topics.values_list("pk", flat=True)] + [
        str(Topic.objects.get(name="Infrastructure").pk)
    ]
    version_before = content_version()
    seen_by_topics: list[str] = []

    def record(sender, action, **kwargs):
        if action.startswith("post_"):
            seen_by_topics.append(content_version())

    m2m_changed.connect(record, sender=published.topics.through)
    try:
        response = researcher_client.post(url, data)
    finally:
        m2m_changed.disconnect(record, sender=published.topics.through)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert seen_by_topics
    assert set(seen_by_topics) == {version_before}
    assert content_version() != version_before
