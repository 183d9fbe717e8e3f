"""Export, import into an empty database, export again: the same documents."""

import copy
import datetime

import pytest
from django.db.models import F

from claims import services
from claims.claimreview import claimreview_import
from claims.demo import load_demo
from claims.models import Appearance, Attribution, Citation, Claim, Claimant, Verdict
from sources.models import Capture, Source
from tests.claims.helpers import publish
from tests.factories import AppearanceFactory, ClaimantFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


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

    assert (len(report.created), report.skipped) == (3, [])
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

    assert (len(report.created), report.skipped) == (1, [])
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

    assert report.skipped == []
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
