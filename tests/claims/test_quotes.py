"""Quote verification: an appearance's words looked up in the archived text of its source,
and a translation's original words in a cited source in their language."""

import pytest
from django.urls import reverse

from claims.evidence import original_changed
from claims.models import Appearance, QuoteStatus
from claims.quotes import excerpt, find_quote
from sources.models import Source
from sources.services import capture_request, capture_run
from tests.factories import AppearanceFactory, ClaimFactory, SourceFactory
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


def _capture(loopback, body: str = ARTICLE, path: str = "/morgue"):
    """An appearance of words in a page of loopback, and that page's first capture."""
    loopback.route(path, page(body.encode()))
    source = SourceFactory(url=loopback.url(path))
    appearance = ClaimFactory(appearance=source, quote=QUOTE).first_appearance
    assert appearance.quote_status == QuoteStatus.NOT_CAPTURED
    capture = capture_run(capture_id=capture_request(source=source, send=False).pk)
    appearance.refresh_from_db()
    return appearance, capture


def test_a_new_capture_of_the_article_verifies_the_quote_with_its_span(
    archive_from_loopback, media
):
    appearance, capture = _capture(archive_from_loopback)
    assert appearance.quote_status == QuoteStatus.VERIFIED
    assert appearance.quote_capture_id == capture.pk
    assert capture.text[appearance.quote_start : appearance.quote_end] == (
        "All the refrigerators are full — so we have nowhere else to put them"
    )
    before, match, after = excerpt(
        Appearance.objects.select_related("quote_capture").get(pk=appearance.pk)
    )
    assert match.startswith("All the refrigerators")
    assert before.endswith("“")
    assert after.startswith(",” he said")
    assert appearance.revision == 1, "a check is not an edit"


def test_changing_the_words_checks_them_again(archive_from_loopback, media):
    appearance, _ = _capture(archive_from_loopback)
    appearance.quote = "All the refrigerators are empty"
    appearance.save()
    appearance.refresh_from_db()
    assert appearance.quote_status == QuoteStatus.NOT_FOUND
    assert excerpt(appearance) is None
    appearance.quote = "killed by shrapnel"
    appearance.save(update_fields=["quote"])
    appearance.refresh_from_db()
    assert appearance.quote_status == QuoteStatus.VERIFIED


def test_a_quote_edited_out_of_the_article_stays_verified_in_the_first_copy(
    archive_from_loopback, media
):
    appearance, first = _capture(archive_from_loopback)
    archive_from_loopback.route(
        "/morgue", page(ARTICLE.replace("nowhere else", "little room").encode())
    )
    capture_run(capture_id=capture_request(source=appearance.source, send=False).pk)
    appearance = Appearance.objects.select_related("source", "quote_capture").get(pk=appearance.pk)
    assert appearance.quote_status == QuoteStatus.VERIFIED
    assert appearance.quote_capture_id == first.pk
    assert appearance.source.health == Source.Health.CHANGED
    notice = original_changed(appearance)
    assert notice.health == "changed"
    assert notice.capture_id == first.pk


def test_a_quote_missing_from_the_article_shows_a_warning_in_the_admin(
    archive_from_loopback, media, researcher_client
):
    appearance, _ = _capture(archive_from_loopback, ARTICLE.replace("refrigerators", "freezers"))
    assert appearance.quote_status == QuoteStatus.NOT_FOUND
    claim = appearance.claim
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


SAID_ON_VIDEO = "На видео он говорит: «Мы пришли как пушечное мясо», глядя в камеру."
RUSSIAN_PAGE = (
    "<html><head><title>Video</title></head><body><article>"
    f"<p>{SAID_ON_VIDEO}</p><p>Его сослуживцы молчат.</p></article></body></html>"
)


def _translation(**fields):
    """A claim whose appearance is a translation from Russian, with its original words."""
    claim = ClaimFactory(quote="We've come as cannon fodder")
    appearance = claim.first_appearance
    appearance.original_quote = "Мы пришли как пушечное мясо"
    appearance.original_language = "ru"
    appearance.translated_by = "outlet"
    for name, value in fields.items():
        setattr(appearance, name, value)
    appearance.save()
    appearance.refresh_from_db()
    return claim, appearance


def test_original_words_are_checked_against_a_cited_source_in_their_language(
    archive_from_loopback, media
):
    claim, appearance = _translation()
    assert appearance.original_status == QuoteStatus.NO_SOURCE

    archive_from_loopback.route("/video", page(RUSSIAN_PAGE.encode()))
    video = SourceFactory(url=archive_from_loopback.url("/video"), language="ru-RU")
    claim.citations.create(source=video, role="origin")
    appearance.refresh_from_db()
    assert appearance.original_status == QuoteStatus.NOT_CAPTURED, "cited, not yet archived"

    capture = capture_run(capture_id=capture_request(source=video, send=False).pk)
    appearance.refresh_from_db()
    assert appearance.original_status == QuoteStatus.VERIFIED
    assert appearance.original_capture_id == capture.pk
    assert capture.text[appearance.original_start : appearance.original_end] == (
        "Мы пришли как пушечное мясо"
    )
    # The published English words are checked against their own source, not the video.
    assert appearance.quote_status == QuoteStatus.NOT_CAPTURED


def test_a_cited_source_in_another_language_does_not_check_the_original_words(
    archive_from_loopback, media
):
    claim, appearance = _translation()
    archive_from_loopback.route("/video", page(RUSSIAN_PAGE.encode()))
    # The same page, catalogued as English: its words are not the original's language.
    english = SourceFactory(url=archive_from_loopback.url("/video"), language="en")
    claim.citations.create(source=english, role="context")
    capture_run(capture_id=capture_request(source=english, send=False).pk)
    appearance.refresh_from_db()
    assert appearance.original_status == QuoteStatus.NO_SOURCE


def test_original_words_missing_from_the_cited_source_are_not_found(archive_from_loopback, media):
    claim, appearance = _translation(original_quote="Мы пришли с миром")
    archive_from_loopback.route("/video", page(RUSSIAN_PAGE.encode()))
    video = SourceFactory(url=archive_from_loopback.url("/video"), language="ru")
    claim.citations.create(source=video, role="origin")
    capture_run(capture_id=capture_request(source=video, send=False).pk)
    appearance.refresh_from_db()
    assert appearance.original_status == QuoteStatus.NOT_FOUND


def test_a_capture_checks_every_appearance_in_its_source(archive_from_loopback, media):
    archive_from_loopback.route("/morgue", page(ARTICLE.encode()))
    source = SourceFactory(url=archive_from_loopback.url("/morgue"))
    first = ClaimFactory(appearance=source, quote="killed by shrapnel", position=2)
    second = ClaimFactory(appearance=source, quote=QUOTE, position=1)
    AppearanceFactory(claim=first, source=SourceFactory(), quote="killed by shrapnel")

    capture_run(capture_id=capture_request(source=source, send=False).pk)

    statuses = dict(
        Appearance.objects.filter(source=source).values_list("claim_id", "quote_status")
    )
    assert statuses == {first.pk: QuoteStatus.VERIFIED, second.pk: QuoteStatus.VERIFIED}
    elsewhere = first.appearances.exclude(source=source).get()
    assert elsewhere.quote_status == QuoteStatus.NOT_CAPTURED
