import pytest

from claims.services import claim_submit
from tests.factories import ReadyClaimFactory

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "fields"}


def test_malformed_json_is_a_400_in_the_error_shape(researcher_api):
    response = researcher_api.post(
        "/api/v1/claimants/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "parse_error"


def test_a_wrong_type_is_a_field_error(researcher_api):
    response = researcher_api.post(
        "/api/v1/claimants/", {"name": ["x"], "kind": "person"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["name"]


def test_an_unknown_field_is_refused_not_dropped(researcher_api):
    response = researcher_api.post(
        "/api/v1/claimants/", {"name": "X", "kind": "person", "colour": "red"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["colour"]


def test_an_invalid_source_url_says_why(researcher_api):
    response = researcher_api.post("/api/v1/sources/", {"url": "ftp://example.org/"}, format="json")

    assert response.status_code == 400
    assert "http://" in response.json()["fields"]["url"][0]


def test_a_body_over_the_size_limit_is_a_413_in_the_error_shape(researcher_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"name": "' + "x" * 2000 + '", "kind": "person"}'

    response = researcher_api.post("/api/v1/claimants/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_an_unknown_api_path_answers_json_not_html(anonymous):
    response = anonymous.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == SHAPE


def test_too_many_requests_get_a_429_with_retry_after(anonymous, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [anonymous.get("/api/v1/ratings/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = anonymous.get("/api/v1/ratings/")
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_a_bug_answers_in_the_error_shape_without_a_traceback(anonymous, monkeypatch):
    from claims.api.views import RatingViewSet

    def broken(self):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(RatingViewSet, "get_queryset", broken)

    response = anonymous.get("/api/v1/ratings/")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "secret" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "field"),
    [("/api/v1/verdicts/", "rating"), ("/api/v1/claims/", "topics")],
)
def test_a_name_with_a_null_character_is_a_field_error_not_a_server_error(
    reviewer_api, researcher_api, researcher, reviewer, path, field
):
    # PostgreSQL cannot compare text holding NUL; the fuzzer found the 500 this used to be.
    claim = ReadyClaimFactory(created_by=researcher)
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    if field == "rating":
        body, api = {"claim": claim.pk, "rating": "false\x00", "summary": "No."}, reviewer_api
    else:
        body = {
            "text": "A claim.",
            "quote": "A quote.",
            "appearance_id": claim.first_appearance.source_id,
            "claimant_id": claim.claimant_id,
            "topics": ["war\x00"],
        }
        api = researcher_api

    response = api.post(path, body, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["fields"][field] == ["Null characters are not allowed."]


def test_assigning_a_reviewer_named_with_a_null_character_is_a_field_error(
    researcher_api, researcher, reviewer
):
    claim = ReadyClaimFactory(created_by=researcher)

    response = researcher_api.post(
        f"/api/v1/claims/{claim.pk}/submit/", {"reviewer": "victor\x00"}, format="json"
    )

    assert response.status_code == 400, response.json()
    assert response.json()["fields"]["reviewer"] == ["Null characters are not allowed."]
