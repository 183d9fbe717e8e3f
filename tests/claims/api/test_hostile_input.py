"""Hostile input over the API gets a 4xx in the error shape, never a 500: JSON nested past
any sense, and ids beyond what the database stores, in filters, paths and bodies."""

import pytest

from tests.claims.helpers import token_client

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "fields"}
HUGE = "9" * 20

# Every id a client can put in a query string.
ID_FILTERS = [
    "/api/v1/claims/?article={}",
    "/api/v1/verdicts/?claim={}",
    "/api/v1/citations/?claim={}",
    "/api/v1/appearances/?claim={}",
    "/api/v1/appearances/?source={}",
    "/api/v1/attributions/?claim={}",
    "/api/v1/attributions/?appearance={}",
    "/api/v1/claimant-names/?claimant={}",
]
# Every resource a client names by id in the path.
ID_PATHS = [
    "/api/v1/claims/{}/",
    "/api/v1/verdicts/{}/",
    "/api/v1/claimants/{}/",
    "/api/v1/claimant-names/{}/",
    "/api/v1/sources/{}/",
    "/api/v1/citations/{}/",
    "/api/v1/appearances/{}/",
    "/api/v1/attributions/{}/",
    "/api/v1/claimreviews/{}/",
]


def _nested(depth: int) -> str:
    return '{"name": ' + "[" * depth + "]" * depth + ', "kind": "person"}'


@pytest.mark.parametrize("path", ["/api/v1/claimants/", "/api/v1/claimreviews/import/"])
def test_json_nested_fifty_thousand_deep_is_a_400_not_a_500(editor, path):
    response = token_client(editor).post(path, _nested(50_000), content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "too_deeply_nested"


def test_json_nested_deeper_than_the_limit_is_refused_and_as_deep_as_it_is_read(
    researcher_api, settings
):
    settings.API_MAX_JSON_DEPTH = 5
    deep = researcher_api.post("/api/v1/claimants/", _nested(5), content_type="application/json")
    shallow = researcher_api.post("/api/v1/claimants/", _nested(4), content_type="application/json")

    assert deep.json()["code"] == "too_deeply_nested"
    assert "5 levels" in deep.json()["message"]
    # Read, and refused for what it says: a name is no list.
    assert shallow.status_code == 400
    assert list(shallow.json()["fields"]) == ["name"]


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, str(2**63)])
@pytest.mark.parametrize("query", ID_FILTERS)
def test_an_id_filter_beyond_any_row_is_a_400_naming_the_parameter(researcher_api, query, value):
    response = researcher_api.get(query.format(value))

    assert response.status_code == 400
    assert set(response.json()) == SHAPE
    parameter = query.split("?")[1].split("=")[0]
    assert list(response.json()["fields"]) == [parameter]


@pytest.mark.parametrize("value", [HUGE, str(2**63)])
def test_a_claimant_beyond_any_row_is_not_found_by_the_similar_claims(researcher_api, value):
    response = researcher_api.get(f"/api/v1/claims/similar/?text=Bread+prices&claimant={value}")

    assert response.status_code == 400
    assert response.json()["code"] == "claimant_not_found"


@pytest.mark.parametrize("query", ID_FILTERS)
def test_the_largest_id_the_database_stores_is_a_filter_that_finds_nothing(researcher_api, query):
    response = researcher_api.get(query.format(2**63 - 1))

    # An id no row has: an empty list, or the claimant it names is not found.
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == []


@pytest.mark.parametrize("value", [HUGE, str(2**63), "0", "-1"])
@pytest.mark.parametrize("path", ID_PATHS)
def test_an_id_in_the_path_beyond_any_row_is_a_404(researcher_api, path, value):
    response = researcher_api.get(path.format(value))

    assert response.status_code == 404
    assert set(response.json()) == SHAPE


def test_a_claim_named_in_a_body_by_an_id_beyond_any_row_is_a_field_error(reviewer_api):
    response = reviewer_api.post(
        "/api/v1/verdicts/",
        {"claim": int(HUGE), "rating": "false", "summary": "No."},
        format="json",
    )

    assert response.status_code == 400
    assert "claim" in response.json()["fields"]
