"""Reading other fact-checkers' ClaimReview JSON-LD into published claims: shapes, ratings,
duplicates, refusals, and who may import."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import services
from claims.claimreview import DocumentNotClaimReview, ImportRefused, claimreview_import
from claims.claimreview import import_ as importer
from claims.models import Claim, Claimant, Rating, Verdict
from claims.visibility import public_claims
from sources.models import Capture, Source
from tests.claims.claimreview.documents import rated, refusals, review
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_single_review_becomes_a_published_claim_with_its_claimant_source_and_verdict(editor):
    report = claimreview_import(document=review(), by=editor)

    assert [e.claim for e in report.created] == [Claim.objects.get().pk]
    claim = public_claims().select_related("claimant", "first_appearance__source").get()
    appearance = claim.first_appearance
    assert claim.text == appearance.quote == "Bread prices doubled in year 1."
    assert claim.appearances.count() == 1
    assert str(appearance.made_on) == "2024-02-28"
    assert claim.imported_from_url == "https://factcheck.example.net/reviews/1"
    assert (claim.claimant.name, claim.claimant.kind) == ("Jane Minister", Claimant.Kind.PERSON)
    source = appearance.source
    assert source.url == "https://news.example.org/bread-1"
    assert (source.title, source.publisher) == ("Bread prices", "Example News")
    assert Capture.objects.filter(source=source, status=Capture.Status.QUEUED).exists()
    verdict = claim.verdicts.get()
    assert (verdict.status, verdict.rating.label) == (Verdict.Status.PUBLISHED, "False")
    assert verdict.published_by == editor
    assert verdict.override_reason == "imported from https://factcheck.example.net/reviews/1"
    assert verdict.summary == "Rated False by Example Checks."


def test_a_list_and_a_data_feed_of_reviews_and_items_all_import(editor):
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            review(2),
            {"@type": "DataFeedItem", "item": review(3)},
            {"@type": "DataFeedItem", "item": [review(4), review(5)]},
        ],
    }

    listed = claimreview_import(document=[review(1)], by=editor)
    fed = claimreview_import(document=feed, by=editor)

    assert [e.where for e in listed.created] == ["[0]"]
    assert [e.where for e in fed.created] == [
        "dataFeedElement[0]",
        "dataFeedElement[1].item",
        "dataFeedElement[2].item[0]",
        "dataFeedElement[2].item[1]",
    ]
    assert public_claims().count() == 5
    assert Claimant.objects.filter(name="Jane Minister").count() == 1


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        ({"ratingValue": 4}, "Mostly true"),
        ({"ratingValue": "3", "bestRating": "5", "worstRating": "1"}, "Mixed"),
        ({"ratingValue": 10, "bestRating": 10, "worstRating": 0}, "True"),
        ({"ratingValue": 0, "bestRating": 10, "worstRating": 0}, "False"),
        ({"ratingValue": 1, "bestRating": 1, "worstRating": 5}, "True"),
        ({"alternateName": "mostly FALSE"}, "Mostly false"),
        ({"alternateName": "Unproven", "bestRating": 5, "worstRating": 1}, "Unproven"),
        ({"ratingValue": 7, "bestRating": 10, "worstRating": 1, "alternateName": "Mixed"}, "Mixed"),
        ({"ratingValue": 2, "alternateName": "Pants on fire"}, "Mostly false"),
    ],
)
def test_ratings_map_by_value_on_any_scale_or_by_alternate_name(editor, rating, label):
    report = claimreview_import(document=rated(rating), by=editor)

    assert len(report.created) == 1
    assert Verdict.objects.get().rating == Rating.objects.get(label=label)


@pytest.mark.parametrize(
    ("rating", "says"),
    [
        ({"ratingValue": 7, "bestRating": 10, "worstRating": 1}, "falls between two of our"),
        ({"ratingValue": 6}, "outside its scale"),
        ({"ratingValue": "high"}, "is not a number"),
        ({"alternateName": "Pants on fire"}, "none of our ratings"),
        ({"ratingValue": 5, "alternateName": "False"}, "make them agree"),
    ],
)
def test_a_rating_we_cannot_place_is_refused_with_the_reason(editor, rating, says):
    [refused] = refusals(rated(rating), by=editor)

    assert says in refused.reason
    assert refused.field.startswith("reviewRating")
    assert not Claim.objects.exists()


def test_importing_the_same_document_again_creates_nothing_new(editor):
    document = [review(1), review(2)]
    claimreview_import(document=document, by=editor)
    counts = [m.objects.count() for m in (Claim, Verdict, Claimant, Source, Capture)]

    again = claimreview_import(document=document, by=editor)

    assert again.created == []
    assert [e.code for e in again.skipped] == ["duplicate", "duplicate"]
    assert "Already imported from this url" in again.skipped[0].reason
    assert [m.objects.count() for m in (Claim, Verdict, Claimant, Source, Capture)] == counts


def test_a_review_of_a_claim_logged_here_already_is_skipped(editor):
    source = SourceFactory(url="https://news.example.org/bread-1")
    logged = ReadyClaimFactory(text="Bread prices doubled in year 1.", appearance=source)

    report = claimreview_import(document=review(1, url=None), by=editor)

    assert [(e.claim, e.code) for e in report.skipped] == [(logged.pk, "duplicate")]
    assert Claim.objects.count() == 1


def test_an_existing_claimant_of_the_same_name_is_reused(editor):
    known = ClaimantFactory(name="Jane Minister", kind=Claimant.Kind.GOVERNMENT)

    claimreview_import(document=review(), by=editor)

    assert Claim.objects.get().claimant == known


def test_bad_entries_are_reported_with_their_place_and_reason_and_keep_the_good_ones_out(editor):
    no_claim = review(2)
    del no_claim["claimReviewed"]
    bad_url = review(3)
    bad_url["itemReviewed"]["appearance"]["url"] = "javascript:alert(1)"
    no_appearance = review(5)
    del no_appearance["itemReviewed"]["appearance"]
    document = [
        review(1),
        no_claim,
        bad_url,
        {"@type": "Article", "headline": "Not a review"},
        no_appearance,
        rated({"alternateName": "Sort of"}, n=6),
        review(7, datePublished="last Tuesday"),
        "a string",
        review(8),
    ]

    refused = refusals(document, by=editor)

    assert [(e.index, e.code) for e in refused] == [
        (1, "missing_claim_reviewed"),
        (2, "bad_url"),
        (3, "wrong_type"),
        (4, "missing_appearance"),
        (5, "unknown_rating"),
        (6, "bad_date"),
        (7, "wrong_type"),
    ]
    assert all(e.reason.endswith(".") for e in refused)
    assert "'javascript:alert(1)': Only http:// and https://" in refused[1].reason
    assert not Claim.objects.exists()


def test_a_review_refused_while_it_is_written_leaves_nothing_behind(editor, monkeypatch):
    def refuse(**kwargs):
        raise services.VerdictIncomplete("The verdict could not be written.")

    monkeypatch.setattr(importer.services, "claim_import_reviewed", refuse)

    [refused] = refusals(review(), by=editor)

    assert refused.code == "verdict_incomplete"
    assert not Claimant.objects.exists()
    assert not Source.objects.exists()
    assert not Capture.objects.exists()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
PATHS = [
    ("url",),
    ("claimReviewed",),
    ("datePublished",),
    ("dateModified",),
    ("reviewRating",),
    ("reviewRating", "ratingValue"),
    ("reviewRating", "bestRating"),
    ("reviewRating", "alternateName"),
    ("itemReviewed",),
    ("itemReviewed", "author"),
    ("itemReviewed", "author", "name"),
    ("itemReviewed", "datePublished"),
    ("itemReviewed", "appearance"),
    ("itemReviewed", "appearance", "url"),
    ("itemReviewed", "appearance", "publisher"),
    ("itemReviewed", "firstAppearance"),
]


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=3))
def test_whatever_a_field_holds_each_review_is_created_skipped_or_refused(editor, changes):
    document = review(1)
    for path, value in changes:
        target = document
        for key in path[:-1]:
            target = target[key] if isinstance(target.get(key), dict) else {}
        target[path[-1]] = value

    # Examples share the database: what one imports, the next finds there.
    claims = Claim.objects.count()
    try:
        report = claimreview_import(document=[document], by=editor)
    except ImportRefused as refused:
        entries, imported = refused.refused, 0
    else:
        entries, imported = report.skipped, len(report.created)
    assert len(entries) + imported == 1
    assert all(e.code and e.reason for e in entries)
    assert Claim.objects.count() == claims + imported


def test_a_document_that_is_no_claimreview_at_all_is_refused_whole(editor):
    with pytest.raises(DocumentNotClaimReview):
        claimreview_import(document={"@type": "Article"}, by=editor)


def test_only_someone_who_may_publish_over_the_four_eyes_rule_may_import(reviewer, researcher):
    for user in (reviewer, researcher):
        with pytest.raises(services.NotPermitted):
            claimreview_import(document=review(), by=user)
    assert not Claim.objects.exists()
