"""The claim page shows every place the claim appeared, first reported first: each outlet with
its date, its words (and the original words of a translation), its archived copy and the
words found in it, the notice that it changed, and its own chain."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from claims.models import Appearance
from claims.quotes import verify
from sources.models import Capture, Source
from tests.factories import (
    AttributionFactory,
    CaptureFactory,
    ClaimantFactory,
    ReadyClaimFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

AUG = {day: datetime.date(2014, 8, day) for day in (24, 25, 26, 27)}


def appearances_in(html: str) -> list[str]:
    """The page's appearances, each as its own piece of HTML, in page order."""
    return re.findall(r'<li class="appearance" id="appearance-\d+">.*?\n</li>', html, re.S)


def page_of(client, claim) -> str:
    response = client.get(f"/claims/{claim.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def hops(appearance: Appearance, *names_and_verbs: tuple[str, str]) -> None:
    for position, (name, verb) in enumerate(names_and_verbs, start=1):
        AttributionFactory(
            appearance=appearance,
            position=position,
            claimant=ClaimantFactory(name=name),
            verb=verb,
        )


@pytest.fixture
def travelled(publish, appear):
    """The "by accident" denial as two outlets carried it, each through its own chain; the
    one published later was logged first."""
    vice = SourceFactory(
        title="Russia says its soldiers crossed the border by accident",
        publisher="VICE News",
        published_on=AUG[26],
    )
    wire = SourceFactory(title="Paratroopers strayed", publisher="Example Wire")
    claim = publish(
        appearance=vice, made_on=AUG[26], quote="crossed the border by accident, probably"
    )
    hops(
        claim.first_appearance,
        ("Reuters", "citing"),
        ("Russian news agencies", "quoting"),
        ("A defence ministry source", "said"),
    )
    earlier = appear(
        claim, source=wire, made_on=AUG[25], quote="most likely crossed it by accident"
    )
    hops(earlier, ("RIA Novosti", "citing"), ("An unnamed Defence Ministry official", "said"))
    claim.refresh_from_db()
    return claim, vice, wire


def test_it_shows_every_appearance_first_reported_first_each_with_its_own_chain(client, travelled):
    claim, _, wire = travelled

    html = page_of(client, claim)

    first, second = appearances_in(html)
    assert "Paratroopers strayed" in first
    assert "most likely crossed it by accident" in first
    assert '<time datetime="2014-08-25">' in first
    assert re.findall(r"<li>(.*?) <span", first) == [
        "RIA Novosti",
        "An unnamed Defence Ministry official",
    ]
    assert "Russia says its soldiers crossed the border by accident" in second
    assert "crossed the border by accident, probably" in second
    assert '<time datetime="2014-08-26">' in second
    assert re.findall(r"<li>(.*?) <span", second) == [
        "Reuters",
        "Russian news agencies",
        "A defence ministry source",
    ]
    assert "How it reached VICE News" in second
    assert (
        f'First reported by <a href="/articles/{wire.pk}/">Example Wire</a>\n'
        '      on <time datetime="2014-08-25">25 August 2014</time>;\n'
        "      it appeared in 2 places"
    ) in html


def test_each_appearance_links_its_article_page_its_original_and_its_archived_copy(
    client, travelled
):
    claim, vice, wire = travelled
    archived = CaptureFactory(
        source=vice, status=Capture.Status.SUCCEEDED, finished_at=timezone.now()
    )

    first, second = appearances_in(page_of(client, claim))

    assert f'href="/articles/{wire.pk}/"' in first
    assert f'href="{wire.url}" rel="nofollow noopener"' in first
    assert "archived copy" not in first
    assert f'href="/articles/{vice.pk}/"' in second
    assert f'href="{vice.url}" rel="nofollow noopener"' in second
    assert f'href="/archive/{archived.pk}/">archived copy</a>' in second


def test_an_appearance_with_no_date_comes_after_the_dated_ones(client, publish, appear):
    claim = publish(quote="the words first logged", made_on=None)
    appear(claim, quote="the words dated later", made_on=AUG[27])

    html = page_of(client, claim)

    first, second = appearances_in(html)
    assert "the words dated later" in first
    assert "the words first logged" in second
    assert "First reported by" in html
    assert '<time datetime="2014-08-27">27 August 2014</time>' in html


@pytest.mark.parametrize(
    ("translated_by", "translator", "credit"),
    [
        ("outlet", "", "translated by the outlet"),
        ("newsroom", "", "translated by this newsroom"),
        ("translator", "Olena Kovalenko", "translated by Olena Kovalenko"),
    ],
)
def test_a_translation_shows_the_original_words_first_with_their_language_and_translator(
    client, publish, appear, translated_by, translator, credit
):
    claim = publish()
    appear(
        claim,
        source=SourceFactory(language="en"),
        quote="were patrolling the border and most likely crossed it by accident",
        original_quote="патрулировали границу и, скорее всего, случайно её пересекли",
        original_language="ru",
        translated_by=translated_by,
        translator=translator,
    )

    translated = appearances_in(page_of(client, claim))[1]

    original = translated.index(
        '<blockquote class="quote quote--original" dir="auto" lang="ru"><p>патрулировали'
    )
    published = translated.index(
        '<blockquote class="quote" dir="auto" lang="en"><p>were patrolling the border'
    )
    assert original < translated.index(f"As published, {credit}:") < published
    assert "Said in Russian:" in translated


def test_a_translation_whose_original_words_are_unknown_says_what_it_was_translated_from(
    client, publish, appear
):
    claim = publish()
    appear(
        claim,
        quote="We were on patrol. We crossed the border by accident.",
        original_language="ru",
        translated_by="outlet",
    )

    translated = appearances_in(page_of(client, claim))[1]

    assert "As published, from Russian, translated by the outlet:" in translated
    assert "quote--original" not in translated
    assert "Said in" not in translated


def test_the_published_words_carry_their_own_language_else_the_source_s(client, publish, appear):
    claim = publish(appearance=SourceFactory(language="en"))
    appear(claim, source=SourceFactory(language="en"), quote="Скорее всего", language="ru")
    appear(claim, source=SourceFactory(language=""), quote="words in no known language")

    english, russian, unknown = appearances_in(page_of(client, claim))

    assert '<blockquote class="quote" dir="auto" lang="en">' in english
    assert '<blockquote class="quote" dir="auto" lang="ru"><p>Скорее всего' in russian
    assert '<blockquote class="quote" dir="auto"><p>words in no known language' in unknown
    assert "Said in" not in english + russian + unknown


def test_each_appearance_shows_the_words_found_in_its_own_archived_copy_and_its_own_notice(
    client, publish, appear
):
    claim = publish(quote="Seven shells hit the territory of Kalinina hospital")
    found = CaptureFactory(
        source=claim.first_appearance.source,
        status=Capture.Status.SUCCEEDED,
        text="Sunday. Seven shells hit the territory of Kalinina hospital, staff said.",
        finished_at=timezone.now(),
    )
    verify(claim.first_appearance)
    elsewhere = SourceFactory()
    gone = CaptureFactory(
        source=elsewhere,
        status=Capture.Status.SUCCEEDED,
        text="A page with other words entirely.",
        finished_at=timezone.now(),
    )
    appear(claim, source=elsewhere, quote="shells fell near the hospital")
    Source.objects.filter(pk=elsewhere.pk).update(health=Source.Health.GONE)

    verified, missing = appearances_in(page_of(client, claim))

    assert "Sunday. <mark>Seven shells hit the territory of Kalinina hospital</mark>" in verified
    assert f'href="/archive/{found.pk}/">our archived copy of the article</a>' in verified
    assert "since we checked it" not in verified
    assert "<mark>" not in missing
    assert "The original is no longer online since we checked it." in missing
    assert f'href="/archive/{gone.pk}/">See our archived copy from' in missing


def test_an_accepted_change_takes_the_notice_off_that_appearance_only(client, publish, appear):
    claim = publish()
    sources = [claim.first_appearance.source, SourceFactory()]
    appear(claim, source=sources[1])
    captures = [
        CaptureFactory(source=source, status=Capture.Status.SUCCEEDED, finished_at=timezone.now())
        for source in sources
    ]
    Source.objects.filter(pk=sources[0].pk).update(
        health=Source.Health.CHANGED, accepted_capture=captures[0]
    )
    Source.objects.filter(pk=sources[1].pk).update(health=Source.Health.OK)

    accepted, unchanged = appearances_in(page_of(client, claim))

    # The accepted copy is what "since we checked it" now means: the notice names it.
    assert f'href="/archive/{captures[0].pk}/">See our archived copy' in accepted
    assert "since we checked it" not in unchanged


def test_every_words_and_name_of_an_appearance_is_escaped(client, publish, appear):
    claim = publish(
        appearance=SourceFactory(title="<b>Title</b>", publisher="<i>Outlet</i>"),
        quote="<script>alert('quote')</script>",
    )
    hops(claim.first_appearance, ("<u>Hop</u>", "<em>citing</em>"))
    appear(
        claim,
        quote="<img src=x onerror=alert(1)>",
        original_quote="<s>original</s>",
        original_language="ru",
        translated_by="translator",
        translator="<b>Translator</b>",
    )

    html = page_of(client, claim)

    for raw in (
        "<b>Title</b>",
        "<i>Outlet</i>",
        "<script>alert('quote')",
        "<u>Hop</u>",
        "<em>citing</em>",
        "<img src=x",
        "<s>original</s>",
        "<b>Translator</b>",
    ):
        assert raw not in html.split("</script>", 1)[1], raw
    assert "&lt;b&gt;Translator&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_claim_review_lists_every_appearance_and_names_the_first(client, travelled):
    claim, vice, wire = travelled

    html = page_of(client, claim)

    ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    item = ld["itemReviewed"]
    assert [work["url"] for work in item["appearance"]] == [wire.url, vice.url]
    assert item["firstAppearance"]["url"] == wire.url
    assert item["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "Example Wire"}
    assert item["datePublished"] == "2014-08-25"


def test_related_claims_are_the_other_public_claims_of_the_first_appearance_s_source(
    client, publish, appear, researcher
):
    first_source, later_source = SourceFactory(), SourceFactory()
    claim = publish(appearance=first_source, made_on=AUG[24], text="The claim itself.")
    appear(claim, source=later_source, made_on=AUG[26])
    second = publish(appearance=first_source, position=20, text="Second in that article.")
    appear(second, source=first_source, position=1, quote="a caption that says it again")
    publish(appearance=first_source, position=10, text="Third in that article.")
    publish(appearance=later_source, text="Only in the later article.")
    ReadyClaimFactory(appearance=first_source, text="A draft there.", created_by=researcher)

    html = page_of(client, claim)

    related = html[html.index('id="related-heading"') :]
    # Once, though it appears twice there; the other mention is its verdict's summary.
    assert related.count(">Second in that article.</a>") == 1
    assert related.index("Second in that article.") < related.index("Third in that article.")
    assert "Only in the later article." not in html
    assert "A draft there." not in html
    assert "The claim itself." not in related


def test_an_appearance_added_or_removed_shows_on_the_cached_page_at_once(
    client, publish, appear, reviewer, django_capture_on_commit_callbacks
):
    from claims.services import appearance_remove

    with django_capture_on_commit_callbacks(execute=True):
        claim = publish()
    url = f"/claims/{claim.slug}/"
    before = client.get(url)
    assert len(appearances_in(before.content.decode())) == 1

    with django_capture_on_commit_callbacks(execute=True):
        added = appear(claim, quote="carried again by another outlet")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "carried again by another outlet" in after.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        appearance_remove(appearance=added, by=reviewer, reason="Logged twice.")
    removed = client.get(url, headers={"If-None-Match": after["ETag"]}).content.decode()
    assert "carried again by another outlet" not in removed
    assert len(appearances_in(removed)) == 1
