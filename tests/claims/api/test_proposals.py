"""/api/v1/proposals/: researchers propose changes to a published claim's parts, another
reviewer accepts or rejects them; every refusal in the API's error shape."""

import pytest

from claims.freshness import content_version
from claims.models import Attribution, Proposal
from tests.factories import ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/proposals/"


@pytest.fixture
def origin(published_claim):
    return published_claim.citations.get()


def _propose(api, claim, **body):
    return api.post(
        URL, {"claim": claim.pk, "reason": "The article says so.", **body}, format="json"
    )


def _role_change(api, claim, citation, role="refutes"):
    return _propose(api, claim, kind="citation_change", target=citation.pk, values={"role": role})


def test_a_researcher_proposes_and_another_reviewer_accepts(
    researcher_api,
    reviewer_api,
    published_claim,
    origin,
    reviewer,
    client,
    django_capture_on_commit_callbacks,
):
    made = _role_change(researcher_api, published_claim, origin)
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] == "pending"
    assert body["before"]["role"] == "origin"
    assert body["values"] == {"role": "refutes"}
    assert body["proposed_by"] == "rita-researcher"

    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = reviewer_api.post(f"{URL}{body['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["decided_by"] == reviewer.username
    assert accepted.json()["basis_changed"] is True
    origin.refresh_from_db()
    assert origin.role == "refutes"
    assert origin.history.latest().history_user == reviewer
    # The public pages were marked stale by the accept, as any public write marks them.
    assert content_version() != before


def test_an_accepted_claimant_rename_shows_on_the_public_page(
    researcher_api, reviewer_api, published_claim, client, django_capture_on_commit_callbacks
):
    url = f"/claims/{published_claim.slug}/"
    assert "Ministry of Defence" not in client.get(url).content.decode()
    made = _propose(
        researcher_api, published_claim, kind="claimant", values={"name": "Ministry of Defence"}
    )
    assert made.status_code == 201, made.json()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_api.post(f"{URL}{made.json()['id']}/accept/", {}, format="json")
    assert "Ministry of Defence" in client.get(url).content.decode()


def test_bad_values_get_400_with_the_fields_at_fault(researcher_api, published_claim, origin):
    response = _propose(
        researcher_api,
        published_claim,
        kind="citation_change",
        target=origin.pk,
        values={"role": "bogus", "note": 5},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "proposal_invalid"
    assert set(response.json()["fields"]) == {"note"}
    response = _role_change(researcher_api, published_claim, origin, role="bogus")
    assert response.status_code == 400
    assert "role" in response.json()["fields"]
    missing = _propose(researcher_api, published_claim, kind="citation_add", values={})
    assert missing.status_code == 400
    assert {"source", "role"} <= set(missing.json()["fields"])
    assert not Proposal.objects.exists()


def test_the_same_proposal_twice_is_409(researcher_api, published_claim, origin):
    assert _role_change(researcher_api, published_claim, origin).status_code == 201
    again = _role_change(researcher_api, published_claim, origin)
    assert again.status_code == 409
    assert again.json()["code"] == "proposal_exists"
    assert Proposal.objects.count() == 1


def test_an_accept_of_a_changed_row_is_409_stale(
    researcher_api, reviewer_api, published_claim, origin
):
    made = _role_change(researcher_api, published_claim, origin)
    origin.note = "Edited meanwhile."
    origin.save()
    response = reviewer_api.post(f"{URL}{made.json()['id']}/accept/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "proposal_stale"
    origin.refresh_from_db()
    assert origin.role == "origin"


def test_the_proposer_cannot_accept_and_a_researcher_is_forbidden(
    researcher_api, reviewer_api, second_reviewer_api, published_claim, origin
):
    own = _role_change(reviewer_api, published_claim, origin).json()
    refused = reviewer_api.post(f"{URL}{own['id']}/accept/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "four_eyes"
    forbidden = researcher_api.post(f"{URL}{own['id']}/accept/", {}, format="json")
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "not_permitted"
    assert (
        second_reviewer_api.post(f"{URL}{own['id']}/accept/", {}, format="json").status_code == 200
    )


def test_a_rejection_needs_a_note(researcher_api, reviewer_api, published_claim, origin):
    made = _role_change(researcher_api, published_claim, origin).json()
    no_note = reviewer_api.post(f"{URL}{made['id']}/reject/", {}, format="json")
    assert no_note.status_code == 400
    assert "note" in no_note.json()["fields"]
    rejected = reviewer_api.post(
        f"{URL}{made['id']}/reject/", {"note": "The source supports it."}, format="json"
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    decided = reviewer_api.post(f"{URL}{made['id']}/accept/", {}, format="json")
    assert decided.status_code == 409
    assert decided.json()["code"] == "proposal_decided"


def test_the_proposer_withdraws(researcher_api, reviewer_api, published_claim, origin):
    made = _role_change(researcher_api, published_claim, origin).json()
    assert reviewer_api.post(f"{URL}{made['id']}/withdraw/").status_code == 403
    withdrawn = researcher_api.post(f"{URL}{made['id']}/withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


def test_lists_filter_by_claim_and_status(
    researcher_api, reviewer_api, published_claim, draft_claim, origin
):
    _role_change(researcher_api, published_claim, origin)
    hop = Attribution.objects.get(appearance__claim=published_claim, position=1)
    _propose(researcher_api, published_claim, kind="hop_remove", target=hop.pk)
    _propose(
        researcher_api,
        draft_claim,
        kind="citation_add",
        values={"source": SourceFactory().pk, "role": "context"},
    )
    every = reviewer_api.get(URL).json()["results"]
    assert len(every) == 3
    of_claim = reviewer_api.get(URL, {"claim": published_claim.pk}).json()["results"]
    assert {p["kind"] for p in of_claim} == {"citation_change", "hop_remove"}
    assert reviewer_api.get(URL, {"status": "accepted"}).json()["results"] == []
    assert reviewer_api.get(URL, {"claim": 2**70}).status_code == 400


def test_readers_and_outsiders_see_no_proposals(
    anonymous, outsider_api, researcher_api, published_claim, origin
):
    made = _role_change(researcher_api, published_claim, origin).json()
    assert anonymous.get(URL).status_code in (401, 403)
    assert anonymous.get(f"{URL}{made['id']}/").status_code in (401, 403)
    assert outsider_api.get(URL).status_code == 403
    assert (
        _propose(
            outsider_api, published_claim, kind="claimant", values={"kind": "media"}
        ).status_code
        == 403
    )


def test_an_added_hop_is_written_when_accepted(researcher_api, reviewer_api, published_claim):
    claimant = ClaimantFactory(name="A news agency")
    made = _propose(
        researcher_api,
        published_claim,
        kind="hop_add",
        values={
            "appearance": published_claim.first_appearance_id,
            "position": 3,
            "claimant": claimant.pk,
            "verb": "reported",
        },
    )
    assert made.status_code == 201, made.json()
    assert (
        reviewer_api.post(f"{URL}{made.json()['id']}/accept/", {}, format="json").status_code == 200
    )
    hop = Attribution.objects.get(appearance__claim=published_claim, position=3)
    assert hop.claimant == claimant
    assert hop.history.latest().history_user.username == "victor-reviewer"


def test_ids_no_row_can_have_are_400_not_500(researcher_api, published_claim, origin):
    huge = 2**70
    for body in (
        {"claim": huge, "kind": "claimant", "values": {"kind": "media"}},
        {"claim": published_claim.pk, "kind": "citation_change", "target": huge},
        {
            "claim": published_claim.pk,
            "kind": "citation_add",
            "values": {"source": huge, "role": "context"},
        },
    ):
        response = researcher_api.post(URL, {"reason": "Why.", **body}, format="json")
        assert response.status_code == 400, (body, response.content)
