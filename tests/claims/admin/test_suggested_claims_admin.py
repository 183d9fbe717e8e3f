"""Suggested claims on the article's admin page: listed best first with the sentence in its
context; "Log this claim" opens a form filled from the guesses and logs the claim with its
chain; a sentence is dismissed with a reason."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Appearance, Attribution, Claim, Claimant, SuggestedClaim
from claims.services import suggestion_dismiss, suggestion_log
from claims.suggestions.build import suggest_for_source
from tests.claims.admin.pages import messages_of
from tests.claims.suggestions.conftest import archived

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    source = archived()
    suggest_for_source(source)
    return source


def _page(client, source) -> str:
    response = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _suggestion(source, starts: str) -> SuggestedClaim:
    return SuggestedClaim.objects.get(source=source, sentence__startswith=starts)


def test_the_article_page_lists_its_suggestions_in_context(researcher_client, article):
    page = _page(researcher_client, article)
    assert "Suggested claims from the archived text" in page
    assert "<mark>At least 344,000 people have fled the region since April" in page
    assert "states a figure: At least 344,000" in page
    chain = "Reuters (citing) → Russian news agencies (quoting) → defence ministry source (said)"
    assert chain in page
    fled = _suggestion(article, "At least 344,000")
    assert reverse("admin:sources_source_suggestion_log", args=[article.pk, fled.pk]) in page
    assert "Should the talks have been held at all?" not in page.split("suggested-claims")[-1]


def test_log_this_claim_opens_a_form_filled_from_the_guesses(researcher_client, article):
    chain = _suggestion(article, "Reuters cited")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, chain.pk])
    form = researcher_client.get(url).context["form"]
    assert form.initial["quote"] == chain.sentence
    assert form.initial["new_claimant_name"] == "defence ministry source"
    assert form.initial["chain"] == (
        "Reuters (citing)\nRussian news agencies (quoting)\ndefence ministry source (said)"
    )


def test_a_quotation_attributed_to_someone_is_offered_as_the_quote(researcher_client, article):
    director = _suggestion(article, '"We heard')
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, director.pk])
    form = researcher_client.get(url).context["form"]
    assert form.initial["quote"] == "We heard the first explosion at six. Then the windows came in"
    assert form.initial["quote"] in article.captures.get().text


def test_logging_writes_the_claim_its_appearance_and_its_chain(
    researcher_client, article, researcher
):
    reuters = Claimant.objects.create(name="Reuters", slug="reuters", kind="media")
    chain = _suggestion(article, "Reuters cited")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, chain.pk])
    response = researcher_client.post(
        url,
        {
            "text": "The captured soldiers crossed the border by accident.",
            "quote": 'the soldiers had crossed the border "by accident."',
            "new_claimant_name": "Unnamed defence ministry source",
            "new_claimant_kind": "unnamed",
            "chain": "Reuters (citing)\nRussian news agencies (quoting)\n"
            "Unnamed defence ministry source (said)",
            "position": chain.position,
        },
        follow=True,
    )
    assert any("as a draft" in m for m in messages_of(response)), response.content.decode()[:3000]
    claim = Claim.objects.get(text="The captured soldiers crossed the border by accident.")
    appearance = claim.first_appearance
    assert (appearance.source, appearance.created_by) == (article, researcher)
    hops = [
        (a.claimant.name, a.verb)
        for a in Attribution.objects.filter(appearance=appearance).order_by("position")
    ]
    assert hops == [
        ("Reuters", "citing"),
        ("Russian news agencies", "quoting"),
        ("Unnamed defence ministry source", "said"),
    ]
    assert Attribution.objects.get(appearance=appearance, position=1).claimant == reuters
    assert claim.claimant.name == "Unnamed defence ministry source"
    chain.refresh_from_db()
    assert (chain.status, chain.appearance, chain.decided_by) == ("logged", appearance, researcher)


def test_a_form_without_a_claimant_or_with_a_bad_hop_says_so(researcher_client, article):
    fled = _suggestion(article, "At least 344,000")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, fled.pk])
    response = researcher_client.post(
        url, {"text": "x", "quote": fled.sentence, "chain": "Reuters", "position": 1}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Choose who made the claim" in errors["claimant"][0]
    assert "write a hop as" in errors["chain"][0]
    assert not Claim.objects.exists()


def test_a_dismissal_needs_a_reason_and_then_leaves_the_list(researcher_client, article):
    director = _suggestion(article, '"We heard')
    url = reverse("admin:sources_source_suggestion_dismiss", args=[article.pk, director.pk])
    bare = researcher_client.post(url, {"reason": " "}, follow=True)
    assert any("Say why" in m for m in messages_of(bare))
    researcher_client.post(url, {"reason": "A witness's account, not a claim to rate."})
    director.refresh_from_db()
    assert (director.status, director.dismissed_reason) == (
        "dismissed",
        "A witness's account, not a claim to rate.",
    )
    assert f'id="suggestion-{director.pk}"' not in _page(researcher_client, article)
    again = researcher_client.post(url, {"reason": "twice"}, follow=True)
    assert any("dismissed already" in m for m in messages_of(again))


def test_a_reviewer_sees_them_but_logs_nothing(reviewer_client, article):
    page = _page(reviewer_client, article)
    assert "<mark>At least 344,000" in page
    assert "Log this claim" not in page
    fled = _suggestion(article, "At least 344,000")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, fled.pk])
    assert reviewer_client.get(url).status_code == 403


def _long_article():
    """Sixty check-worthy sentences, one a paragraph, that score alike: best first is then
    the article's order."""
    paragraphs = [
        f"{n + 2} shells hit the hospital in district {n} on Sunday, the mayor said."
        for n in range(60)
    ]
    source = archived("\n\n".join(paragraphs) + "\n")
    suggest_for_source(source)
    return source


def _listed(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="suggestion-(\d+)"', page)]


def test_open_suggestions_stay_listed_however_many_were_decided(researcher_client, researcher):
    article = _long_article()
    in_order = list(SuggestedClaim.objects.filter(source=article).order_by("-score", "start"))
    for decided in in_order[:35]:
        suggestion_dismiss(suggestion=decided, by=researcher, reason="One of many alike.")
    logged = in_order[35]
    claim = suggestion_log(
        suggestion=logged,
        by=researcher,
        text="Thirty-seven shells hit the hospital in district 35.",
        claimant=Claimant.objects.create(name="The mayor", slug="the-mayor", kind="person"),
        quote=logged.sentence,
        position=logged.position,
    )

    page = _page(researcher_client, article)

    assert _listed(page) == [s.pk for s in in_order[36:61]]
    assert f"(claim {claim.pk})" in page.split("Logged already")[1]


def _panel_queries(client, source) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        _page(client, source)
    return [q["sql"] for q in queries.captured_queries if "claims_suggestedclaim" in q["sql"]]


def test_the_panel_reads_a_fixed_number_of_rows_without_the_article_text(
    researcher_client, researcher, article
):
    few = _panel_queries(researcher_client, article)
    many = _long_article()
    for decided in SuggestedClaim.objects.filter(source=many)[:10]:
        suggestion_dismiss(suggestion=decided, by=researcher, reason="One of many alike.")

    assert len(_panel_queries(researcher_client, many)) == len(few) == 2
    # Each row would otherwise carry the whole archived text with it.
    assert not any("sources_capture" in sql for sql in few)


@pytest.mark.parametrize(
    ("changed", "field", "said"),
    [
        (
            {"chain": "Reuters (citing)\nTASS (quoting, in a report put out on its own website)"},
            "chain",
            "at most 40 characters",
        ),
        ({"new_claimant_name": "Defence \u202eministry source"}, "new_claimant_name", "U+202E"),
        ({"chain": "Reuters (citing)\nRussian news agencies (quoting\u202e)"}, "chain", "U+202E"),
        ({"chain": "Reu\u202eters news agency (citing)"}, "chain", "U+202E RLO"),
        ({"text": "The soldiers \u202ecrossed the border."}, "text", "U+202E RLO"),
    ],
    ids=["a verb too long", "a claimant's name", "a verb's control", "a hop's name", "a claim"],
)
def test_what_a_claim_or_claimant_may_not_hold_is_shown_on_the_form_and_nothing_is_logged(
    researcher_client, article, changed, field, said
):
    chain = _suggestion(article, "Reuters cited")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, chain.pk])
    claimants = Claimant.objects.count()
    data = {
        "text": "The captured soldiers crossed the border by accident.",
        "quote": 'the soldiers had crossed the border "by accident."',
        "new_claimant_name": "Unnamed defence ministry source",
        "new_claimant_kind": "unnamed",
        "chain": "Reuters (citing)",
        "position": chain.position,
    }

    response = researcher_client.post(url, {**data, **changed})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert said in " ".join(errors[field]), errors
    assert said in response.content.decode()
    assert not Claim.objects.exists()
    assert not Appearance.objects.exists()
    assert not Attribution.objects.exists()
    assert Claimant.objects.count() == claimants
    chain.refresh_from_db()
    assert (chain.status, chain.appearance) == ("open", None)


def _hops(claim) -> list[tuple[Claimant, str]]:
    return [
        (a.claimant, a.verb)
        for a in Attribution.objects.filter(appearance=claim.first_appearance).order_by("position")
    ]


def test_a_hop_is_the_claimant_logged_under_its_name_never_one_only_like_it(
    researcher_client, article
):
    russian = Claimant.objects.create(name="Russian army", slug="russian-army", kind="military")
    chain = _suggestion(article, "Reuters cited")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, chain.pk])
    researcher_client.post(
        url,
        {
            "text": "The captured soldiers crossed the border by accident.",
            "quote": 'the soldiers had crossed the border "by accident."',
            "new_claimant_name": "Unnamed defence ministry source",
            "new_claimant_kind": "unnamed",
            # 87.5% alike by their letters, and two armies.
            "chain": "Ukrainian army (citing)\nRUSSIAN  ARMY (said)",
            "position": chain.position,
        },
    )
    claim = Claim.objects.get()
    (first, _), (second, _) = _hops(claim)
    assert (first.name, first.kind) == ("Ukrainian army", "government")
    assert first != russian
    assert second == russian
    assert Claimant.objects.filter(name__iexact="russian army").count() == 1


def test_the_form_keeps_the_name_the_article_prints_beside_the_claimant_guessed(
    researcher_client, researcher
):
    kravets = Claimant.objects.create(name="Олена Кравець", slug="kravets", kind="person")
    article = archived()
    suggest_for_source(article)
    director = _suggestion(article, '"We heard')
    assert (director.claimant, director.claimant_name) == (kravets, "Olena Kravets")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, director.pk])

    response = researcher_client.get(url)

    form = response.context["form"]
    assert (form.initial["claimant"], form.initial["new_claimant_name"]) == (
        kravets,
        "Olena Kravets",
    )
    assert 'value="Olena Kravets"' in response.content.decode()
    logged = {
        "text": "The first explosion was at six.",
        "quote": "We heard the first explosion at six",
        "new_claimant_name": "Olena Kravets",
        "new_claimant_kind": "person",
        "position": director.position,
    }
    researcher_client.post(url, {**logged, "claimant": kravets.pk})
    assert Claim.objects.get().claimant == kravets
    assert Claimant.objects.count() == 1


def test_a_hop_whose_kind_is_not_guessed_is_logged_as_an_unnamed_source(researcher_client, article):
    chain = _suggestion(article, "Reuters cited")
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, chain.pk])
    researcher_client.post(
        url,
        {
            "text": "The captured soldiers crossed the border by accident.",
            "quote": 'the soldiers had crossed the border "by accident."',
            "new_claimant_name": "Unnamed defence ministry source",
            "new_claimant_kind": "unnamed",
            "chain": "local residents (said)",
            "position": chain.position,
        },
    )
    [(residents, verb)] = _hops(Claim.objects.get())
    assert (residents.name, residents.kind, verb) == ("local residents", "unnamed", "said")


@pytest.mark.parametrize("guessed", ["other", ""])
def test_a_guessed_kind_that_is_no_claimants_kind_is_not_offered(
    researcher_client, article, guessed
):
    fled = _suggestion(article, "At least 344,000")
    fled.claimant_kind = guessed
    fled.save()
    url = reverse("admin:sources_source_suggestion_log", args=[article.pk, fled.pk])
    response = researcher_client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["new_claimant_kind"] == "unnamed"
