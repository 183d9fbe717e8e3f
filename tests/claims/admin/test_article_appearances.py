"""The article page logs the claims that appear in it: each row words that are an existing
claim, or a new claim, written through the services, with their refusals on the row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.freshness import content_version
from claims.models import Appearance, Claim
from claims.services import claim_merge
from tests.adminforms import form_data
from tests.factories import (
    AppearanceFactory,
    AttributionFactory,
    ClaimantFactory,
    ClaimFactory,
    ReadyClaimFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

WORDS = "Seven shells hit the territory of Kalinina hospital"
LOGGED_ALREADY = "These words at this place in"


def _page(source) -> str:
    return reverse("admin:sources_source_change", args=[source.pk])


def _post(client, source, rows: dict, *, total: int | None = None):
    """Post the article page as it is, with rows' fields changed or added."""
    data = form_data(client, _page(source))
    data.update(rows)
    if total is not None:
        data["appearances-TOTAL_FORMS"] = str(total)
    return client.post(_page(source), data)


def _row_errors(response, row: int) -> dict:
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is Appearance
    )
    return formset.forms[row].errors


def _new_row(row: int, **fields) -> dict:
    return {f"appearances-{row}-{name}": value for name, value in fields.items()}


def test_it_logs_words_that_are_an_existing_claim_as_its_next_appearance(
    researcher_client, researcher
):
    claim = ClaimFactory(made_on=datetime.date(2014, 8, 27))
    article = SourceFactory()
    response = _post(
        researcher_client,
        article,
        _new_row(
            0,
            claim=str(claim.pk),
            quote="were patrolling the border and most likely crossed it by accident",
            position="3",
            made_on="2014-08-26",
        ),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    added = Appearance.objects.get(source=article)
    assert (added.claim, added.position, added.created_by) == (claim, 3, researcher)
    assert added.history.get().history_change_reason == "added"
    claim.refresh_from_db()
    assert claim.first_appearance == added, "the earlier date is the first appearance"
    assert "most likely crossed it by accident" in claim.appearance_words


def test_it_logs_a_translation_with_its_language_in_standard_form(researcher_client):
    article = SourceFactory()
    response = _post(
        researcher_client,
        article,
        _new_row(
            0,
            new_claim_text="The paratroopers were sent as cannon fodder.",
            new_claim_claimant=str(ClaimantFactory(name="Ivan Milchakov").pk),
            quote="We've come as cannon fodder",
            language="EN",
            translated_by="outlet",
            original_language="RU",
        ),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    appearance = Appearance.objects.get()
    assert (appearance.language, appearance.original_language) == ("en", "ru")
    assert appearance.translated_by == Appearance.TranslatedBy.OUTLET
    assert appearance.original_quote == ""


def test_a_new_article_is_added_with_the_claims_it_carries(researcher_client, researcher):
    add = reverse("admin:sources_source_add")
    data = form_data(researcher_client, add)
    data.update(
        {
            "url": "https://news.example.org/2014/08/hospital",
            "title": "Shells hit Kalinina hospital",
            "kind": "article",
            **_new_row(
                0,
                new_claim_text="Seven shells hit Kalinina hospital.",
                new_claim_claimant=str(ClaimantFactory().pk),
                quote=WORDS,
            ),
        }
    )
    response = researcher_client.post(add, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    claim = Claim.objects.get()
    assert claim.first_appearance.source.title == "Shells hit Kalinina hospital"
    assert claim.first_appearance.source.created_by == researcher


def test_the_same_words_at_the_same_place_are_refused_on_the_row_before_saving(
    researcher_client,
):
    claim = ClaimFactory(quote=WORDS, position=2)
    article = claim.first_appearance.source
    for row in (
        _new_row(1, claim=str(claim.pk), quote=WORDS, position="2"),
        _new_row(
            1,
            new_claim_text="The hospital was shelled.",
            new_claim_claimant=str(ClaimantFactory().pk),
            quote=f"  {WORDS.upper()} ",
            position="2",
        ),
    ):
        response = _post(researcher_client, article, row)

        assert response.status_code == 200
        [message] = _row_errors(response, 1)["quote"]
        assert message.startswith(f"{LOGGED_ALREADY} “{article}” are logged already")
        assert f"claim {claim.pk}" in message
        assert (
            response.context["inline_admin_formsets"][0].formset.forms[1]["position"].value() == "2"
        )
    assert Appearance.objects.count() == 1
    assert Claim.objects.count() == 1


def test_the_same_words_in_a_caption_of_the_same_article_are_another_appearance(
    researcher_client,
):
    claim = ClaimFactory(quote="a pre-war population of one million", position=4)
    article = claim.first_appearance.source
    response = _post(
        researcher_client,
        article,
        _new_row(1, claim=str(claim.pk), quote="a pre-war population of one million", position="9"),
        total=2,
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(claim.appearances.order_by("position").values_list("position", flat=True)) == [4, 9]


def test_two_rows_with_the_same_words_at_the_same_place_save_neither(researcher_client):
    claim = ClaimFactory()
    article = SourceFactory()
    rows = {
        **_new_row(0, claim=str(claim.pk), quote=WORDS, position="1"),
        **_new_row(1, claim=str(claim.pk), quote=WORDS, position="1"),
    }
    response = _post(researcher_client, article, rows, total=2)

    assert response.status_code == 200
    assert LOGGED_ALREADY in " ".join(_row_errors(response, 1)["quote"])
    assert not _row_errors(response, 0)
    assert not Appearance.objects.filter(source=article).exists()


@pytest.mark.parametrize("tag", ["english", "en_GB", "xx-yy-zz-1"])
def test_a_language_tag_that_is_not_bcp_47_is_a_row_error(researcher_client, tag):
    claim = ClaimFactory()
    article = SourceFactory()
    response = _post(
        researcher_client, article, _new_row(0, claim=str(claim.pk), quote=WORDS, language=tag)
    )
    assert response.status_code == 200
    assert _row_errors(response, 0)["language"] == [
        f"“{tag}” is not a BCP 47 language tag. Use one such as en, ru, uk or pt-BR."
    ]
    assert not Appearance.objects.filter(source=article).exists()


def test_an_empty_quote_and_a_row_with_no_claim_are_row_errors(researcher_client):
    article = SourceFactory()
    response = _post(
        researcher_client,
        article,
        {
            **_new_row(0, claim=str(ClaimFactory().pk), quote="   "),
            **_new_row(1, quote=WORDS),
            **_new_row(2, quote=WORDS, position="2", new_claim_text="The hospital was shelled."),
        },
        total=3,
    )
    assert response.status_code == 200
    assert _row_errors(response, 0)["quote"] == [
        "Give the exact words as they were published there."
    ]
    assert _row_errors(response, 1)["claim"] == [
        "Choose the claim these words are, or write the new claim they make."
    ]
    assert _row_errors(response, 2)["new_claim_claimant"] == ["Choose who made the new claim."]
    assert not Appearance.objects.filter(source=article).exists()


def test_it_changes_and_removes_appearances_through_the_services(researcher_client, researcher):
    article = SourceFactory()
    kept = ClaimFactory(appearance=article, quote="Seven shells hit the hospital")
    twice = ClaimFactory(appearance=article, quote="a pre-war population of one million")
    AppearanceFactory(claim=twice)  # so this one may go
    response = _post(
        researcher_client,
        article,
        {"appearances-0-quote": WORDS, "appearances-1-DELETE": "on"},
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    edited = kept.first_appearance
    edited.refresh_from_db()
    assert (edited.quote, edited.revision) == (WORDS, 2)
    latest = edited.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("edited", researcher)
    assert twice.appearances.count() == 1
    assert not Appearance.objects.filter(source=article, claim=twice).exists()


def test_removing_a_claims_last_appearance_is_refused_on_its_row(researcher_client):
    claim = ClaimFactory()
    article = claim.first_appearance.source
    response = _post(researcher_client, article, {"appearances-0-DELETE": "on"})

    assert response.status_code == 200
    assert "the claim's only appearance" in " ".join(_row_errors(response, 0)["__all__"])
    assert claim.appearances.count() == 1


def test_a_researcher_sees_a_published_claims_rows_read_only_and_is_refused_a_change(
    researcher_client, publish
):
    claim = publish(quote=WORDS)
    article = claim.first_appearance.source
    page = researcher_client.get(_page(article)).content.decode()
    assert 'name="appearances-0-quote" cols="40" rows="10" class="vLargeTextField" disabled' in page

    response = _post(researcher_client, article, {"appearances-0-quote": "Six shells"})

    assert response.status_code == 200
    assert "Where and in what words this claim appeared is on a published fact-check" in (
        response.content.decode()
    )
    claim.first_appearance.refresh_from_db()
    assert claim.first_appearance.quote == WORDS


def test_a_researcher_may_not_add_words_to_a_published_claim_from_another_article(
    researcher_client, publish
):
    claim = publish()
    article = SourceFactory()
    response = _post(researcher_client, article, _new_row(0, claim=str(claim.pk), quote=WORDS))

    assert response.status_code == 200
    assert _row_errors(response, 0)["claim"][0].startswith("Where and in what words")
    assert claim.appearances.count() == 1


def test_a_reviewer_changes_a_published_claims_words_and_readers_see_it(
    reviewer_client, publish, django_capture_on_commit_callbacks
):
    claim = publish(quote="Seven shells hit the hospital")
    article = claim.first_appearance.source
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(reviewer_client, article, {"appearances-0-quote": WORDS})

    assert response.status_code == 302, response.context and response.context["errors"]
    claim.first_appearance.refresh_from_db()
    assert claim.first_appearance.quote == WORDS
    assert content_version() != version


def test_an_outsider_may_not_log_appearances(outsider_client):
    article = SourceFactory()
    response = outsider_client.post(_page(article), _new_row(0, quote=WORDS))
    assert response.status_code == 403
    assert not Appearance.objects.exists()


def test_the_claim_autocomplete_offers_no_claim_merged_away(reviewer_client, reviewer):
    kept = ReadyClaimFactory(text="The shelling hit the hospital.")
    merged = ReadyClaimFactory(text="The shelling hit the hospital grounds.")
    claim_merge(claim=merged, into=kept, by=reviewer, reason="One claim.")
    response = reviewer_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "appearance", "field_name": "claim", "term": "shell"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(kept.pk)]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_article_page_costs_the_same_queries_for_1_and_6_appearances(researcher_client):
    one, six = SourceFactory(), SourceFactory()
    for article, count in ((one, 1), (six, 6)):
        for position in range(count):
            claim = ClaimFactory(appearance=article, position=position)
            AttributionFactory(claim=claim)
    assert _queries(researcher_client, _page(one)) == _queries(researcher_client, _page(six))
