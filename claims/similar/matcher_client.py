"""Talking to the matcher (`manage.py matcher`), the one process that holds the model and
the stored vectors: web processes and workers ask it over loopback HTTP and never load the
model themselves.

Every way the matcher can fail to help (switched off, not running, still loading, no model,
too slow) is a MatcherUnavailable whose text says which, in words a researcher can read, so
suggestions fall back to wording and tell why.
"""

import http.client
import json
from urllib.parse import urlsplit

from django.conf import settings


class MatcherUnavailable(Exception):
    """The matcher cannot answer now; str() is the reason, for people."""


class MatcherRefused(MatcherUnavailable):
    """The matcher answered, and refused what it was asked (a 4xx): asking again will not
    help, unlike the other ways of being unavailable."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def _request(method: str, path: str, payload: dict | None, timeout: float) -> tuple[int, dict]:
    url = settings.SIMILAR_MATCHER_URL
    if not url:
        raise MatcherUnavailable("matching by meaning is switched off (SIMILAR_MATCHER_URL)")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MatcherUnavailable(f"SIMILAR_MATCHER_URL is not an http:// address: {url!r}")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=timeout)
    # Non-ASCII stays as UTF-8 bytes: escaped, Cyrillic would take three times the room
    # under the matcher's cap on a body.
    body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    try:
        connection.request(method, parts.path.rstrip("/") + path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
    except TimeoutError as error:
        raise MatcherUnavailable(f"the matcher took longer than {timeout:g} s to answer") from error
    except OSError as error:
        raise MatcherUnavailable(f"the matcher is not running at {url}") from error
    except http.client.HTTPException as error:
        raise MatcherUnavailable(f"the matcher at {url} broke off its answer") from error
    finally:
        connection.close()
    # A redirect is never followed: the setting names the matcher, nothing else.
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise MatcherUnavailable(
            f"the matcher at {url} answered {response.status} with no JSON object"
        )
    return response.status, answer


def _ok(status: int, answer: dict) -> dict:
    if status == 200:
        return answer
    code = str(answer.get("error", ""))
    detail = str(answer.get("detail", "")) or f"HTTP {status}"
    if code == "no_model":
        raise MatcherUnavailable(f"the matcher has no model: {detail}")
    if code == "loading":
        raise MatcherUnavailable(f"the matcher is still loading: {detail}")
    if 400 <= status < 500:
        raise MatcherRefused(f"the matcher refused the request: {detail}", code)
    raise MatcherUnavailable(f"the matcher failed: {detail}")


def search(text: str, limit: int) -> tuple[str, list[dict]]:
    """The claims whose stored texts are closest in meaning to text, best first: the model's
    name and [{"claim": id, "score": cosine}], at most limit."""
    answer = _ok(
        *_request(
            "POST", "/search", {"text": text, "limit": limit}, settings.SIMILAR_MATCHER_TIMEOUT
        )
    )
    return answer["model"], [
        {"claim": int(row["claim"]), "score": float(row["score"])} for row in answer["results"]
    ]


def embed(texts: list[str]) -> tuple[str, list[list[float]]]:
    """The model's name and one normalised vector per text, in order."""
    answer = _ok(*_request("POST", "/embed", {"texts": texts}, settings.SIMILAR_EMBED_TIMEOUT))
    vectors = answer["vectors"]
    if len(vectors) != len(texts):
        raise MatcherUnavailable(f"the matcher gave {len(vectors)} vectors for {len(texts)} texts")
    return answer["model"], vectors


def health() -> dict:
    """What the matcher says of itself: {"status": "ok", "model", "vectors", "claims"} or,
    when it runs without a model, {"status": "no_model" | "loading", "detail"}. Raises
    MatcherUnavailable when it is switched off, not running or too slow."""
    _, answer = _request("GET", "/health", None, settings.SIMILAR_MATCHER_TIMEOUT)
    return answer
