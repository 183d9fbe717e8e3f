import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Attribution, Claim, Verdict
from tests.adminforms import form_data
from tests.factories import (
    AttributionFactory,
    CitationFactory,
    ClaimantFactory,
    ClaimFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

CLAIM_ADD = reverse("admin:claims_claim_add")


def _source_page(source) -> str:
    return reverse("admin:sources_source_change", args=[source.pk])


def _appearance_page(appearance) -> str:
    return reverse("admin:claims_appearance_change", args=[appearance.pk])


def test_a_researcher_logs_a_claim_inline_on_the_article_page(researcher_client, researcher):
    article = SourceFactory(title="Minsk meeting ends in stalemate")
    ministry_source = ClaimantFactory(name="Unnamed defence ministry source", kind="unnamed")
    data = form_data(researcher_client, _source_page(article))
    data.update(
        {
            "appearances-0-position": "4",
            "appearances-0-new_claim_text": "The captured soldiers crossed the border by accident.",
            "appearances-0-quote": 'crossed the border into Ukraine "by accident."',
            "appearances-0-new_claim_claimant": str(ministry_source.pk),
            "appearances-0-made_on": "2014-08-26",
        }
    )
    response = researcher_client.post(_source_page(article), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    claim = Claim.objects.get()
    appearance = claim.first_appearance
    assert (appearance.source, appearance.position) == (article, 4)
    assert appearance.quote == 'crossed the border into Ukraine "by accident."'
    assert appearance.created_by == researcher
    assert claim.claimant == ministry_source
    assert claim.created_by == researcher
    assert claim.status == Claim.Status.DRAFT
    assert claim.slug == "the-captured-soldiers-crossed-the-border-by-accident"
    assert claim.history.get().history_user == researcher


def test_a_researcher_logs_a_claim_with_its_appearance_and_citations_then_its_chain(
    researcher_client, researcher
):
    article = SourceFactory()
    un_report = SourceFactory(title="UN situation report", kind="report")
    reuters, agencies, unnamed = (
        ClaimantFactory(name="Reuters", kind="media"),
        ClaimantFactory(name="Russian news agencies", kind="media"),
        ClaimantFactory(name="Unnamed defence ministry source", kind="unnamed"),
    )
    topic = TopicFactory(name="Captured soldiers")
    data = form_data(researcher_client, CLAIM_ADD)
    data.update(
        {
            "text": "The captured soldiers crossed the border by accident.",
            "claimant": str(unnamed.pk),
            "topics": [str(topic.pk)],
            "appearances-0-source": str(article.pk),
            "appearances-0-quote": 'crossed the border into Ukraine "by accident."',
            "citations-TOTAL_FORMS": "2",
            "citations-0-source": str(article.pk),
            "citations-0-role": "origin",
            "citations-1-position": "2",
            "citations-1-source": str(un_report.pk),
            "citations-1-role": "context",
            "citations-1-note": "Casualty figures for the same week.",
        }
    )
    response = researcher_client.post(CLAIM_ADD, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    claim = Claim.objects.get()
    assert claim.first_appearance.source == article
    assert {(c.source, c.role) for c in claim.citations.all()} == {
        (article, "origin"),
        (un_report, "context"),
    }
    assert list(claim.topics.all()) == [topic]
    assert claim.created_by == researcher
    assert claim.citations.get(role="context").history.get().history_user == researcher

    url = _appearance_page(claim.first_appearance)
    data = form_data(researcher_client, url)
    data.update(
        {
            "attributions-TOTAL_FORMS": "3",
            "attributions-0-position": "1",
            "attributions-0-claimant": str(reuters.pk),
            "attributions-0-verb": "citing",
            "attributions-1-position": "2",
            "attributions-1-claimant": str(agencies.pk),
            "attributions-1-verb": "quoting",
            "attributions-2-position": "3",
            "attributions-2-claimant": str(unnamed.pk),
            "attributions-2-verb": "said",
        }
    )
    response = researcher_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    chain = [
        (a.position, a.claimant.name, a.verb) for a in claim.first_appearance.attributions.all()
    ]
    assert chain == [
        (1, "Reuters", "citing"),
        (2, "Russian news agencies", "quoting"),
        (3, "Unnamed defence ministry source", "said"),
    ]


def test_the_article_page_shows_its_claims_with_quote_claimant_and_chain(researcher_client):
    claim = ClaimFactory(quote="We've come as cannon fodder")
    AttributionFactory(claim=claim, position=1, claimant__name="Ukraine", verb="published")
    AttributionFactory(claim=claim, position=2, claimant__name="Ivan Milchankov", verb="said")
    page = researcher_client.get(_source_page(claim.first_appearance.source)).content.decode()
    assert "cannon fodder" in page
    assert claim.claimant.name in page
    assert "Ukraine (published) → Ivan Milchankov (said)" in page


def test_claimant_autocomplete_finds_claimants_for_a_researcher(researcher_client):
    ClaimantFactory(name="Reuters", kind="media")
    ClaimantFactory(name="United Nations", kind="organisation")
    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": "claimant", "term": "reut"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Reuters"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_researcher_gets_403_on_adding_a_verdict(researcher_client, method):
    claim = ClaimFactory()
    url = reverse("admin:claims_verdict_add")
    response = getattr(researcher_client, method)(url, {"claim": claim.pk, "summary": "x"})
    assert response.status_code == 403
    assert not Verdict.objects.exists()


def test_a_researcher_can_read_but_not_change_a_verdict(researcher_client):
    verdict = VerdictFactory()
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    page = researcher_client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = researcher_client.post(url, {"summary": "Rewritten by a researcher"})
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.summary != "Rewritten by a researcher"


def test_an_outsider_with_no_group_can_open_nothing(outsider_client):
    for name in ("claims_claim_changelist", "sources_source_changelist", "claims_claim_add"):
        assert outsider_client.get(reverse(f"admin:{name}")).status_code == 403


def _claim_form(client, **fields) -> dict:
    data = form_data(client, CLAIM_ADD)
    data.update(
        {
            "text": "Seven shells hit Kalinina hospital.",
            "claimant": str(ClaimantFactory().pk),
            "appearances-0-source": str(SourceFactory().pk),
            "appearances-0-quote": "Seven shells hit the territory of Kalinina hospital",
        }
    )
    data.update(fields)
    return data


def _row_errors(response, inline: int = 0, row: int = 0) -> dict:
    return response.context["inline_admin_formsets"][inline].formset.forms[row].errors


def test_an_empty_quote_is_a_form_error(researcher_client):
    response = researcher_client.post(
        CLAIM_ADD, _claim_form(researcher_client, **{"appearances-0-quote": "  "})
    )
    assert response.status_code == 200
    assert _row_errors(response)["quote"] == ["Give the exact words as they were published there."]
    assert not Claim.objects.exists()


def test_a_claim_with_no_appearance_is_a_form_error(researcher_client):
    response = researcher_client.post(
        CLAIM_ADD, _claim_form(researcher_client, **{"appearances-0-source": ""})
    )
    assert response.status_code == 200
    assert "source" in _row_errors(response)
    assert not Claim.objects.exists()


def test_a_duplicate_attribution_position_is_a_form_error(researcher_client):
    claim = ClaimFactory()
    first, second = ClaimantFactory(), ClaimantFactory()
    url = _appearance_page(claim.first_appearance)
    data = form_data(researcher_client, url)
    data.update(
        {
            "attributions-TOTAL_FORMS": "2",
            "attributions-0-position": "1",
            "attributions-0-claimant": str(first.pk),
            "attributions-0-verb": "reported",
            "attributions-1-position": "1",
            "attributions-1-claimant": str(second.pk),
            "attributions-1-verb": "said",
        }
    )
    response = researcher_client.post(url, data)
    assert response.status_code == 200
    errors = " ".join(
        str(e) for e in response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )
    assert "duplicate" in errors.lower()
    assert not Attribution.objects.exists()


def test_a_position_taken_by_an_existing_hop_is_a_form_error(researcher_client):
    hop = AttributionFactory(position=1)
    url = _appearance_page(hop.appearance)
    data = form_data(researcher_client, url)
    data.update(
        {
            "attributions-TOTAL_FORMS": "2",
            "attributions-1-position": "1",
            "attributions-1-claimant": str(ClaimantFactory().pk),
            "attributions-1-verb": "said",
        }
    )
    response = researcher_client.post(url, data)
    assert response.status_code == 200
    assert hop.appearance.attributions.count() == 1


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _claims(n: int) -> None:
    for _ in range(n):
        claim = ClaimFactory(reviewer=UserFactory(groups=["Reviewers"]))
        claim.topics.add(TopicFactory())
        AttributionFactory(claim=claim)
        CitationFactory(claim=claim)
        VerdictFactory(claim=claim)


@pytest.mark.parametrize(
    "changelist",
    [
        "claims_claim_changelist",
        "sources_source_changelist",
        "claims_claimant_changelist",
        "claims_verdict_changelist",
        "claims_appearance_changelist",
    ],
)
def test_change_lists_cost_the_same_queries_for_1_and_50_rows(researcher_client, changelist):
    url = reverse(f"admin:{changelist}")
    _claims(1)
    with_one = _queries_for(researcher_client, url)
    _claims(49)
    with_fifty = _queries_for(researcher_client, url)
    assert with_one == with_fifty


def test_a_stale_edit_on_the_article_page_does_not_overwrite_a_newer_one(researcher_client):
    claim = ClaimFactory(quote="Seven shells hit the hospital")
    appearance = claim.first_appearance
    article_page = _source_page(appearance.source)
    stale = form_data(researcher_client, article_page)
    # Meanwhile a colleague edits the appearance on its own page.
    fresh = form_data(researcher_client, _appearance_page(appearance))
    fresh["quote"] = "Six other shells hit the hospital"
    assert researcher_client.post(_appearance_page(appearance), fresh).status_code == 302

    stale["appearances-0-quote"] = "Seven shells hit Kalinina hospital"
    response = researcher_client.post(article_page, stale)
    assert response.status_code == 200
    assert "changed this appearance since you opened it" in response.content.decode()
    appearance.refresh_from_db()
    assert appearance.quote == "Six other shells hit the hospital"


def test_an_untouched_row_on_the_article_page_does_not_block_saving_the_article(
    researcher_client,
):
    claim = ClaimFactory()
    appearance = claim.first_appearance
    article_page = _source_page(appearance.source)
    stale = form_data(researcher_client, article_page)
    appearance.save()  # saved elsewhere, with nothing this page shows changed
    assert appearance.revision == 2
    stale["title"] = "A better title"
    response = researcher_client.post(article_page, stale)
    assert response.status_code == 302, response.context and response.context["errors"]
    appearance.source.refresh_from_db()
    assert appearance.source.title == "A better title"
    assert appearance.history.count() == 2, "the untouched row was not saved again"
