"""GET /api/v1/sources/{id}/suggested-claims/: the sentences of a source's archived text that
read as claims, best first, with their guesses; staff only."""

import pytest

from claims.models import Claimant
from claims.suggestions.build import suggest_for_source
from tests.claims.helpers import token_client
from tests.claims.suggestions.conftest import archived
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _url(source) -> str:
    return f"/api/v1/sources/{source.pk}/suggested-claims/"


def test_staff_read_the_suggestions_best_first_with_their_guesses(researcher):
    un = Claimant.objects.create(name="United Nations", slug="un", kind="organisation")
    source = archived()
    suggest_for_source(source)
    response = token_client(researcher).get(_url(source))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["note"] == ""
    results = body["results"]
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    fled = next(r for r in results if r["sentence"].startswith("At least 344,000"))
    text = source.captures.get().text
    assert text[fled["start"] : fled["end"]] == fled["sentence"]
    assert fled["claimant_guess"]["id"] == un.pk
    assert fled["claimant_guess"]["name"] == "United Nations"
    assert {"figure", "attributed"} <= {reason["kind"] for reason in fled["reasons"]}
    assert fled["figures"][0]["value"] == 344_000
    chain = next(r for r in results if r["sentence"].startswith("Reuters"))
    assert chain["chain_guess"] == [
        {"name": "Reuters", "verb": "citing"},
        {"name": "Russian news agencies", "verb": "quoting"},
        {"name": "defence ministry source", "verb": "said"},
    ]
    assert chain["claimant_guess"] == {
        "id": None,
        "name": "defence ministry source",
        "kind": "person",
        "how": "read from its citing and quoting",
    }


def test_a_source_never_read_or_without_text_says_why(researcher):
    source = SourceFactory()
    body = token_client(researcher).get(_url(source)).json()
    assert body == {"results": [], "note": "Not read yet: its text is read once it is archived."}
    suggest_for_source(source)
    body = token_client(researcher).get(_url(source)).json()
    assert body["note"] == "No suggestions: the source has not been archived yet."


def test_readers_and_outsiders_are_refused_in_the_error_shape(client, outsider):
    source = archived()
    suggest_for_source(source)
    anonymous = client.get(_url(source))
    assert anonymous.status_code in (401, 403, 404)
    assert set(anonymous.json()) == {"code", "message", "fields"}
    refused = token_client(outsider).get(_url(source))
    assert refused.status_code in (403, 404)
    assert "sentence" not in refused.content.decode()
