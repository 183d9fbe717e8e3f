"""What a public page shows of a published claim (its citations, its chain, place and date, its
claimant, its sources) changes over the API only through a reviewer: a researcher's write is
refused with 403 `review_required` and nothing of it is kept; a reviewer's shows at once."""

import pytest

from claims.models import Attribution, Citation, Claimant
from sources.models import Source
from tests.claims.helpers import publish
from tests.factories import (
    AttributionFactory,
    CitationFactory,
    ClaimantFactory,
    ReadyClaimFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_page_cache")]


@pytest.fixture
def published(researcher, reviewer):
    claim = ReadyClaimFactory(
        created_by=researcher,
        text="The bridge was closed all week.",
        claimant=ClaimantFactory(name="Ministry of Transport"),
        appearance=SourceFactory(title="Bridge traffic resumes", publisher="Daily Bridge"),
    )
    AttributionFactory(claim=claim, position=1, claimant=ClaimantFactory(name="Road agency"))
    CitationFactory(claim=claim, source=SourceFactory(title="Traffic counts"), role="supports")
    publish(claim, researcher=researcher, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


def _hop(claim) -> Attribution:
    return claim.first_appearance.attributions.get()


def _cited(claim) -> Citation:
    return claim.citations.get(role="supports")


# Each write a review of the tracker found a researcher could make to a published claim: the
# request, and what must be as it was afterwards.
WRITES = {
    "citation role": lambda c: ("patch", f"/api/v1/citations/{_cited(c).pk}/", {"role": "refutes"}),
    "citation quote": lambda c: ("patch", f"/api/v1/citations/{_cited(c).pk}/", {"quote": "x"}),
    "citation removed": lambda c: ("delete", f"/api/v1/citations/{_cited(c).pk}/", None),
    "citation added": lambda c: (
        "post",
        "/api/v1/citations/",
        {"claim": c.pk, "source_id": SourceFactory(title="Unreviewed").pk, "role": "refutes"},
    ),
    "hop changed": lambda c: ("patch", f"/api/v1/attributions/{_hop(c).pk}/", {"verb": "quoting"}),
    "hop removed": lambda c: ("delete", f"/api/v1/attributions/{_hop(c).pk}/", None),
    "hop added": lambda c: (
        "post",
        "/api/v1/attributions/",
        {
            "appearance": c.first_appearance_id,
            "claimant_id": ClaimantFactory().pk,
            "position": 2,
            "verb": "said",
        },
    ),
    "claim place": lambda c: ("patch", f"/api/v1/claims/{c.pk}/", {"place": "Kyiv"}),
    "claim date": lambda c: ("patch", f"/api/v1/claims/{c.pk}/", {"made_on": "2020-01-02"}),
    "claimant name": lambda c: (
        "patch",
        f"/api/v1/claimants/{c.claimant_id}/",
        {"name": "Ministry of Infrastructure"},
    ),
    "claimant kind": lambda c: ("patch", f"/api/v1/claimants/{c.claimant_id}/", {"kind": "media"}),
    "claimant of a hop": lambda c: (
        "patch",
        f"/api/v1/claimants/{_hop(c).claimant_id}/",
        {"name": "Roads ministry"},
    ),
    "source publisher": lambda c: (
        "patch",
        f"/api/v1/sources/{c.first_appearance.source_id}/",
        {"publisher": "Someone else"},
    ),
    "cited source title": lambda c: (
        "patch",
        f"/api/v1/sources/{_cited(c).source_id}/",
        {"title": "Retitled"},
    ),
}


def _snapshot(claim) -> list:
    """Everything the claim's public page is made of, as rows."""
    claim.refresh_from_db()
    appearance = claim.first_appearance
    sources = Source.objects.filter(pk__in=[appearance.source_id, _cited(claim).source_id])
    return [
        (claim.text, claim.place, appearance.made_on),
        list(claim.citations.values_list("source_id", "role", "quote", "note").order_by("pk")),
        list(Attribution.objects.filter(appearance__claim=claim).values_list("claimant", "verb")),
        list(Claimant.objects.values_list("name", "kind").order_by("pk")),
        list(sources.values_list("title", "publisher").order_by("pk")),
    ]


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_a_researcher_changes_nothing_readers_see_of_a_published_claim(
    write, researcher_api, published
):
    method, url, body = WRITES[write](published)
    before = _snapshot(published)

    response = getattr(researcher_api, method)(url, body, format="json")

    assert response.status_code == 403, response.content
    error = response.json()
    assert error["code"] == "review_required"
    assert "ask a reviewer" in error["message"].lower()
    assert "/api/v1/proposals/" in error["message"]
    assert _snapshot(published) == before


def test_a_source_cited_by_a_researcher_on_a_published_claim_stays_private(
    researcher_api, anonymous, published
):
    unreviewed = SourceFactory(title="Unreviewed")
    assert anonymous.get(f"/api/v1/sources/{unreviewed.pk}/").status_code == 404

    refused = researcher_api.post(
        "/api/v1/citations/",
        {"claim": published.pk, "source_id": unreviewed.pk, "role": "refutes"},
        format="json",
    )

    assert refused.status_code == 403
    # Its archived copies are public only once a public claim cites it.
    assert anonymous.get(f"/api/v1/sources/{unreviewed.pk}/").status_code == 404


def test_a_researcher_still_writes_a_draft_claims_citations_chain_and_claimant(
    researcher_api, researcher
):
    draft = ReadyClaimFactory(created_by=researcher)
    hop = AttributionFactory(claim=draft, position=1)
    cited = CitationFactory(claim=draft, role="supports")

    answers = [
        researcher_api.patch(f"/api/v1/claims/{draft.pk}/", {"place": "Kyiv"}, format="json"),
        researcher_api.patch(
            f"/api/v1/claims/{draft.pk}/", {"made_on": "2020-01-02"}, format="json"
        ),
        researcher_api.patch(f"/api/v1/citations/{cited.pk}/", {"role": "refutes"}, format="json"),
        researcher_api.patch(f"/api/v1/attributions/{hop.pk}/", {"verb": "citing"}, format="json"),
        researcher_api.patch(
            f"/api/v1/claimants/{draft.claimant_id}/", {"name": "Renamed"}, format="json"
        ),
        researcher_api.patch(
            f"/api/v1/sources/{cited.source_id}/", {"publisher": "Another"}, format="json"
        ),
        researcher_api.delete(f"/api/v1/citations/{cited.pk}/"),
    ]

    assert [answer.status_code for answer in answers] == [200] * 6 + [204]
    draft.refresh_from_db()
    assert draft.place == "Kyiv"
    assert str(draft.first_appearance.made_on) == "2020-01-02"


def _page(client, claim) -> str:
    return client.get(f"/claims/{claim.slug}/").content.decode()


def test_a_reviewers_changes_show_on_the_public_page_at_once(
    client, reviewer_api, published, django_capture_on_commit_callbacks
):
    assert "Daily Bridge" in _page(client, published)
    changes = [
        ("patch", f"/api/v1/citations/{_cited(published).pk}/", {"role": "refutes"}, 200),
        ("patch", f"/api/v1/claims/{published.pk}/", {"place": "Kyiv"}, 200),
        ("patch", f"/api/v1/claims/{published.pk}/", {"made_on": "2014-08-27"}, 200),
        (
            "patch",
            f"/api/v1/claimants/{published.claimant_id}/",
            {"name": "Ministry of Infrastructure"},
            200,
        ),
        (
            "patch",
            f"/api/v1/sources/{published.first_appearance.source_id}/",
            {"publisher": "Bridge Weekly"},
            200,
        ),
    ]
    for method, url, body, expected in changes:
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(reviewer_api, method)(url, body, format="json")
        assert response.status_code == expected, response.content

    html = _page(client, published)
    assert '<span class="role role--refutes">' in html
    assert ", Kyiv." in html
    assert 'datetime="2014-08-27"' in html
    assert "Ministry of Infrastructure" in html
    assert "Ministry of Transport" not in html
    assert "Bridge Weekly" in html
    assert "Daily Bridge" not in html


def test_claimant_and_source_changes_are_kept_in_their_history_with_who_made_them(
    reviewer_api, reviewer, published
):
    source = published.first_appearance.source
    reviewer_api.patch(
        f"/api/v1/claimants/{published.claimant_id}/", {"name": "Renamed"}, format="json"
    )
    reviewer_api.patch(f"/api/v1/sources/{source.pk}/", {"publisher": "Other"}, format="json")

    renamed = published.claimant.history.first()
    republished = source.history.first()
    assert (renamed.name, renamed.history_user) == ("Renamed", reviewer)
    assert (republished.publisher, republished.history_user) == ("Other", reviewer)
    assert renamed.prev_record.name == "Ministry of Transport"
    assert republished.prev_record.publisher == "Daily Bridge"
