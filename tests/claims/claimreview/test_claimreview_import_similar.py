"""A review of a claim already logged in other words is attached to it, not imported as a
duplicate; a review only related to one is imported, and the report names the related
claim. The report says which happened."""

import datetime

import pytest

from claims.claimreview import claimreview_import
from claims.models import Appearance, Claim, Verdict
from tests.claims.claimreview.documents import review, work
from tests.claims.helpers import publish
from tests.factories import ClaimantFactory, ReadyClaimFactory

pytestmark = pytest.mark.django_db

LOGGED = "The captured Russian soldiers crossed the border into Ukraine by accident."
SAME_IN_OTHER_WORDS = "Russian soldiers crossed the border into Ukraine by accident, Moscow says."


@pytest.fixture
def accident(researcher, reviewer):
    claim = ReadyClaimFactory(
        created_by=researcher,
        text=LOGGED,
        quote="the soldiers had crossed the border by accident",
        claimant=ClaimantFactory(name="Russian Defence Ministry"),
    )
    publish(claim, researcher=researcher, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


def _review_of(text: str, n: int = 7, **changes) -> dict:
    data = review(n, claimReviewed=text, **changes)
    data["itemReviewed"]["author"] = {"@type": "Organization", "name": "Russian Defence Ministry"}
    return data


def test_a_review_of_the_same_claim_in_other_words_is_attached_to_it(editor, accident):
    verdicts_before = Verdict.objects.count()

    report = claimreview_import(document=_review_of(SAME_IN_OTHER_WORDS), by=editor)

    assert (len(report.created), len(report.attached), len(report.skipped)) == (0, 1, 0)
    entry = report.attached[0]
    assert (entry.claim, entry.code) == (accident.pk, "attached")
    assert entry.similar["claim"] == accident.pk
    assert entry.similar["level"] == "same"
    assert entry.similar["score"] >= 0.78
    assert entry.reason.startswith(f"Attached to claim {accident.pk}, the same claim (score ")
    assert "verdict was not imported" in entry.reason
    assert Claim.objects.count() == 1
    assert Verdict.objects.count() == verdicts_before
    added = Appearance.objects.get(claim=accident, source__url="https://news.example.org/bread-7")
    assert (added.quote, added.made_on, added.created_by) == (
        SAME_IN_OTHER_WORDS,
        datetime.date(2024, 2, 28),
        editor,
    )
    accident.refresh_from_db()
    assert SAME_IN_OTHER_WORDS in accident.appearance_words


def test_importing_the_attached_review_again_is_skipped_as_a_duplicate(editor, accident):
    claimreview_import(document=_review_of(SAME_IN_OTHER_WORDS), by=editor)

    again = claimreview_import(document=_review_of(SAME_IN_OTHER_WORDS), by=editor)

    assert (len(again.created), len(again.attached), len(again.skipped)) == (0, 0, 1)
    assert again.skipped[0].claim == accident.pk
    assert again.skipped[0].code == "duplicate"
    assert accident.appearances.count() == 2


def test_a_same_review_naming_only_pages_the_claim_appeared_in_is_skipped(editor, accident):
    page = accident.first_appearance.source.url
    document = _review_of(SAME_IN_OTHER_WORDS)
    document["itemReviewed"]["appearance"] = work(page)

    report = claimreview_import(document=document, by=editor)

    assert report.attached == []
    assert report.skipped[0].code == "duplicate"
    assert "appeared there already" in report.skipped[0].reason
    assert accident.appearances.count() == 1


def test_a_review_only_related_is_created_and_the_report_names_the_related_claim(editor, accident):
    related = "Russian soldiers crossed the border near Amvrosiivka on patrol last week."

    report = claimreview_import(document=_review_of(related), by=editor)

    assert (len(report.created), len(report.attached)) == (1, 0)
    entry = report.created[0]
    assert entry.claim != accident.pk
    assert entry.code == ""
    assert entry.similar["claim"] == accident.pk
    assert entry.similar["level"] == "related"
    assert entry.reason == (
        f"Created; claim {accident.pk} is related (score {entry.similar['score']:.2f}): look "
        "whether they are one claim."
    )
    assert Claim.objects.count() == 2


def test_a_review_like_nothing_logged_is_created_with_no_suggestion(editor, accident):
    report = claimreview_import(document=review(3), by=editor)

    assert report.created[0].similar is None
    assert report.created[0].reason == ""


def test_the_api_report_says_which_happened(accident, editor):
    from tests.claims.helpers import token_client

    response = token_client(editor).post(
        "/api/v1/claimreviews/import/",
        [_review_of(SAME_IN_OTHER_WORDS, 8), review(3)],
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert [e["claim"] for e in body["attached"]] == [accident.pk]
    assert body["attached"][0]["similar"]["level"] == "same"
    assert body["created"][0]["similar"] is None
