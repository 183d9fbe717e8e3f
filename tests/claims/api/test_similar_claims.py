"""GET /api/v1/claims/similar/: claims like a typed text, as each asker may see them, with
their score, level and reasons, in a fixed number of queries."""

import pytest

from claims.models import Claim
from tests.claims.helpers import publish
from tests.factories import ClaimantFactory, ClaimantNameFactory, ReadyClaimFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/similar/"
TYPED = "The soldiers crossed the border by accident, the ministry said."


@pytest.fixture
def logged(researcher, reviewer):
    """The "by accident" claim, published; a draft that says the same in other words; and a
    published claim about something else."""
    ministry = ClaimantFactory(name="Russian Defence Ministry")
    ClaimantNameFactory(claimant=ministry, name="Минобороны России")
    accident = ReadyClaimFactory(
        created_by=researcher,
        text="The captured Russian soldiers crossed the border into Ukraine by accident.",
        quote="the soldiers had crossed the border by accident",
        claimant=ministry,
    )
    publish(accident, researcher=researcher, reviewer=reviewer)
    draft = ReadyClaimFactory(
        created_by=researcher,
        text="Soldiers crossed the border by accident while on patrol.",
        quote="crossed the border by accident while on patrol",
    )
    bread = ReadyClaimFactory(
        created_by=researcher, text="Bread prices doubled in Kyiv this winter.", quote="doubled"
    )
    publish(bread, researcher=researcher, reviewer=reviewer)
    return {"accident": accident, "draft": draft, "bread": bread}


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["claim"]["id"] for row in response.json()["results"]]


def test_a_reader_is_suggested_public_claims_only_as_the_public_pages_show_them(anonymous, logged):
    response = anonymous.get(URL, {"text": TYPED})

    assert _ids(response) == [logged["accident"].pk]
    best = response.json()["results"][0]
    assert best["level"] == "same"
    assert 0.78 <= best["score"] <= 1
    assert best["claim"] == {
        "id": logged["accident"].pk,
        "slug": logged["accident"].slug,
        "text": logged["accident"].text,
        "claimant": {
            "id": logged["accident"].claimant_id,
            "name": "Russian Defence Ministry",
            "slug": logged["accident"].claimant.slug,
            "kind": logged["accident"].claimant.kind,
            "affiliation": "",
        },
        "status": "published",
        "url": f"http://testserver/claims/{logged['accident'].slug}/",
        "admin_url": None,
    }
    wording = next(r for r in best["reasons"] if r["kind"] == "wording")
    assert {"crossed", "border", "accident"} <= {w.lower() for w in wording["words"]}
    assert wording["message"].startswith("shares the words")


def test_staff_are_suggested_drafts_too_with_their_status_and_admin_page(researcher_api, logged):
    response = researcher_api.get(URL, {"text": TYPED})

    assert set(_ids(response)) == {logged["accident"].pk, logged["draft"].pk}
    draft = next(r for r in response.json()["results"] if r["claim"]["id"] == logged["draft"].pk)
    assert draft["claim"]["status"] == "draft"
    assert draft["claim"]["url"] is None
    assert draft["claim"]["admin_url"] == (
        f"http://testserver/admin/claims/claim/{logged['draft'].pk}/change/"
    )


def test_an_outsider_with_no_view_permission_sees_what_readers_see(outsider_api, logged):
    assert _ids(outsider_api.get(URL, {"text": TYPED})) == [logged["accident"].pk]


def test_a_claim_merged_away_is_never_suggested(researcher_api, logged):
    Claim.objects.filter(pk=logged["draft"].pk).update(
        status=Claim.Status.MERGED, merged_into=logged["accident"]
    )

    assert _ids(researcher_api.get(URL, {"text": TYPED})) == [logged["accident"].pk]


def test_without_the_matcher_the_answer_says_meaning_was_not_used_and_why(anonymous, logged):
    semantic = anonymous.get(URL, {"text": TYPED}).json()["semantic"]

    assert semantic["used"] is False
    assert semantic["reason"]
    assert semantic["model"] == ""


def test_the_claimant_by_id_or_by_another_name_is_a_reason(anonymous, logged):
    ministry = logged["accident"].claimant
    for given, said in [
        (str(ministry.pk), "the same claimant, Russian Defence Ministry"),
        ("минобороны россии", "the same claimant under another name, Минобороны России"),
    ]:
        best = anonymous.get(URL, {"text": TYPED, "claimant": given}).json()["results"][0]
        reasons = {r["kind"]: r["message"] for r in best["reasons"]}
        assert reasons["claimant"] == said, given


def test_limit_caps_the_results(researcher_api, logged):
    assert len(_ids(researcher_api.get(URL, {"text": TYPED, "limit": 1}))) == 1


def test_nothing_alike_is_an_empty_list_not_an_error(anonymous, logged):
    response = anonymous.get(URL, {"text": "Parliament passed the fisheries budget."})

    assert response.json()["results"] == []


def test_the_route_does_not_shadow_a_claims_own_page(anonymous, logged):
    response = anonymous.get(f"/api/v1/claims/{logged['accident'].pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == logged["accident"].pk


def test_suggestions_cost_the_same_queries_for_1_and_30_candidates(
    anonymous, researcher_api, logged, researcher, reviewer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counted(client) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"text": TYPED, "claimant": logged["accident"].claimant_id})
        return len(response.json()["results"]), len(queries)

    # Once first, as a running tracker has: the claims' count, which decides whether the
    # table is small enough to look up every word, is read once every few minutes.
    counted(anonymous)
    few = [counted(anonymous), counted(researcher_api)]
    for number in range(30):
        claim = ReadyClaimFactory(
            created_by=researcher,
            text=f"Soldiers crossed the border by accident near post {number}.",
            quote=f"crossed the border by accident near post {number}",
        )
        publish(claim, researcher=researcher, reviewer=reviewer)

    many = [counted(anonymous), counted(researcher_api)]

    assert [results for results, _ in few] == [1, 2]
    assert [results for results, _ in many] == [10, 10]
    assert [queries for _, queries in many] == [queries for _, queries in few]
    # Readers: the claimant, how many claims hold each word, the candidates, the claims with
    # their appearances and names.
    assert few[0][1] <= 7
