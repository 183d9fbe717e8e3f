import copy
import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import services
from claims.claimreview import DocumentNotClaimReview, claimreview_import
from claims.claimreview import import_ as importer
from claims.demo import load_demo
from claims.models import Appearance, Attribution, Citation, Claim, Claimant, Rating, Verdict
from claims.visibility import public_claims
from sources.models import Capture, Source
from tests.claims.helpers import publish, token_client
from tests.factories import AppearanceFactory, ClaimantFactory, ReadyClaimFactory, SourceFactory
from tests.loopback import page

pytestmark = pytest.mark.django_db


def review(n: int = 1, **changes) -> dict:
    """A ClaimReview as another fact-checker would publish it."""
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example.net/reviews/{n}",
        "claimReviewed": f"Bread prices doubled in year {n}.",
        "datePublished": f"2024-03-{n % 28 + 1:02d}",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Minister"},
            "datePublished": "2024-02-28",
            "appearance": {
                "@type": "CreativeWork",
                "url": f"https://news.example.org/bread-{n}?utm_source=feed",
                "headline": "Bread prices",
                "publisher": {"@type": "Organization", "name": "Example News"},
            },
        },
    }
    data.update(changes)
    return data


def rated(rating: dict, n: int = 1) -> dict:
    return review(n, reviewRating={"@type": "Rating", **rating})


def work(url: str, headline: str = "", **fields) -> dict:
    """A CreativeWork the reviewed claim appeared in."""
    return {"@type": "CreativeWork", "url": url, "headline": headline, **fields}


def appearing(n: int = 1, **item_reviewed) -> dict:
    """A review whose itemReviewed says where the claim appeared with item_reviewed."""
    data = review(n)
    del data["itemReviewed"]["appearance"]
    data["itemReviewed"].update(item_reviewed)
    return data


def imported_appearances() -> list[tuple[str, object]]:
    claim = Claim.objects.get()
    return [
        (a.source.url, a.made_on) for a in claim.appearances.select_related("source").order_by("pk")
    ]


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

    assert report.refused == []
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
    report = claimreview_import(document=rated(rating), by=editor)

    assert not report.created
    assert says in report.refused[0].reason
    assert not Claim.objects.exists()


def test_importing_the_same_document_again_creates_nothing_new(editor):
    document = [review(1), review(2)]
    claimreview_import(document=document, by=editor)
    counts = [m.objects.count() for m in (Claim, Verdict, Claimant, Source, Capture)]

    again = claimreview_import(document=document, by=editor)

    assert again.created == again.refused == []
    assert [e.code for e in again.skipped] == ["duplicate", "duplicate"]
    assert "Already imported from this url" in again.skipped[0].reason
    assert [m.objects.count() for m in (Claim, Verdict, Claimant, Source, Capture)] == counts


def test_a_review_of_a_claim_logged_here_already_is_skipped(editor):
    source = SourceFactory(url="https://news.example.org/bread-1")
    logged = ReadyClaimFactory(text="Bread prices doubled in year 1.", appearance=source)

    report = claimreview_import(document=review(1, url=None), by=editor)

    assert [(e.claim, e.code) for e in report.skipped] == [(logged.pk, "duplicate")]
    assert Claim.objects.count() == 1


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
    report = claimreview_import(document=[appearing(**item_reviewed), review(2)], by=editor)

    assert [(e.index, e.code) for e in report.refused] == [(0, code)]
    assert says in report.refused[0].reason
    assert [e.index for e in report.created] == [1]
    assert not Source.objects.exclude(url="https://news.example.org/bread-2").exists()


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


def test_an_existing_claimant_of_the_same_name_is_reused(editor):
    known = ClaimantFactory(name="Jane Minister", kind=Claimant.Kind.GOVERNMENT)

    claimreview_import(document=review(), by=editor)

    assert Claim.objects.get().claimant == known


def test_bad_entries_are_reported_with_their_place_and_reason_while_good_ones_import(editor):
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

    report = claimreview_import(document=document, by=editor)

    assert [e.index for e in report.created] == [0, 8]
    assert [(e.index, e.code) for e in report.refused] == [
        (1, "missing_claim_reviewed"),
        (2, "bad_url"),
        (3, "wrong_type"),
        (4, "missing_appearance"),
        (5, "unknown_rating"),
        (6, "bad_date"),
        (7, "wrong_type"),
    ]
    assert all(e.reason.endswith(".") for e in report.refused)
    assert "'javascript:alert(1)': Only http:// and https://" in report.refused[1].reason
    assert Claim.objects.count() == 2


def test_a_review_refused_while_it_is_written_leaves_nothing_behind(editor, monkeypatch):
    def refuse(**kwargs):
        raise services.VerdictIncomplete("The verdict could not be written.")

    monkeypatch.setattr(importer.services, "claim_import_reviewed", refuse)

    report = claimreview_import(document=review(), by=editor)

    assert report.refused[0].code == "verdict_incomplete"
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

    report = claimreview_import(document=[document], by=editor)

    assert len(report.created) + len(report.skipped) + len(report.refused) == 1
    assert all(e.code and e.reason for e in report.skipped + report.refused)


def test_a_document_that_is_no_claimreview_at_all_is_refused_whole(editor):
    with pytest.raises(DocumentNotClaimReview):
        claimreview_import(document={"@type": "Article"}, by=editor)


def test_only_someone_who_may_publish_over_the_four_eyes_rule_may_import(reviewer, researcher):
    for user in (reviewer, researcher):
        with pytest.raises(services.NotPermitted):
            claimreview_import(document=review(), by=user)
    assert not Claim.objects.exists()


# The command ---------------------------------------------------------------------------------


def test_the_command_imports_a_file_and_fails_when_a_review_was_refused(editor, tmp_path, capsys):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([review(1), rated({"ratingValue": 9})]))

    with pytest.raises(CommandError, match="1 review"):
        call_command("import_claimreview", str(path), by=editor.username)

    out, err = capsys.readouterr()
    assert "created  [0]" in out
    assert "1 created, 0 skipped, 1 refused." in out
    assert "refused  [1] (unknown_rating): ratingValue 9 is outside its scale" in err
    again = tmp_path / "again.json"
    again.write_text(json.dumps(review(1)))
    call_command("import_claimreview", str(again), by=editor.username)
    assert "0 created, 1 skipped, 0 refused." in capsys.readouterr().out


def test_the_command_fetches_a_url_through_the_safe_fetcher(editor, archive_from_loopback, capsys):
    body = json.dumps({"@type": "DataFeed", "dataFeedElement": [review(1), review(2)]})
    archive_from_loopback.route("/feed.json", page(body.encode(), content_type="application/json"))

    call_command("import_claimreview", archive_from_loopback.url("/feed.json"), by=editor.username)

    assert "2 created, 0 skipped, 0 refused." in capsys.readouterr().out
    assert public_claims().count() == 2


def test_the_command_will_not_fetch_from_a_private_address(editor, loopback):
    loopback.route("/feed.json", page(json.dumps(review()).encode()))

    with pytest.raises(CommandError, match="Could not fetch"):
        call_command("import_claimreview", loopback.url("/feed.json"), by=editor.username)
    assert loopback.requests == []


def test_the_command_says_when_the_file_is_not_json(editor, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text("<html>")

    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_claimreview", str(path), by=editor.username)


# The API -------------------------------------------------------------------------------------

IMPORT = "/api/v1/claimreviews/import/"


def test_anonymous_clients_must_sign_in_to_import(anonymous):
    response = anonymous.post(IMPORT, review(), format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_researchers_and_reviewers_may_not_import(researcher_api, reviewer_api):
    for client in (researcher_api, reviewer_api):
        response = client.post(IMPORT, review(), format="json")
        assert response.status_code == 403
        assert set(response.json()) == {"code", "message", "fields"}
    assert not Claim.objects.exists()


def test_an_editor_imports_over_the_api_and_gets_the_report(editor):
    response = token_client(editor).post(IMPORT, [review(1), {"@type": "Thing"}], format="json")

    assert response.status_code == 200
    report = response.json()
    assert [e["claim"] for e in report["created"]] == [Claim.objects.get().pk]
    assert report["refused"][0]["index"] == 1
    assert report["refused"][0]["code"] == "wrong_type"


def test_a_body_that_is_no_claimreview_gets_the_error_shape(editor):
    response = token_client(editor).post(IMPORT, {"hello": "world"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "not_claimreview"


# The round trip ------------------------------------------------------------------------------


def _empty_the_database() -> None:
    # A shown verdict can't be deleted from under its claim; let go of it first.
    Claim.objects.update(published_verdict=None, verdict_published_at=None)
    for model in (Verdict, Citation, Attribution, Appearance, Claim, Claimant, Capture, Source):
        model.objects.all().delete()


def _where_each_claim_appeared() -> dict[str, list[str]]:
    return {
        claim.text: [
            a.source.url
            for a in claim.appearances.select_related("source").order_by(
                F("made_on").asc(nulls_last=True), "pk"
            )
        ]
        for claim in Claim.objects.all()
    }


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_documents(
    anonymous, editor, researcher, reviewer, second_reviewer
):
    organisation = ClaimantFactory(name="Ministry of Bread", kind=Claimant.Kind.GOVERNMENT)
    publish(ReadyClaimFactory(created_by=researcher), researcher=researcher, reviewer=reviewer)
    publish(
        ReadyClaimFactory(created_by=researcher, claimant=organisation, made_on=None),
        researcher=researcher,
        reviewer=reviewer,
        rating="unproven",
    )
    corrected = ReadyClaimFactory(created_by=researcher)
    first = publish(corrected, researcher=researcher, reviewer=reviewer, rating="mixed")
    correction = services.verdict_correct(
        verdict=first, by=second_reviewer, correction_note="New figures.", rating=None
    )
    services.verdict_publish(verdict=correction, by=reviewer)
    exported = anonymous.get("/api/v1/claimreviews/").json()
    assert any("dateModified" in r for r in exported["dataFeedElement"])

    _empty_the_database()
    report = claimreview_import(document=copy.deepcopy(exported), by=editor)

    assert (len(report.created), report.skipped, report.refused) == (3, [], [])
    assert anonymous.get("/api/v1/claimreviews/").json() == exported
    assert Claimant.objects.get(name="Ministry of Bread").kind == Claimant.Kind.ORGANISATION


def test_a_claim_with_several_appearances_comes_back_with_them_and_exports_unchanged(
    anonymous, editor, researcher, reviewer
):
    article = SourceFactory(url="https://news.example.org/story", title="The story")
    travelled = ReadyClaimFactory(
        created_by=researcher, appearance=article, made_on=datetime.date(2024, 5, 1)
    )
    # Reported again elsewhere later, once with no date, and carried again in a caption of
    # the first article: schema.org names each page once.
    for url, made_on in [
        ("https://radio.example.org/later", datetime.date(2024, 5, 3)),
        ("https://wire.example.org/undated", None),
    ]:
        AppearanceFactory(claim=travelled, source=SourceFactory(url=url), made_on=made_on)
    AppearanceFactory(
        claim=travelled, source=article, position=9, made_on=datetime.date(2024, 5, 2)
    )
    publish(travelled, researcher=researcher, reviewer=reviewer)
    exported = anonymous.get(f"/api/v1/claimreviews/{travelled.pk}/").json()
    pages = [
        "https://news.example.org/story",
        "https://radio.example.org/later",
        "https://wire.example.org/undated",
    ]
    assert [w["url"] for w in exported["itemReviewed"]["appearance"]] == pages
    assert exported["itemReviewed"]["firstAppearance"]["url"] == pages[0]
    assert exported["itemReviewed"]["datePublished"] == "2024-05-01"

    _empty_the_database()
    report = claimreview_import(document=copy.deepcopy(exported), by=editor)

    assert (len(report.created), report.skipped, report.refused) == (1, [], [])
    assert _where_each_claim_appeared() == {travelled.text: pages}
    imported = Claim.objects.get()
    assert str(imported.first_appearance.made_on) == "2024-05-01"
    assert anonymous.get(f"/api/v1/claimreviews/{imported.pk}/").json() == exported
    again = claimreview_import(document=exported, by=editor)
    assert [e.code for e in again.skipped] == ["duplicate"]


def test_the_demo_exports_imports_and_exports_again_with_the_same_appearances(anonymous, editor):
    load_demo(say=lambda _: None)
    exported = anonymous.get("/api/v1/claimreviews/").json()
    before = _where_each_claim_appeared()

    _empty_the_database()
    report = claimreview_import(document=copy.deepcopy(exported), by=editor)

    assert (report.skipped, report.refused) == ([], [])
    published = {r["claimReviewed"] for r in exported["dataFeedElement"]}
    # The article carries two of them twice, in its text and a caption: one page each.
    assert _where_each_claim_appeared() == {
        text: list(dict.fromkeys(urls)) for text, urls in before.items() if text in published
    }
    again = anonymous.get("/api/v1/claimreviews/").json()["dataFeedElement"]
    # An imported claim's page is named for its words, not for the demo's chosen slug.
    assert [{**r, "url": ""} for r in again] == [
        {**r, "url": ""} for r in exported["dataFeedElement"]
    ]
