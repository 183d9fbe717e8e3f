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


def test_a_researcher_logs_a_claim_inline_on_the_article_page(researcher_client, researcher):
    article = SourceFactory(title="Minsk meeting ends in stalemate")
    ministry_source = ClaimantFactory(name="Unnamed defence ministry source", kind="unnamed")
    data = form_data(researcher_client, _source_page(article))
    data.update(
        {
            "claims-0-position": "4",
            "claims-0-text": "The captured soldiers crossed the border by accident.",
            "claims-0-quote": 'crossed the border into Ukraine "by accident."',
            "claims-0-claimant": str(ministry_source.pk),
            "claims-0-made_on": "2014-08-26",
        }
    )
    response = researcher_client.post(_source_page(article), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    claim = Claim.objects.get()
    assert claim.appearance == article
    assert claim.claimant == ministry_source
    assert claim.created_by == researcher
    assert claim.status == Claim.Status.DRAFT
    assert claim.slug == "the-captured-soldiers-crossed-the-border-by-accident"
    assert claim.history.get().history_user == researcher


def test_a_researcher_logs_the_attribution_chain_and_citations_on_a_claim(
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
            "quote": 'crossed the border into Ukraine "by accident."',
            "appearance": str(article.pk),
            "claimant": str(unnamed.pk),
            "topics": [str(topic.pk)],
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
    chain = [(a.position, a.claimant.name, a.verb) for a in claim.attributions.all()]
    assert chain == [
        (1, "Reuters", "citing"),
        (2, "Russian news agencies", "quoting"),
        (3, "Unnamed defence ministry source", "said"),
    ]
    assert {(c.source, c.role) for c in claim.citations.all()} == {
        (article, "origin"),
        (un_report, "context"),
    }
    assert list(claim.topics.all()) == [topic]
    assert claim.created_by == researcher
    assert claim.citations.get(role="context").history.get().history_user == researcher


def test_the_article_page_shows_its_claims_with_quote_claimant_and_chain(researcher_client):
    claim = ClaimFactory(quote="We've come as cannon fodder")
    AttributionFactory(claim=claim, position=1, claimant__name="Ukraine", verb="published")
    AttributionFactory(claim=claim, position=2, claimant__name="Ivan Milchankov", verb="said")
    page = researcher_client.get(_source_page(claim.appearance)).content.decode()
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
            "quote": "Seven shells hit the territory of Kalinina hospital",
            "appearance": str(SourceFactory().pk),
            "claimant": str(ClaimantFactory().pk),
        }
    )
    data.update(fields)
    return data


def test_an_empty_quote_is_a_form_error(researcher_client):
    response = researcher_client.post(CLAIM_ADD, _claim_form(researcher_client, quote=""))
    assert response.status_code == 200
    assert "quote" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def test_a_claim_with_no_appearance_is_a_form_error(researcher_client):
    response = researcher_client.post(CLAIM_ADD, _claim_form(researcher_client, appearance=""))
    assert response.status_code == 200
    assert "appearance" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def test_a_duplicate_attribution_position_is_a_form_error(researcher_client):
    first, second = ClaimantFactory(), ClaimantFactory()
    data = _claim_form(
        researcher_client,
        **{
            "attributions-TOTAL_FORMS": "2",
            "attributions-0-position": "1",
            "attributions-0-claimant": str(first.pk),
            "attributions-0-verb": "reported",
            "attributions-1-position": "1",
            "attributions-1-claimant": str(second.pk),
            "attributions-1-verb": "said",
        },
    )
    response = researcher_client.post(CLAIM_ADD, data)
    assert response.status_code == 200
    errors = " ".join(
        str(e) for e in response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )
    assert "duplicate" in errors.lower()
    assert not Claim.objects.exists()
    assert not Attribution.objects.exists()


def test_a_position_taken_by_an_existing_hop_is_a_form_error(researcher_client):
    hop = AttributionFactory(position=1)
    url = reverse("admin:claims_claim_change", args=[hop.claim.pk])
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
    assert hop.claim.attributions.count() == 1


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
    claim = ClaimFactory(text="Seven shells hit the hospital.")
    article_page = _source_page(claim.appearance)
    stale = form_data(researcher_client, article_page)
    # Meanwhile a colleague edits the claim on its own page.
    fresh = form_data(researcher_client, reverse("admin:claims_claim_change", args=[claim.pk]))
    fresh["text"] = "Six other shells hit the hospital."
    researcher_client.post(reverse("admin:claims_claim_change", args=[claim.pk]), fresh)

    stale["claims-0-text"] = "Seven shells hit Kalinina hospital."
    response = researcher_client.post(article_page, stale)
    assert response.status_code == 200
    assert "changed this claim since you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Six other shells hit the hospital."


def test_an_untouched_claim_on_the_article_page_does_not_block_saving_the_article(
    researcher_client,
):
    claim = ClaimFactory()
    article_page = _source_page(claim.appearance)
    stale = form_data(researcher_client, article_page)
    claim.slug = "renamed-elsewhere"  # a change the article page does not show
    claim.save()
    stale["title"] = "A better title"
    response = researcher_client.post(article_page, stale)
    assert response.status_code == 302
    claim.appearance.refresh_from_db()
    assert claim.appearance.title == "A better title"
    assert claim.history.count() == 2, "the untouched claim was not saved again"
