"""What GET /api/v1/claims/similar/ refuses, each with a 400 in the API's error shape and a
code a client can act on; and its place in the OpenAPI schema."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/similar/"
SHAPE = {"code", "message", "fields"}


def _refused(response, code: str, field: str) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == SHAPE
    assert body["code"] == code
    assert list(body["fields"]) == [field]
    return body


@pytest.mark.parametrize("query", [{}, {"text": ""}, {"text": "   \n\t "}])
def test_no_text_is_text_required(anonymous, query):
    _refused(anonymous.get(URL, query), "text_required", "text")


@pytest.mark.parametrize("length", [5_001, 100_000])
def test_a_text_over_5000_characters_is_text_too_long(anonymous, length):
    text = "border " * (length // 7 + 1)
    body = _refused(anonymous.get(URL, {"text": text}), "text_too_long", "text")
    assert "5,000" in body["message"]


@pytest.mark.parametrize("text", ["?!… — ;;", "the and of said", "It was, he said, they say."])
def test_punctuation_or_stop_words_alone_are_text_without_words(anonymous, text):
    _refused(anonymous.get(URL, {"text": text}), "text_without_words", "text")


@pytest.mark.parametrize("limit", ["0", "21", "-3", "ten", "9" * 30])
def test_a_limit_outside_1_to_20_is_refused(anonymous, limit):
    _refused(anonymous.get(URL, {"text": "crossed the border", "limit": limit}), "invalid", "limit")


@pytest.mark.parametrize("claimant", ["999999", "9" * 40])
def test_a_claimant_id_that_names_nobody_is_claimant_not_found(anonymous, claimant):
    _refused(
        anonymous.get(URL, {"text": "crossed the border", "claimant": claimant}),
        "claimant_not_found",
        "claimant",
    )


def test_a_draft_claims_claimant_is_nobody_to_a_reader_but_known_to_staff(
    anonymous, researcher_api
):
    hidden = ClaimFactory(text="Crossed the border by accident.").claimant
    query = {"text": "crossed the border", "claimant": str(hidden.pk)}

    _refused(anonymous.get(URL, query), "claimant_not_found", "claimant")
    assert researcher_api.get(URL, query).status_code == 200


@pytest.mark.parametrize("claimant", ["a\x00b", "x" * 300])
def test_a_claimant_name_with_a_nul_or_too_long_is_refused(anonymous, claimant):
    _refused(
        anonymous.get(URL, {"text": "crossed the border", "claimant": claimant}),
        "invalid",
        "claimant",
    )


def test_suggestions_are_throttled_like_other_reads(anonymous, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [anonymous.get(URL, {"text": "crossed the border"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_schema_describes_the_query_and_the_answer():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/claims/similar/"]["get"]

    assert {p["name"] for p in operation["parameters"]} == {"text", "claimant", "limit"}
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][answer.rsplit("/", 1)[-1]]
    assert set(component["properties"]) == {"results", "semantic"}
    assert "400" in operation["responses"]
