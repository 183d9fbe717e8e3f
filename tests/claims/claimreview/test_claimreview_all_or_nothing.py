"""A ClaimReview document imports whole or not at all: one bad review keeps every other out,
and the refusal names the entry and the field at fault. What an imported review carries into
the rationale is words, never Markdown a reader could click."""

import json

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.claimreview import ImportRefused, claimreview_import
from claims.claimreview import import_ as importer
from claims.models import Claim, Claimant, Verdict
from sources.models import Source
from tests.claims.claimreview.documents import rated, review
from tests.claims.helpers import token_client

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/claimreviews/import/"
HUGE = int("9" * 400)


def _feed(*reviews) -> dict:
    return {"@type": "DataFeed", "dataFeedElement": list(reviews)}


def test_a_rating_value_too_large_for_a_float_is_refused_and_nothing_is_imported(editor):
    document = _feed(review(1), rated({"ratingValue": HUGE}, n=2), review(3))

    with pytest.raises(ImportRefused) as refused:
        claimreview_import(document=document, by=editor)

    [entry] = refused.value.refused
    assert (entry.where, entry.field, entry.code) == (
        "dataFeedElement[1]",
        "reviewRating.ratingValue",
        "unknown_rating",
    )
    assert "not a number we can read" in entry.reason
    assert not Claim.objects.exists()
    assert not Source.objects.exists()


def test_the_api_answers_a_document_with_a_bad_review_with_a_400_naming_it(editor):
    document = _feed(review(1), rated({"ratingValue": HUGE}, n=2), review(3))

    response = token_client(editor).post(
        IMPORT, json.dumps(document), content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "import_refused"
    assert "1 of 3 reviews" in body["message"]
    assert "nothing was imported" in body["message"]
    assert list(body["fields"]) == ["dataFeedElement[1].reviewRating.ratingValue"]
    assert not Claim.objects.exists()


def test_every_bad_review_is_named_with_its_field(editor):
    no_claim = review(2)
    del no_claim["claimReviewed"]
    bad_url = review(3)
    bad_url["itemReviewed"]["appearance"]["url"] = "javascript:alert(1)"
    document = [review(1), no_claim, bad_url, review(4, datePublished="last Tuesday")]

    with pytest.raises(ImportRefused) as refused:
        claimreview_import(document=document, by=editor)

    assert [(e.where, e.field, e.code) for e in refused.value.refused] == [
        ("[1]", "claimReviewed", "missing_claim_reviewed"),
        ("[2]", "itemReviewed.appearance.url", "bad_url"),
        ("[3]", "datePublished", "bad_date"),
    ]
    assert refused.value.total == 4
    assert not Claim.objects.exists()


def test_a_review_refused_while_it_is_written_takes_the_ones_before_it_back(editor, monkeypatch):
    write = importer.services.claim_import_reviewed

    def refuse_the_second(**kwargs):
        if kwargs["text"] == review(2)["claimReviewed"]:
            raise services.VerdictIncomplete("The verdict could not be written.", field="summary")
        return write(**kwargs)

    monkeypatch.setattr(importer.services, "claim_import_reviewed", refuse_the_second)

    with pytest.raises(ImportRefused) as refused:
        claimreview_import(document=[review(1), review(2), review(3)], by=editor)

    [entry] = refused.value.refused
    assert (entry.where, entry.code) == ("[1]", "verdict_incomplete")
    assert not Claim.objects.exists()
    assert not Claimant.objects.exists()
    assert not Verdict.objects.exists()


def test_the_command_imports_nothing_from_a_feed_with_a_bad_review(editor, tmp_path, capsys):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(_feed(review(1), rated({"ratingValue": HUGE}, n=2))))

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_claimreview", str(path), by=editor.username)

    err = capsys.readouterr().err
    assert "refused  dataFeedElement[1].reviewRating.ratingValue (unknown_rating)" in err
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://factcheck.example.net/r/1>[pwn](https://evil.example.net)<",
        "https://factcheck.example.net/r/<b>1</b>",
        "https://factcheck.example.net/r/1\u202egnp.exe",
    ],
)
def test_a_review_url_that_is_not_a_plain_url_is_refused(editor, url):
    with pytest.raises(ImportRefused) as refused:
        claimreview_import(document=review(1, url=url), by=editor)

    [entry] = refused.value.refused
    assert (entry.field, entry.code) == ("url", "bad_url")


@pytest.mark.parametrize(
    "name",
    [
        "[pwn](https://evil.example.net)",
        "<a href='https://evil.example.net'>pwn</a>",
        "Checks ![x](https://evil.example.net/pixel.png)",
        "Checks <https://evil.example.net>",
    ],
)
def test_the_review_authors_name_is_shown_as_words_not_as_a_link(editor, name):
    document = review(1, author={"@type": "Organization", "name": name})

    claimreview_import(document=document, by=editor)

    html = Verdict.objects.get().rationale_html
    assert "<img" not in html
    assert html.count("<a ") == 1, "only the review's own url is a link"
    assert html.count('href="https://factcheck.example.net/reviews/1"') == 1
