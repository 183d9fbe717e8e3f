"""Two reviewers on one draft verdict: a save or publish from a page opened before the
other's save is refused, in the admin and in the API, instead of losing their work."""

import pytest
from django.urls import reverse

from claims.models import Rating, Verdict
from claims.services import claim_submit, verdict_draft, verdict_save
from tests.adminforms import form_data
from tests.claims.helpers import token_client
from tests.factories import ReadyClaimFactory

pytestmark = pytest.mark.django_db

STALE = "since you opened it"


@pytest.fixture
def draft(researcher, reviewer) -> Verdict:
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer
    )
    return verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="true"), summary="It did."
    )


def _rerated_by(reviewer, verdict: Verdict) -> None:
    verdict_save(
        verdict=verdict,
        by=reviewer,
        rating=Rating.objects.get(slug="false"),
        summary="It did not.",
        rationale="",
    )


def test_publishing_a_page_opened_before_someone_else_s_save_is_refused(
    reviewer_client, second_reviewer, draft
):
    url = reverse("admin:claims_verdict_change", args=[draft.pk])
    opened = form_data(reviewer_client, url)
    _rerated_by(second_reviewer, draft)

    response = reviewer_client.post(url, {**opened, "_publish": "1"})

    assert response.status_code == 200
    assert STALE in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.rating.slug, draft.summary) == ("draft", "false", "It did not.")


def test_a_page_opened_after_the_save_saves(reviewer_client, second_reviewer, draft):
    _rerated_by(second_reviewer, draft)
    url = reverse("admin:claims_verdict_change", args=[draft.pk])
    data = form_data(reviewer_client, url)
    data["summary"] = "It did not, by the ministry's own count."

    response = reviewer_client.post(url, data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "It did not, by the ministry's own count."


def test_the_api_refuses_an_update_or_publish_with_a_stale_revision(
    reviewer, second_reviewer, draft
):
    api = token_client(reviewer)
    url = f"/api/v1/verdicts/{draft.pk}/"
    seen = api.get(url).json()["revision"]
    _rerated_by(second_reviewer, draft)

    update = api.patch(url, {"summary": "It did.", "revision": seen}, format="json")
    publish = api.post(f"{url}publish/", {"revision": seen}, format="json")

    assert (update.status_code, update.json()["code"]) == (409, "verdict_changed")
    assert (publish.status_code, publish.json()["code"]) == (409, "verdict_changed")
    draft.refresh_from_db()
    assert (draft.status, draft.summary) == ("draft", "It did not.")
    current = api.get(url).json()["revision"]
    fresh = api.patch(url, {"summary": "Checked.", "revision": current}, format="json")
    assert fresh.status_code == 200
