"""An appearance's figures on its admin page: listed as read from the quote, corrected, added
and removed by a researcher through the figure services; refused on the row, with nothing
saved, where the words are not in the quote or the claim is published and they are no
reviewer."""

import pytest
from django.urls import reverse

from claims.models import Citation, Figure
from claims.services import appearance_add, claim_create
from tests.adminforms import form_data
from tests.claims.helpers import publish
from tests.factories import CitationFactory, ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db

QUOTE = "At least 344,000 people have fled and more than 2,000 have been killed."


@pytest.fixture
def claim(researcher):
    article = SourceFactory(title="VICE News")
    logged = claim_create(
        by=researcher,
        text="At least 344,000 people have fled and more than 2,000 have been killed.",
        claimant=ClaimantFactory(name="United Nations"),
        source=article,
        quote=QUOTE,
    )
    CitationFactory(claim=logged, source=article, role=Citation.Role.ORIGIN)
    return logged


def _url(claim) -> str:
    return reverse("admin:claims_appearance_change", args=[claim.first_appearance_id])


def _rows(data: dict) -> dict[str, str]:
    """The figure rows' words, by row prefix."""
    return {k.rsplit("-", 1)[0]: v for k, v in data.items() if k.endswith("-words") and v}


def _post(client, claim, changes: dict):
    data = form_data(client, _url(claim))
    data.update(changes)
    return client.post(_url(claim), data)


def _row_of(client, claim, words: str) -> str:
    return next(p for p, w in _rows(form_data(client, _url(claim))).items() if w == words)


def test_the_page_lists_the_figures_read_from_the_quote(researcher_client, claim):
    page = researcher_client.get(_url(claim)).content.decode()

    assert set(_rows(form_data(researcher_client, _url(claim))).values()) == {
        "At least 344,000",
        "more than 2,000",
    }
    assert "read from the quote whenever it is saved" in page


def test_a_researcher_corrects_adds_and_removes_figures(researcher_client, claim, researcher):
    killed = _row_of(researcher_client, claim, "more than 2,000")
    fled = _row_of(researcher_client, claim, "At least 344,000")

    response = _post(
        researcher_client,
        claim,
        {
            f"{killed}-value": "2100",
            f"{fled}-DELETE": "on",
            "figures-2-words": "people",
            "figures-2-value": "3",
            "figures-2-kind": "other",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    figures = {f.words: f for f in Figure.objects.filter(appearance=claim.first_appearance)}
    assert (figures["more than 2,000"].value, figures["more than 2,000"].origin) == (
        2100,
        "corrected",
    )
    assert figures["more than 2,000"].entered_by == researcher
    assert figures["At least 344,000"].removed
    assert figures["people"].origin == "entered"


def test_words_not_in_the_quote_are_refused_on_their_row_with_nothing_saved(
    researcher_client, claim
):
    killed = _row_of(researcher_client, claim, "more than 2,000")
    response = _post(
        researcher_client,
        claim,
        {
            f"{killed}-value": "2100",
            "figures-2-words": "two million",
            "figures-2-value": "2000000",
        },
    )

    assert response.status_code == 200
    assert "is not in this appearance&#x27;s quote" in response.content.decode()
    assert Figure.objects.get(words="more than 2,000").value == 2000
    assert not Figure.objects.filter(words="two million").exists()


def test_on_a_published_claim_only_a_reviewer_corrects_figures(
    researcher_client, reviewer_client, claim, researcher, reviewer
):
    publish(claim, researcher=researcher, reviewer=reviewer)
    killed = _row_of(researcher_client, claim, "more than 2,000")

    refused = _post(researcher_client, claim, {f"{killed}-value": "2100"})
    assert refused.status_code == 200
    assert "only a reviewer" in refused.content.decode()
    assert Figure.objects.get(words="more than 2,000").value == 2000

    accepted = _post(reviewer_client, claim, {f"{killed}-value": "2100"})
    assert accepted.status_code == 302
    assert Figure.objects.get(words="more than 2,000").value == 2100


def test_the_claims_page_sets_its_appearances_figures_side_by_side_in_one_unit(
    researcher_client, researcher
):
    article = SourceFactory(title="VICE News")
    march = claim_create(
        by=researcher,
        text="The paratroopers were on a three-day, 45-mile march.",
        claimant=ClaimantFactory(name="Ivan Milchankov"),
        source=article,
        quote="a planned three-day, 45-mile march",
    )
    appearance_add(claim=march, by=researcher, source=SourceFactory(), quote="a 100 km march")

    page = researcher_client.get(reverse("admin:claims_claim_change", args=[march.pk]))

    html = page.content.decode()
    assert "<th scope='row'>distance</th><td><strong>differ</strong></td>" in html.replace('"', "'")
    assert "“45-mile” (72.42 kilometre); “100 km” (100 kilometre)" in html
