"""A review's itemReviewed.appearance and firstAppearance become the imported claim's
appearances, first appearance first."""

import datetime

import pytest

from claims.claimreview import claimreview_import
from claims.models import Claim
from sources.models import Capture, Source
from tests.claims.claimreview.documents import (
    appearing,
    imported_appearances,
    refusals,
    review,
    work,
)
from tests.factories import AppearanceFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_list_of_appearances_becomes_the_claims_appearances_first_appearance_first(editor):
    document = appearing(
        appearance=[
            work("https://news.example.org/bread-1", "Bread prices"),
            "https://radio.example.org/bread",
            work("https://blog.example.org/bread?utm_source=x", "Bread again"),
        ]
    )

    report = claimreview_import(document=document, by=editor)

    assert len(report.created) == 1
    assert imported_appearances() == [
        ("https://news.example.org/bread-1", datetime.date(2024, 2, 28)),
        ("https://radio.example.org/bread", None),
        ("https://blog.example.org/bread", None),
    ]
    claim = Claim.objects.get()
    assert claim.first_appearance.source.url == "https://news.example.org/bread-1"
    assert claim.appearance_words == "\n".join([claim.text] * 3)
    assert Capture.objects.filter(status=Capture.Status.QUEUED).count() == 3


def test_the_first_appearance_comes_first_wherever_the_list_names_it(editor):
    document = appearing(
        appearance=[work("https://radio.example.org/bread"), work("https://news.example.org/a")],
        firstAppearance=work("https://news.example.org/a", "The first"),
    )

    claimreview_import(document=document, by=editor)

    assert imported_appearances() == [
        ("https://news.example.org/a", datetime.date(2024, 2, 28)),
        ("https://radio.example.org/bread", None),
    ]
    assert Source.objects.get(url="https://news.example.org/a").title == "The first"


def test_a_first_appearance_alone_is_where_the_claim_appeared(editor):
    claimreview_import(
        document=appearing(firstAppearance="https://news.example.org/a#comments"), by=editor
    )

    assert imported_appearances() == [("https://news.example.org/a", datetime.date(2024, 2, 28))]


def test_a_page_named_twice_is_one_appearance(editor):
    document = appearing(
        appearance=[work("https://news.example.org/a"), work("https://news.example.org/a?utm_x=1")]
    )

    claimreview_import(document=document, by=editor)

    assert imported_appearances() == [("https://news.example.org/a", datetime.date(2024, 2, 28))]


@pytest.mark.parametrize(
    ("item_reviewed", "code", "says"),
    [
        (
            {"appearance": [work("https://news.example.org/a"), work("ftp://x.example/b")]},
            "bad_url",
            "itemReviewed.appearance[1].url 'ftp://x.example/b': Only http:// and https://",
        ),
        (
            {"appearance": [work("https://news.example.org/a"), 42]},
            "missing_appearance",
            "itemReviewed.appearance[1] is neither a page nor a URL",
        ),
        (
            {"firstAppearance": {"@type": "CreativeWork", "headline": "No url"}},
            "bad_url",
            "itemReviewed.firstAppearance.url is missing",
        ),
        ({"appearance": []}, "missing_appearance", "itemReviewed.appearance is missing"),
        (
            {"appearance": [work("https://news.example.org/a", datePublished="soon")]},
            "bad_date",
            "itemReviewed.appearance[0].datePublished 'soon' is not a date",
        ),
    ],
)
def test_a_bad_appearance_refuses_the_review_and_says_which_one(editor, item_reviewed, code, says):
    refused = refusals([appearing(**item_reviewed), review(2)], by=editor)

    assert [(e.index, e.code) for e in refused] == [(0, code)]
    assert says in refused[0].reason
    assert refused[0].field.startswith("itemReviewed.")
    assert not Source.objects.exists()


def test_a_review_of_a_claim_logged_here_from_any_of_its_pages_is_skipped(editor):
    logged = ReadyClaimFactory(text="Bread prices doubled in year 1.")
    AppearanceFactory(claim=logged, source=SourceFactory(url="https://radio.example.org/bread"))
    document = appearing(
        appearance=[
            work("https://news.example.org/elsewhere"),
            work("https://radio.example.org/bread"),
        ]
    )

    report = claimreview_import(document=document, by=editor)

    assert [(e.claim, e.code) for e in report.skipped] == [(logged.pk, "duplicate")]
    assert "from https://radio.example.org/bread already" in report.skipped[0].reason
    assert Claim.objects.count() == 1
    assert not Source.objects.filter(url="https://news.example.org/elsewhere").exists()
