"""A researcher accepts a source's change from its admin page: the word diff is shown beside a
required note, and once accepted the claim page and the "evidence at risk" list drop it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from claims.models import Rating
from claims.services import claim_submit, verdict_draft, verdict_publish
from sources.models import Capture, Source
from tests.factories import ReadyClaimFactory, SourceFactory
from tests.loopback import page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_page_cache")]

ARTICLE = (
    "<html><body><article><p>Seven shells hit the hospital grounds on Tuesday morning, "
    "the regional governor said.</p></article></body></html>"
)
BYLINE_ADDED = ARTICLE.replace("<p>Seven", "<p>By Olena Petrenko. Seven")
NOTE = "A byline was added; the account of the shelling is word for word the same."


@pytest.fixture
def article_server(archive_from_loopback, media):
    archive_from_loopback.route("/article", page(ARTICLE.encode()))
    return archive_from_loopback


@pytest.fixture
def capture(capture_now):
    """capture_now, for a page that must be archived."""

    def _capture(source: Source) -> Capture:
        made = capture_now(source)
        assert made.status == Capture.Status.SUCCEEDED, made.error_message
        return made

    return _capture


@pytest.fixture
def changed(article_server, capture, researcher, reviewer):
    """A published claim whose article was archived, then captured again with a byline."""
    source = SourceFactory(url=article_server.url("/article"))
    capture(source)
    claim = ReadyClaimFactory(
        created_by=researcher,
        appearance=source,
        text="The hospital was shelled on Tuesday.",
        quote="Seven shells hit the hospital grounds",
    )
    claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="true"), summary="It was."
    )
    verdict_publish(verdict=verdict, by=reviewer)
    article_server.route("/article", page(BYLINE_ADDED.encode()))
    latest = capture(source)
    source.refresh_from_db()
    assert source.health == Source.Health.CHANGED
    claim.refresh_from_db()
    return claim, latest


def _source_page(source) -> str:
    return reverse("admin:sources_source_change", args=[source.pk])


def _accept(client, source, note: str, seen_capture: Capture, on_commit):
    with on_commit(execute=True):
        return client.post(
            reverse("admin:sources_source_accept_change", args=[source.pk]),
            {"note": note, "seen_capture": seen_capture.pk},
        )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _at_risk(client) -> str:
    url = reverse("admin:claims_claim_changelist") + "?evidence=at-risk"
    return client.get(url).content.decode()


def test_a_researcher_accepts_a_change_and_the_claim_page_drops_its_notice_at_once(
    client,
    researcher_client,
    researcher,
    changed,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    claim, latest = changed
    source = claim.first_appearance.source
    claim_page = f"/claims/{claim.slug}/"
    before = client.get(claim_page).content.decode()
    assert "The original has changed since we checked it" in before
    with django_assert_num_queries(0):
        assert client.get(claim_page).content.decode() == before, "served from the cache"
    assert claim.text in _at_risk(researcher_client)

    html = researcher_client.get(_source_page(source)).content.decode()
    assert "<ins>By Olena Petrenko.</ins> <span>Seven shells hit" in html
    assert 'name="note" id="accept-change-note" rows="3" required' in html
    assert f'name="seen_capture" value="{latest.pk}"' in html

    response = _accept(researcher_client, source, NOTE, latest, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == _source_page(source)
    assert any("The change is accepted" in m for m in _messages(response))
    source.refresh_from_db()
    assert source.health == Source.Health.OK
    assert source.accepted_capture == latest
    assert source.change_accepted_by == researcher
    assert source.change_note == NOTE
    after = client.get(claim_page).content.decode()
    assert "has changed since we checked it" not in after
    assert claim.text not in _at_risk(researcher_client)


def test_the_source_page_shows_who_accepted_which_copy_and_why(
    researcher_client, changed, django_capture_on_commit_callbacks
):
    claim, latest = changed
    source = claim.first_appearance.source
    _accept(researcher_client, source, NOTE, latest, django_capture_on_commit_callbacks)

    html = researcher_client.get(_source_page(source)).content.decode()

    when = date_format(localtime(latest.finished_at), "j M Y H:i")
    assert f'The <a href="/archive/{latest.pk}/">copy of {when}</a>, by rita-researcher on' in html
    assert f"“{NOTE}”" in html
    assert "Accept this change" not in html, "nothing left to accept"
    entry = LogEntry.objects.get(object_id=str(source.pk), user__username="rita-researcher")
    assert entry.get_change_message() == f"Accepted the change in the copy of {when}: {NOTE}"


def test_a_change_is_not_accepted_without_a_note(
    researcher_client, changed, django_capture_on_commit_callbacks
):
    claim, latest = changed

    response = _accept(
        researcher_client,
        claim.first_appearance.source,
        "   ",
        latest,
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 302
    assert any("Write a note" in m for m in _messages(response))
    claim.first_appearance.source.refresh_from_db()
    assert claim.first_appearance.source.health == Source.Health.CHANGED
    assert claim.text in _at_risk(researcher_client)


def test_a_source_that_has_not_changed_offers_nothing_to_accept(
    researcher_client, article_server, capture, django_capture_on_commit_callbacks
):
    source = SourceFactory(url=article_server.url("/article"))
    latest = capture(source)
    source.refresh_from_db()
    assert source.health == Source.Health.OK
    assert "Accept this change" not in researcher_client.get(_source_page(source)).content.decode()

    response = _accept(researcher_client, source, NOTE, latest, django_capture_on_commit_callbacks)

    assert any("not marked changed" in m for m in _messages(response))
    source.refresh_from_db()
    assert source.accepted_capture is None


def test_an_outsider_may_not_accept_a_change(
    outsider_client, changed, django_capture_on_commit_callbacks
):
    claim, latest = changed

    response = _accept(
        outsider_client,
        claim.first_appearance.source,
        NOTE,
        latest,
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 403
    claim.first_appearance.source.refresh_from_db()
    assert claim.first_appearance.source.health == Source.Health.CHANGED
    assert claim.first_appearance.source.accepted_capture is None


def test_accepting_is_a_post(researcher_client, changed):
    claim, _ = changed
    url = reverse("admin:sources_source_accept_change", args=[claim.first_appearance.source.pk])
    assert researcher_client.get(url).status_code == 405


def test_a_later_change_is_told_against_the_accepted_copy(
    client, researcher_client, changed, article_server, capture, django_capture_on_commit_callbacks
):
    claim, accepted = changed
    _accept(
        researcher_client,
        claim.first_appearance.source,
        NOTE,
        accepted,
        django_capture_on_commit_callbacks,
    )
    article_server.route("/article", page(BYLINE_ADDED.replace("Seven", "Eight").encode()))

    capture(claim.first_appearance.source)

    html = client.get(f"/claims/{claim.slug}/").content.decode()
    assert "The original has changed since we checked it" in html
    assert f'<a href="/archive/{accepted.pk}/">See our archived copy from' in html
    assert claim.text in _at_risk(researcher_client)
