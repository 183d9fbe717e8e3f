"""A claim's page lists where it appeared, first appearance first, with each appearance's quote
checks and chain; each appearance has its own page. On a published claim these are a
reviewer's to change."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Appearance, Claim
from sources.models import Capture
from tests.adminforms import form_data
from tests.claims.admin.pages import CHANGELIST, claim_page, messages_of
from tests.factories import (
    AppearanceFactory,
    AttributionFactory,
    CaptureFactory,
    CitationFactory,
    ClaimantFactory,
    ClaimFactory,
    ReadyClaimFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CLAIM_ADD = reverse("admin:claims_claim_add")
WORDS = "Seven shells hit the territory of Kalinina hospital"
PUBLISHED = "Where and in what words this claim appeared is on a published fact-check"


def _appearance_page(appearance) -> str:
    return reverse("admin:claims_appearance_change", args=[appearance.pk])


def _captured(text: str):
    source = SourceFactory()
    CaptureFactory(source=source, status=Capture.Status.SUCCEEDED, text=text)
    return source


def _rows(response):
    return next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is Appearance
    )


def test_a_claim_is_logged_with_its_appearances_the_earliest_first(researcher_client, researcher):
    later, earlier = SourceFactory(title="Later story"), SourceFactory(title="Earlier story")
    data = form_data(researcher_client, CLAIM_ADD)
    data.update(
        {
            "text": "Seven shells hit Kalinina hospital.",
            "claimant": str(ClaimantFactory().pk),
            "appearances-TOTAL_FORMS": "2",
            "appearances-0-source": str(later.pk),
            "appearances-0-quote": WORDS,
            "appearances-0-made_on": "2014-08-27",
            "appearances-1-source": str(earlier.pk),
            "appearances-1-quote": "shells hit the hospital",
            "appearances-1-made_on": "2014-08-25",
        }
    )
    response = researcher_client.post(CLAIM_ADD, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    claim = Claim.objects.get()
    assert (claim.status, claim.created_by) == (Claim.Status.DRAFT, researcher)
    assert claim.first_appearance.source == earlier
    assert sorted(a.source.title for a in claim.appearances.all()) == [
        "Earlier story",
        "Later story",
    ]
    assert claim.history.get().history_change_reason == "logged"


def test_a_claim_is_not_logged_with_words_logged_already_at_that_place(researcher_client):
    logged = ClaimFactory(quote=WORDS)
    data = form_data(researcher_client, CLAIM_ADD)
    data.update(
        {
            "text": "The hospital was shelled.",
            "claimant": str(ClaimantFactory().pk),
            "appearances-0-source": str(logged.first_appearance.source_id),
            "appearances-0-quote": WORDS,
        }
    )
    response = researcher_client.post(CLAIM_ADD, data)
    assert response.status_code == 200
    assert "are logged already" in _rows(response).forms[0].errors["quote"][0]
    assert Claim.objects.count() == 1


def test_the_claim_page_lists_appearances_first_first_with_checks_and_chains(reviewer_client):
    verified = _captured(f"The governor said: {WORDS} on Tuesday.")
    missing = _captured("Nothing about any hospital here.")
    claim = ClaimFactory(appearance=verified, quote=WORDS, made_on=datetime.date(2014, 8, 27))
    earliest = AppearanceFactory(
        claim=claim,
        source=missing,
        quote="shells hit the hospital",
        made_on=datetime.date(2014, 8, 25),
    )
    translated = AppearanceFactory(
        claim=claim,
        quote="We've come as cannon fodder",
        translated_by="outlet",
        original_language="ru",
        original_quote="Мы пришли как пушечное мясо",
        made_on=datetime.date(2014, 8, 28),
    )
    AttributionFactory(appearance=earliest, position=1, claimant__name="RIA Novosti")
    AttributionFactory(
        appearance=translated, position=1, claimant__name="Ukraine", verb="published"
    )

    response = reviewer_client.get(claim_page(claim))
    page = response.content.decode()

    assert [form.instance for form in _rows(response).initial_forms] == [
        earliest,
        claim.appearances.get(source=verified),
        translated,
    ]
    evidence = page[page.index('id="claim-evidence"') :]
    assert evidence.index("shells hit the hospital") < evidence.index(WORDS)
    assert f"<mark>{WORDS}</mark>" in page
    assert "the quote was not found in the archived text of the source" in page
    assert "Not yet captured" in page
    assert "Translated from ru by the outlet that published it." in page
    assert "Мы пришли как пушечное мясо" in page
    assert "No cited source in that language (ru)" in page
    assert "RIA Novosti (said)" in page
    assert "Ukraine (published)" in page
    assert _appearance_page(translated) in page


def test_a_translations_original_words_are_checked_against_a_cited_source_in_that_language(
    reviewer_client,
):
    claim = ClaimFactory()
    russian = SourceFactory(language="ru")
    CaptureFactory(
        source=russian, status=Capture.Status.SUCCEEDED, text="Мы пришли как пушечное мясо."
    )
    appearance = AppearanceFactory(
        claim=claim,
        quote="We've come as cannon fodder",
        translated_by="translator",
        translator="Olena Petrenko",
        original_language="ru",
        original_quote="Мы пришли как пушечное мясо",
    )
    CitationFactory(claim=claim, source=russian)
    page = reviewer_client.get(_appearance_page(appearance)).content.decode()
    assert "Translated from ru by Olena Petrenko." in page
    assert "The original words are verified in the" in page


def test_a_researcher_adds_and_edits_appearances_on_a_draft_claims_page(researcher_client):
    claim = ReadyClaimFactory(quote="Seven shells hit the hospital")
    other = SourceFactory()
    url = claim_page(claim)
    data = form_data(researcher_client, url)
    data.update(
        {
            "appearances-0-quote": WORDS,
            "appearances-TOTAL_FORMS": "2",
            "appearances-1-source": str(other.pk),
            "appearances-1-quote": "seven shells",
            "appearances-1-made_on": "2014-08-29",
        }
    )
    response = researcher_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert sorted(claim.appearances.values_list("quote", flat=True)) == [WORDS, "seven shells"]
    claim.refresh_from_db()
    assert WORDS in claim.appearance_words


def test_a_researcher_sees_a_published_claims_appearances_read_only(researcher_client, publish):
    claim = publish(quote=WORDS)
    response = researcher_client.get(claim_page(claim))
    page = response.content.decode()
    assert 'id="appearances-locked"' in page
    assert PUBLISHED in page
    assert 'name="appearances-0-quote" cols="40" rows="10" class="vLargeTextField" disabled' in page
    [rows] = [f for f in response.context["inline_admin_formsets"] if f.formset.model is Appearance]
    assert not rows.has_add_permission


def test_a_researcher_still_files_a_published_claim_with_its_appearances_locked(
    researcher_client, publish
):
    claim = publish()
    topic = TopicFactory()
    data = form_data(researcher_client, claim_page(claim))
    data["topics"] = [str(topic.pk)]
    response = researcher_client.post(claim_page(claim), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(claim.topics.all()) == [topic]


@pytest.mark.parametrize(
    "change",
    [
        {"appearances-0-quote": "Six shells hit the hospital"},
        {"appearances-0-DELETE": "on"},
        {
            "appearances-TOTAL_FORMS": "3",
            "appearances-2-source": "NEW",
            "appearances-2-quote": "Seven shells",
        },
    ],
    ids=["edit", "remove", "add"],
)
def test_a_researcher_posting_a_change_to_a_published_claims_appearances_is_refused(
    researcher_client, publish, change
):
    claim = publish(quote=WORDS)
    AppearanceFactory(claim=claim)
    before = sorted(claim.appearances.values_list("pk", "quote", "revision"))
    data = form_data(researcher_client, claim_page(claim))
    data.update({k: str(SourceFactory().pk) if v == "NEW" else v for k, v in change.items()})

    response = researcher_client.post(claim_page(claim), data)

    assert response.status_code == 200
    assert PUBLISHED in str(response.context["errors"])
    assert sorted(claim.appearances.values_list("pk", "quote", "revision")) == before


def test_a_reviewer_changes_a_published_claims_appearances_on_its_page(reviewer_client, publish):
    claim = publish(quote="Seven shells hit the hospital")
    url = claim_page(claim)
    assert 'id="appearances-locked"' not in reviewer_client.get(url).content.decode()
    data = form_data(reviewer_client, url)
    data["appearances-0-quote"] = WORDS
    response = reviewer_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    claim.first_appearance.refresh_from_db()
    assert claim.first_appearance.quote == WORDS


def test_a_researcher_may_not_change_the_claimant_of_a_published_claim(researcher_client, publish):
    claim = publish()
    data = form_data(researcher_client, claim_page(claim))
    data["claimant"] = str(ClaimantFactory().pk)
    response = researcher_client.post(claim_page(claim), data)
    assert response.status_code == 200
    assert "s claimant is on a published fact-check" in response.content.decode()


def test_an_appearance_is_changed_and_removed_on_its_own_page(researcher_client, researcher):
    claim = ReadyClaimFactory(quote="Seven shells hit the hospital")
    extra = AppearanceFactory(claim=claim)
    url = _appearance_page(claim.first_appearance)
    data = form_data(researcher_client, url)
    data.update({"quote": WORDS, "language": "uk"})
    response = researcher_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    first = Appearance.objects.get(pk=claim.first_appearance_id)
    assert (first.quote, first.language, first.revision) == (WORDS, "uk", 2)
    assert first.history.first().history_user == researcher

    delete = reverse("admin:claims_appearance_delete", args=[extra.pk])
    response = researcher_client.post(delete, {"post": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == claim_page(claim)
    assert any("was removed" in m for m in messages_of(response))
    assert list(claim.appearances.all()) == [first]


def test_an_appearances_history_names_who_changed_it_and_offers_no_revert(
    researcher_client, researcher
):
    appearance = ClaimFactory().first_appearance
    url = _appearance_page(appearance)
    data = form_data(researcher_client, url)
    data["quote"] = WORDS
    assert researcher_client.post(url, data).status_code == 302
    history = reverse("admin:claims_appearance_history", args=[appearance.pk])
    assert "rita-researcher" in researcher_client.get(history).content.decode()
    earliest = appearance.history.earliest()
    revert = reverse("admin:claims_appearance_simple_history", args=[appearance.pk, earliest.pk])
    assert researcher_client.post(revert, {"quote": "the old words"}).status_code == 403
    appearance.refresh_from_db()
    assert appearance.quote == WORDS


def test_removing_the_last_appearance_on_its_page_is_refused_with_why(researcher_client):
    claim = ReadyClaimFactory()
    appearance = claim.first_appearance
    delete = reverse("admin:claims_appearance_delete", args=[appearance.pk])
    response = researcher_client.post(delete, {"post": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == _appearance_page(appearance)
    assert any("the claim's only appearance" in m for m in messages_of(response))
    assert claim.appearances.count() == 1


def test_a_stale_edit_on_the_appearance_page_is_refused(researcher_client, reviewer_client):
    appearance = ClaimFactory().first_appearance
    url = _appearance_page(appearance)
    first, second = form_data(researcher_client, url), form_data(reviewer_client, url)
    first["quote"] = WORDS
    assert researcher_client.post(url, first).status_code == 302
    second["quote"] = "Six shells"
    response = reviewer_client.post(url, second)
    assert response.status_code == 200
    assert "changed this appearance since you opened it" in response.content.decode()
    appearance.refresh_from_db()
    assert appearance.quote == WORDS


def test_a_researcher_sees_a_published_appearance_read_only_and_is_refused_a_change(
    researcher_client, publish
):
    claim = publish(quote=WORDS)
    url = _appearance_page(claim.first_appearance)
    page = researcher_client.get(url).content.decode()
    assert PUBLISHED in page
    assert 'name="quote" cols="40" rows="10" class="vLargeTextField" disabled' in page
    assert "deletelink" not in page
    data = form_data(researcher_client, url)
    data["quote"] = "Six shells"
    response = researcher_client.post(url, data)
    assert response.status_code == 200
    assert PUBLISHED in str(response.context["adminform"].form.non_field_errors())
    delete = reverse("admin:claims_appearance_delete", args=[claim.first_appearance_id])
    response = researcher_client.post(delete, {"post": "yes"}, follow=True)
    assert any(m.startswith("Where and in what words") for m in messages_of(response))
    claim.first_appearance.refresh_from_db()
    assert claim.first_appearance.quote == WORDS


def test_a_published_appearances_chain_is_logged_by_a_reviewer_not_a_researcher(
    researcher_client, reviewer_client, publish
):
    claim = publish()
    url = _appearance_page(claim.first_appearance)
    hop = {
        "attributions-0-position": "1",
        "attributions-0-claimant": str(ClaimantFactory(name="Reuters").pk),
        "attributions-0-verb": "citing",
    }
    data = form_data(researcher_client, url)
    data.update(hop)
    refused = researcher_client.post(url, data)
    assert refused.status_code == 200
    assert "only a reviewer" in refused.content.decode()
    assert not claim.first_appearance.attributions.exists()

    data = form_data(reviewer_client, url)
    data.update(hop)
    response = reviewer_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert [hop.claimant.name for hop in claim.first_appearance.attributions.all()] == ["Reuters"]


def test_an_outsider_can_open_no_appearance(outsider_client):
    appearance = ClaimFactory().first_appearance
    assert outsider_client.get(_appearance_page(appearance)).status_code == 403
    response = outsider_client.post(_appearance_page(appearance), {"quote": WORDS})
    assert response.status_code == 403
    appearance.refresh_from_db()
    assert appearance.quote != WORDS


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _claim_with_appearances(count: int) -> Claim:
    claim = ReadyClaimFactory()
    AttributionFactory(claim=claim)
    for _ in range(count - 1):
        source = SourceFactory()
        CaptureFactory(source=source, status=Capture.Status.SUCCEEDED, text="Some text.")
        appearance = AppearanceFactory(claim=claim, source=source)
        AttributionFactory(appearance=appearance)
        AttributionFactory(appearance=appearance, position=2)
    return claim


@pytest.mark.parametrize("persona", ["researcher_client", "reviewer_client"])
def test_the_claim_page_costs_the_same_queries_for_1_and_6_appearances(request, persona):
    client = request.getfixturevalue(persona)
    one, six = _claim_with_appearances(1), _claim_with_appearances(6)
    assert six.appearances.count() == 6
    assert _queries(client, claim_page(one)) == _queries(client, claim_page(six))


def test_the_claim_list_costs_the_same_queries_for_1_and_6_appearances(researcher_client):
    _claim_with_appearances(1)
    with_one = _queries(researcher_client, CHANGELIST)
    _claim_with_appearances(6)
    assert _queries(researcher_client, CHANGELIST) == with_one
