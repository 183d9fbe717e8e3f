"""manage.py verify_quotes: appearances that missed the check when their source was captured,
and translations' original words."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.freshness import content_version
from claims.models import Appearance, Claim, QuoteStatus
from sources.models import Capture
from tests.factories import CaptureFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "The director spoke on Tuesday. “All the refrigerators are full — so we have nowhere "
    "else to put them,” he said, standing in the yard."
)
QUOTE = '"all the refrigerators are full - so we have nowhere else to put them"'


def _stored_capture(source, text: str, *, hours_ago: float = 0) -> Capture:
    """A good capture of source as a worker leaves it, written straight to the database: no
    capture_finished signal, as for every capture made before quotes were checked."""
    finished = timezone.now() - timedelta(hours=hours_ago)
    return CaptureFactory(
        source=source, status=Capture.Status.SUCCEEDED, text=text, finished_at=finished
    )


def _checked(claim: Claim) -> tuple:
    appearance = Appearance.objects.get(pk=claim.first_appearance_id)
    return (
        appearance.quote_status,
        appearance.quote_capture_id,
        appearance.quote_start,
        appearance.quote_end,
    )


@pytest.fixture
def unchecked():
    """Three claims still marked not yet captured: one whose article's capture holds its
    quote, one whose article's capture does not, and one whose article has no capture."""
    article = SourceFactory()
    quoted = ClaimFactory(appearance=article, quote=QUOTE)
    misquoted = ClaimFactory(appearance=article, quote="the morgue had room to spare")
    uncaptured = ClaimFactory()
    for claim in (quoted, misquoted, uncaptured):
        assert _checked(claim)[0] == QuoteStatus.NOT_CAPTURED
    capture = _stored_capture(article, TEXT)
    return quoted, misquoted, uncaptured, capture


def test_it_checks_claims_not_yet_captured_against_their_articles_capture(unchecked, capsys):
    quoted, misquoted, uncaptured, capture = unchecked

    call_command("verify_quotes")

    status, capture_id, start, end = _checked(quoted)
    assert status == QuoteStatus.VERIFIED
    assert capture_id == capture.pk
    assert TEXT[start:end] == (
        "All the refrigerators are full — so we have nowhere else to put them"
    )
    assert _checked(misquoted)[:2] == (QuoteStatus.NOT_FOUND, capture.pk)
    assert _checked(uncaptured) == (QuoteStatus.NOT_CAPTURED, None, None, None)
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        ["Not", "yet", "captured", "1"],
        ["Verified", "1"],
        ["Not", "found", "1"],
        ["3", "checked,", "2", "changed."],
    ]


def test_running_it_again_changes_nothing(unchecked, capsys):
    claims = unchecked[:3]
    call_command("verify_quotes", "--all")
    first = [_checked(claim) for claim in claims]
    capsys.readouterr()

    call_command("verify_quotes")
    assert capsys.readouterr().out.splitlines()[-1] == "1 checked, 0 changed."
    call_command("verify_quotes", "--all")
    assert capsys.readouterr().out.splitlines()[-1] == "3 checked, 0 changed."
    assert [_checked(claim) for claim in claims] == first


def test_by_default_it_leaves_checked_claims_alone_and_all_checks_them_again(capsys):
    article = SourceFactory()
    _stored_capture(article, "An earlier version of the story, without the quote.", hours_ago=2)
    claim = ClaimFactory(appearance=article, quote=QUOTE)
    assert _checked(claim)[0] == QuoteStatus.NOT_FOUND
    later = _stored_capture(article, TEXT)

    call_command("verify_quotes")
    assert _checked(claim)[0] == QuoteStatus.NOT_FOUND
    assert capsys.readouterr().out.splitlines()[-1] == "0 checked, 0 changed."

    call_command("verify_quotes", "--all")
    assert _checked(claim)[:2] == (QuoteStatus.VERIFIED, later.pk)
    assert capsys.readouterr().out.splitlines()[-1] == "1 checked, 1 changed."


def test_claim_checks_the_claim_named_by_slug_or_id_and_no_other(unchecked):
    quoted, misquoted, *_ = unchecked

    call_command("verify_quotes", "--claim", quoted.slug)
    assert _checked(quoted)[0] == QuoteStatus.VERIFIED
    assert _checked(misquoted)[0] == QuoteStatus.NOT_CAPTURED

    call_command("verify_quotes", "--claim", str(misquoted.pk))
    assert _checked(misquoted)[0] == QuoteStatus.NOT_FOUND

    with pytest.raises(CommandError, match="No claim with the slug or id no-such-claim"):
        call_command("verify_quotes", "--claim", "no-such-claim")


def test_a_changed_result_marks_the_public_pages_stale(
    unchecked, django_capture_on_commit_callbacks
):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("verify_quotes")
    changed = content_version()
    assert changed != before

    with django_capture_on_commit_callbacks(execute=True):
        call_command("verify_quotes", "--all")
    assert content_version() == changed, "nothing changed, so the pages stay cached"


def test_it_checks_a_translations_original_words_against_a_cited_source_in_their_language(
    capsys,
):
    claim = ClaimFactory(quote="We've come as cannon fodder")
    appearance = claim.first_appearance
    Appearance.objects.filter(pk=appearance.pk).update(
        original_quote="Мы пришли как пушечное мясо",
        original_language="ru",
        translated_by="outlet",
    )
    video = SourceFactory(language="ru")
    claim.citations.create(source=video, role="origin")
    _stored_capture(video, "Он сказал: «Мы пришли как пушечное мясо», и замолчал.")

    call_command("verify_quotes")

    appearance.refresh_from_db()
    assert appearance.original_status == QuoteStatus.VERIFIED
    assert "original words, verified: 1" in capsys.readouterr().out.splitlines()
