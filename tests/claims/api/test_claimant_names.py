"""Claimants under every name outlets print: their other names nested and written through
/api/v1/claimant-names/, found by search and by /api/v1/claimants/similar/, and two claimants
merged into one by a reviewer."""

import pytest

from claims.freshness import content_version
from claims.models import Attribution, Claim, Claimant, ClaimantName
from tests.factories import AttributionFactory, ClaimantFactory, ClaimantNameFactory

pytestmark = pytest.mark.django_db


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.json()
    assert set(response.json()) == {"code", "message", "fields"}
    return response.json()


@pytest.fixture
def paratrooper(published_claim):
    """The published claim's claimant, printed as Ivan Milchankov, with his other names."""
    claimant = published_claim.claimant
    claimant.name = "Ivan Milchankov"
    claimant.save()
    ClaimantNameFactory(claimant=claimant, name="Ivan Vasilyevich Milchakov", kind="full")
    ClaimantNameFactory(claimant=claimant, name="Иван Мильчаков", kind="original", language="ru")
    return claimant


def _names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return sorted(row["name"] for row in response.json()["results"])


def test_a_claimant_reads_its_other_names_with_their_kind_and_language(anonymous, paratrooper):
    body = anonymous.get(f"/api/v1/claimants/{paratrooper.pk}/").json()

    assert sorted((n["name"], n["kind"], n["language"]) for n in body["names"]) == [
        ("Ivan Vasilyevich Milchakov", "full", ""),
        ("Иван Мильчаков", "original", "ru"),
    ]


def test_a_researcher_adds_edits_and_removes_another_name(researcher_api, draft_claim):
    claimant = draft_claim.claimant

    added = researcher_api.post(
        "/api/v1/claimant-names/",
        {"claimant": claimant.pk, "name": "Хидден", "kind": "original", "language": "RU"},
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["language"] == "ru"
    url = f"/api/v1/claimant-names/{added.json()['id']}/"

    edited = researcher_api.patch(url, {"kind": "transliteration"}, format="json")
    assert edited.status_code == 200, edited.json()
    assert ClaimantName.objects.get().kind == "transliteration"

    assert researcher_api.delete(url).status_code == 204
    assert not ClaimantName.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Иван Мильчаков"}, "non_field_errors"),
        ({"name": "Ivan Milchankov"}, "name"),
        ({"name": "Milchakov", "language": "russian!"}, "language"),
        ({"name": "  "}, "name"),
        ({"name": "Milchakov", "kind": "nickname"}, "kind"),
    ],
)
def test_a_bad_other_name_is_a_field_error(researcher_api, paratrooper, body, field):
    response = researcher_api.post(
        "/api/v1/claimant-names/", {"claimant": paratrooper.pk, **body}, format="json"
    )

    assert list(_error(response, 400)["fields"]) == [field]
    assert paratrooper.names.count() == 2


def test_an_outsider_may_not_add_names_and_anonymous_clients_must_sign_in(
    outsider_api, anonymous, paratrooper
):
    body = {"claimant": paratrooper.pk, "name": "Milchakov"}

    assert outsider_api.post("/api/v1/claimant-names/", body, format="json").status_code == 403
    assert anonymous.post("/api/v1/claimant-names/", body, format="json").status_code == 401
    assert paratrooper.names.count() == 2


def test_readers_see_only_the_names_of_claimants_public_claims_name(
    anonymous, researcher_api, paratrooper, draft_claim
):
    hidden = ClaimantNameFactory(claimant=draft_claim.claimant, name="Unseen")

    assert _names(anonymous.get("/api/v1/claimant-names/")) == [
        "Ivan Vasilyevich Milchakov",
        "Иван Мильчаков",
    ]
    assert anonymous.get(f"/api/v1/claimant-names/{hidden.pk}/").status_code == 404
    assert "Unseen" in _names(researcher_api.get("/api/v1/claimant-names/"))
    assert _names(
        anonymous.get("/api/v1/claimant-names/", {"claimant": paratrooper.pk, "kind": "full"})
    ) == ["Ivan Vasilyevich Milchakov"]


def test_a_name_added_to_a_public_claimant_refreshes_the_public_pages(
    researcher_api, paratrooper, django_capture_on_commit_callbacks
):
    version = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_api.post(
            "/api/v1/claimant-names/",
            {"claimant": paratrooper.pk, "name": "I. Milchakov"},
            format="json",
        )

    assert response.status_code == 201, response.json()
    assert content_version() != version


@pytest.mark.parametrize("term", ["Vasilyevich", "Мильчаков"])
def test_searching_claimants_matches_their_other_names(anonymous, paratrooper, term):
    rows = anonymous.get("/api/v1/claimants/", {"search": term}).json()["results"]

    assert [row["id"] for row in rows] == [paratrooper.pk]


def _similar(api, **params):
    return api.get("/api/v1/claimants/similar/", params)


def test_similar_claimants_are_found_across_scripts_and_spellings(anonymous, paratrooper):
    ClaimantFactory(name="Ivan Petrov")

    for name in ("Ivan Milchakov", "Иван Мильчаков", "IVAN  VASILYEVICH MILCHAKOV"):
        response = _similar(anonymous, name=name)
        assert response.status_code == 200, response.json()
        (match,) = response.json()["results"]
        assert match["claimant"] == {
            "id": paratrooper.pk,
            "slug": paratrooper.slug,
            "name": "Ivan Milchankov",
            "kind": "person",
            "affiliation": "",
        }
        assert 0.72 <= match["score"] <= 1.0
        assert match["reasons"]
        assert all(isinstance(reason, str) for reason in match["reasons"])


def test_anonymous_clients_are_offered_only_claimants_they_may_see(
    anonymous, researcher_api, paratrooper, draft_claim
):
    ClaimantNameFactory(claimant=draft_claim.claimant, name="Ivan Milchakov")

    public = _similar(anonymous, name="Ivan Milchakov").json()["results"]
    staff = _similar(researcher_api, name="Ivan Milchakov").json()["results"]

    assert [m["claimant"]["id"] for m in public] == [paratrooper.pk]
    assert draft_claim.claimant_id in [m["claimant"]["id"] for m in staff]
    assert "Hidden" not in str(public)


@pytest.mark.parametrize("params", [{}, {"name": ""}, {"name": "   "}, {"name": "x" * 201}])
def test_a_missing_blank_or_overlong_name_is_refused_not_scored(anonymous, paratrooper, params):
    body = _error(_similar(anonymous, **params), 400)

    assert list(body["fields"]) == ["name"]


def _merge(api, claimant, into):
    target = into if isinstance(into, int) else into.pk
    return api.post(f"/api/v1/claimants/{claimant.pk}/merge/", {"into": target}, format="json")


def test_a_reviewer_merges_two_claimants_and_the_other_ones_names_are_kept(
    reviewer_api, anonymous, paratrooper, published_claim
):
    twin = ClaimantFactory(name="Ivan Milchakov")
    ClaimantNameFactory(claimant=twin, name="I. V. Milchakov")
    hop = AttributionFactory(claim=published_claim, position=3, claimant=twin)

    response = _merge(reviewer_api, twin, paratrooper)

    assert response.status_code == 200, response.json()
    assert response.json()["id"] == paratrooper.pk
    assert {"Ivan Milchakov", "I. V. Milchakov"} <= {n["name"] for n in response.json()["names"]}
    assert not Claimant.objects.filter(pk=twin.pk).exists()
    assert Attribution.objects.get(pk=hop.pk).claimant_id == paratrooper.pk
    assert anonymous.get(f"/api/v1/claimants/{paratrooper.pk}/").json()["names"]


def test_a_claimant_merge_moves_the_claims_that_name_them(reviewer_api, draft_claim, paratrooper):
    response = _merge(reviewer_api, draft_claim.claimant, paratrooper)

    assert response.status_code == 200, response.json()
    assert Claim.objects.get(pk=draft_claim.pk).claimant_id == paratrooper.pk


def test_only_reviewers_merge_claimants(researcher_api, anonymous, paratrooper):
    twin = ClaimantFactory()

    assert _error(_merge(researcher_api, twin, paratrooper), 403)["code"] == "not_permitted"
    assert _merge(anonymous, paratrooper, paratrooper).status_code == 401
    assert Claimant.objects.filter(pk=twin.pk).exists()


def test_a_claimant_merged_into_itself_or_one_not_there_is_a_conflict(reviewer_api, paratrooper):
    gone = Claimant.objects.order_by("-pk").first().pk + 100

    itself = _error(_merge(reviewer_api, paratrooper, paratrooper), 409)
    missing = _error(_merge(reviewer_api, paratrooper, gone), 409)

    assert itself["code"] == missing["code"] == "merge_not_allowed"
    assert list(itself["fields"]) == ["into"]
    assert "gone" in missing["message"]
    assert Claimant.objects.filter(pk=paratrooper.pk).exists()
