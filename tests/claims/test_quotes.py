"""Quote verification: a claim's quote looked up in the archived text of its article."""

import pytest
from django.urls import reverse

from claims.evidence import original_changed
from claims.models import Claim, QuoteStatus
from claims.quotes import excerpt, find_quote
from sources.models import Source
from sources.services import capture_request, capture_run
from tests.factories import ClaimFactory, SourceFactory
from tests.loopback import page

pytestmark = pytest.mark.django_db

ARTICLE = (
    "<html><head><title>Donetsk morgue</title></head><body><article><h1>Inside the morgue</h1>"
    "<p>The director spoke on Tuesday. “All the refrigerators are full — so we have nowhere "
    "else to put them,” he said, standing in the yard.</p><p>Nearly all the 368 civilian "
    "casualties since mid-April were killed by shrapnel, the chief mortician said.</p>"
    "</article></body></html>"
)
QUOTE = '"all the refrigerators are full - so we have\n nowhere else to put them"'


@pytest.mark.parametrize(
    "quote",
    [
        "All the refrigerators are full — so we have nowhere else to put them",
        "all the refrigerators are full -- so we have nowhere else",
        "ALL THE REFRIGERATORS   ARE FULL\u2013so we have",
        "“All the refrigerators are full",
        "'All the refrigerators are full",
    ],
)
def test_a_quote_is_found_whatever_its_whitespace_quotes_dashes_and_case(quote):
    text = "He said: “All the refrigerators are full — so we have nowhere else to put them.”"
    span = find_quote(quote.replace("--", "—"), text)
    assert span is not None
    assert text[span[0] : span[1]].startswith("All the refrigerators are full")


def test_other_words_are_not_found():
    assert find_quote("All the freezers are full", "All the refrigerators are full") is None
    assert find_quote('""', "anything") is None


def _capture(loopback, body: str = ARTICLE):
    loopback.route("/morgue", page(body.encode()))
    source = SourceFactory(url=loopback.url("/morgue"))
    claim = ClaimFactory(appearance=source, quote=QUOTE)
    assert claim.quote_status == QuoteStatus.NOT_CAPTURED
    capture = capture_run(capture_id=capture_request(source=source, send=False).pk)
    claim.refresh_from_db()
    return claim, capture


def test_a_new_capture_of_the_article_verifies_the_quote_with_its_span(
    archive_from_loopback, media
):
    claim, capture = _capture(archive_from_loopback)
    assert claim.quote_status == QuoteStatus.VERIFIED
    assert claim.quote_capture_id == capture.pk
    assert capture.text[claim.quote_start : claim.quote_end] == (
        "All the refrigerators are full — so we have nowhere else to put them"
    )
    revision = claim.revision
    before, match, after = excerpt(Claim.objects.select_related("quote_capture").get(pk=claim.pk))
    assert match.startswith("All the refrigerators")
    assert before.endswith("“")
    assert after.startswith(",” he said")
    assert claim.revision == revision, "a check is not an edit"


def test_changing_the_quote_checks_it_again(archive_from_loopback, media):
    claim, _ = _capture(archive_from_loopback)
    claim.quote = "All the refrigerators are empty"
    claim.save()
    claim.refresh_from_db()
    assert claim.quote_status == QuoteStatus.NOT_FOUND
    assert excerpt(claim) is None
    claim.quote = "killed by shrapnel"
    claim.save(update_fields=["quote"])
    claim.refresh_from_db()
    assert claim.quote_status == QuoteStatus.VERIFIED


def test_a_quote_edited_out_of_the_article_stays_verified_in_the_first_copy(
    archive_from_loopback, media
):
    claim, first = _capture(archive_from_loopback)
    archive_from_loopback.route(
        "/morgue", page(ARTICLE.replace("nowhere else", "little room").encode())
    )
    capture_run(capture_id=capture_request(source=claim.appearance, send=False).pk)
    claim = Claim.objects.select_related("appearance", "quote_capture").get(pk=claim.pk)
    assert claim.quote_status == QuoteStatus.VERIFIED
    assert claim.quote_capture_id == first.pk
    assert claim.appearance.health == Source.Health.CHANGED
    notice = original_changed(claim)
    assert notice.health == "changed"
    assert notice.capture_id == first.pk


def test_a_quote_missing_from_the_article_shows_a_warning_in_the_admin(
    archive_from_loopback, media, researcher_client
):
    claim, _ = _capture(archive_from_loopback, ARTICLE.replace("refrigerators", "freezers"))
    assert claim.quote_status == QuoteStatus.NOT_FOUND
    html = researcher_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content
    assert b"quote was not found in the archived text" in html
    listed = researcher_client.get(
        reverse("admin:claims_claim_changelist") + "?quote_status=not_found"
    )
    assert claim.text.encode() in listed.content


def test_the_admin_lists_claims_whose_evidence_is_at_risk(researcher_client):
    safe = ClaimFactory(appearance=SourceFactory(health=Source.Health.OK))
    changed = ClaimFactory(appearance=SourceFactory(health=Source.Health.CHANGED))
    cited_gone = ClaimFactory()
    cited_gone.citations.create(source=SourceFactory(health=Source.Health.GONE), role="supports")
    url = reverse("admin:claims_claim_changelist")
    html = researcher_client.get(url + "?evidence=at-risk").content.decode()
    assert changed.text in html
    assert cited_gone.text in html
    assert safe.text not in html
    html = researcher_client.get(url + "?evidence=gone").content.decode()
    assert cited_gone.text in html
    assert changed.text not in html
