import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from claims.models import Claim, Rating, Verdict
from claims.services import claim_submit, verdict_draft
from sources.models import Capture, Source
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_researcher_logs_an_article_its_claim_and_evidence_and_submits_it(
    researcher_api, researcher, reviewer
):
    source = researcher_api.post(
        "/api/v1/sources/",
        {"url": "https://News.example.org/story?utm_source=x#top", "title": "Story"},
        format="json",
    )
    assert source.status_code == 201, source.json()
    assert source.json()["url"] == "https://news.example.org/story"
    assert Capture.objects.filter(source_id=source.json()["id"], status="queued").exists()

    claimant = researcher_api.post(
        "/api/v1/claimants/", {"name": "Defence ministry", "kind": "government"}, format="json"
    ).json()
    claim = researcher_api.post(
        "/api/v1/claims/",
        {
            "text": "A convoy crossed the border.",
            "quote": "the convoy crossed the border",
            "appearance_id": source.json()["id"],
            "claimant_id": claimant["id"],
        },
        format="json",
    )
    assert claim.status_code == 201, claim.json()
    claim_id = claim.json()["id"]
    assert claim.json()["slug"] == "a-convoy-crossed-the-border"
    hop = researcher_api.post(
        "/api/v1/attributions/",
        {
            "appearance": claim.json()["appearances"][0]["id"],
            "position": 1,
            "claimant_id": claimant["id"],
            "verb": "said",
        },
        format="json",
    )
    assert hop.status_code == 201, hop.json()
    citation = researcher_api.post(
        "/api/v1/citations/",
        {"claim": claim_id, "source_id": source.json()["id"], "role": "origin"},
        format="json",
    )
    assert citation.status_code == 201, citation.json()

    submitted = researcher_api.post(
        f"/api/v1/claims/{claim_id}/submit/", {"reviewer": reviewer.username}, format="json"
    )

    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "in_review"
    claim = Claim.objects.get(pk=claim_id)
    assert claim.created_by == researcher
    assert claim.history.first().history_user == researcher


def test_a_reviewer_drafts_and_publishes_a_verdict_with_the_rationale_sanitised(
    reviewer_api, researcher, reviewer, anonymous
):
    claim = ReadyClaimFactory(created_by=researcher)
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)

    draft = reviewer_api.post(
        "/api/v1/verdicts/",
        {
            "claim": claim.pk,
            "rating": "mostly-false",
            "summary": "Out of date.",
            "rationale": "See <script>alert(1)</script>**this**.",
        },
        format="json",
    )
    assert draft.status_code == 201, draft.json()
    assert "<script>" not in draft.json()["rationale_html"]
    assert anonymous.get(f"/api/v1/claims/{claim.pk}/").status_code == 404

    published = reviewer_api.post(
        f"/api/v1/verdicts/{draft.json()['id']}/publish/", {}, format="json"
    )

    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "published"
    public = anonymous.get(f"/api/v1/claims/{claim.pk}/").json()
    assert public["verdict"]["rating"]["slug"] == "mostly-false"


def test_a_researcher_cannot_draft_a_verdict(researcher_api, researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)

    response = researcher_api.post(
        "/api/v1/verdicts/", {"claim": claim.pk, "summary": "x"}, format="json"
    )

    assert response.status_code == 403
    assert set(response.json()) == {"code", "message", "fields"}


def test_the_four_eyes_rule_holds_in_the_api(reviewer_api, reviewer, second_reviewer):
    claim = ReadyClaimFactory(created_by=reviewer)
    claim_submit(claim=claim, by=reviewer, reviewer=second_reviewer)
    verdict = verdict_draft(
        claim=claim, by=reviewer, summary="Wrong.", rating=Rating.objects.get(slug="false")
    )

    response = reviewer_api.post(f"/api/v1/verdicts/{verdict.pk}/publish/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "four_eyes"
    assert Verdict.objects.get(pk=verdict.pk).status == Verdict.Status.DRAFT


def test_a_second_draft_verdict_is_a_conflict_naming_the_draft_being_written(
    second_reviewer_api, researcher, reviewer
):
    claim = ReadyClaimFactory(created_by=researcher)
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict_draft(claim=claim, by=reviewer, summary="Out of date.")

    response = second_reviewer_api.post(
        "/api/v1/verdicts/", {"claim": claim.pk, "summary": "Wrong."}, format="json"
    )

    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "verdict_already_drafted"
    assert "v1" in response.json()["message"]
    assert reviewer.username in response.json()["message"]


def test_a_verdict_drafted_on_a_published_claim_is_a_conflict_saying_what_it_can_do(
    reviewer_api, published_claim
):
    response = reviewer_api.post(
        "/api/v1/verdicts/", {"claim": published_claim.pk, "summary": "Wrong."}, format="json"
    )

    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "transition_not_allowed"
    assert "correct" in response.json()["message"]
    assert published_claim.verdicts.count() == 1


def test_a_claim_not_yet_submitted_has_no_reviewer_as_the_schema_allows(
    researcher_api, draft_claim
):
    response = researcher_api.patch(
        f"/api/v1/claims/{draft_claim.pk}/", {"place": "Kyiv"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["reviewer"] is None
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert schemas["Claim"]["properties"]["reviewer"]["nullable"]
    assert schemas["Verdict"]["properties"]["reviewer"]["nullable"]


def test_a_refused_transition_is_a_conflict_in_the_error_shape(
    researcher_api, published_claim, reviewer
):
    response = researcher_api.post(
        f"/api/v1/claims/{published_claim.pk}/submit/",
        {"reviewer": reviewer.username},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert "published" in response.json()["message"]


def test_a_correction_drafts_a_new_version_and_keeps_the_old_one_public(
    second_reviewer_api, published_claim, anonymous
):
    published = published_claim.verdicts.get()

    response = second_reviewer_api.post(
        f"/api/v1/verdicts/{published.pk}/correct/",
        {"correction_note": "The date was wrong.", "summary": "Still out of date."},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 2
    assert anonymous.get(f"/api/v1/claims/{published_claim.pk}/").json()["verdict"]["id"] == (
        published.pk
    )


def test_an_outsider_with_a_token_may_not_write(outsider_api):
    response = outsider_api.post(
        "/api/v1/sources/", {"url": "https://news.example.org/a"}, format="json"
    )

    assert response.status_code == 403
    assert not Source.objects.exists()


def test_anonymous_writes_need_credentials(anonymous):
    response = anonymous.post("/api/v1/claimants/", {"name": "X", "kind": "person"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_session_write_without_a_csrf_token_is_refused(researcher):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(researcher)

    response = client.post("/api/v1/claimants/", {"name": "X", "kind": "person"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_a_source_url_already_logged_is_refused_with_a_field_error(researcher_api):
    SourceFactory(url="https://news.example.org/a")

    response = researcher_api.post(
        "/api/v1/sources/", {"url": "https://NEWS.example.org/a?fbclid=1"}, format="json"
    )

    assert response.status_code == 400
    assert "already exists" in response.json()["fields"]["url"][0]


def test_a_colliding_claimant_slug_is_a_field_error(researcher_api):
    ClaimantFactory(slug="taken")

    response = researcher_api.post(
        "/api/v1/claimants/", {"name": "X", "kind": "person", "slug": "taken"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"]["slug"] == ["Another claimant has this slug."]


def test_an_update_from_a_stale_read_is_refused_and_a_current_one_goes_through(
    researcher_api, researcher
):
    claim = ReadyClaimFactory(created_by=researcher, text="Seven shells hit the hospital.")
    read = researcher_api.get(f"/api/v1/claims/{claim.pk}/").json()
    claim.text = "Six other shells hit the hospital."  # a colleague's edit lands first
    claim.save()

    stale = researcher_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "Seven shells hit Kalinina hospital.", "revision": read["revision"]},
        format="json",
    )
    assert stale.status_code == 409, stale.json()
    assert stale.json()["code"] == "claim_changed"
    claim.refresh_from_db()
    assert claim.text == "Six other shells hit the hospital."

    current = researcher_api.get(f"/api/v1/claims/{claim.pk}/").json()["revision"]
    fresh = researcher_api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "Seven shells hit Kalinina hospital.", "revision": current},
        format="json",
    )
    assert fresh.status_code == 200, fresh.json()
    assert fresh.json()["revision"] == current + 1


def test_a_claim_in_review_is_handed_to_another_reviewer(
    researcher_api, researcher, reviewer, second_reviewer
):
    claim = ReadyClaimFactory(created_by=researcher)
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    response = researcher_api.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"reviewer": second_reviewer.username}, "json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["reviewer"] == second_reviewer.username
    claim.refresh_from_db()
    assert claim.reviewer == second_reviewer

    not_a_reviewer = researcher_api.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"reviewer": researcher.username}, "json"
    )
    assert not_a_reviewer.status_code == 400, not_a_reviewer.json()
    assert "not a member of Reviewers" in not_a_reviewer.json()["message"]
