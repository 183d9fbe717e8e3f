"""/api/v1/discrepancies/: figures that disagree, read by staff in every state and by readers
once a reviewer confirmed them between public claims; decided by reviewers, and written in
no other way; every refusal in the API's error shape."""

import pytest

from claims.freshness import content_version
from claims.models import Citation, Discrepancy
from claims.services import (
    appearance_add,
    appearance_update,
    claim_create,
    discrepancy_confirm,
    discrepancy_dismiss,
    discrepancy_explain,
)
from tests.claims.helpers import publish as publish_through_the_services
from tests.factories import CitationFactory, ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/discrepancies/"
SHELLS = "Seven shells hit the territory of Kalinina hospital on Sunday morning"
CAPTION = "Six other shells hit the territory of this hospital in the assault"
WHY = "1 + 6 = 7: the morgue is on the hospital's grounds"


@pytest.fixture
def article():
    return SourceFactory(title="VICE News: Russian soldiers captured in Ukraine")


@pytest.fixture
def draft(researcher, article):
    """A draft claim whose two appearances count the shells differently: one pair proposed."""
    claim = claim_create(
        by=researcher,
        text="Seven shells hit Kalinina hospital on Sunday morning.",
        claimant=ClaimantFactory(),
        source=article,
        quote=SHELLS,
        position=11,
    )
    appearance_add(claim=claim, by=researcher, source=article, quote=CAPTION, position=9)
    return claim


@pytest.fixture
def published(publish, reviewer):
    """A published claim that two outlets' counts of the shells made a pair of."""
    claim = publish(quote="Shells hit the hospital.")
    for quote in (SHELLS, CAPTION):
        appearance_add(claim=claim, by=reviewer, source=SourceFactory(), quote=quote)
    return claim


def _ids(client, query: str = "") -> list[int]:
    response = client.get(f"{URL}?page_size=100{query}")
    assert response.status_code == 200, response.json()
    return [d["id"] for d in response.json()["results"]]


def _decide(client, discrepancy: Discrepancy, **body):
    return client.post(f"{URL}{discrepancy.pk}/decide/", body, format="json")


def test_readers_see_nothing_of_a_proposed_pair(anonymous, published, researcher_api):
    proposed = Discrepancy.objects.get()

    assert _ids(anonymous) == []
    assert anonymous.get(f"{URL}{proposed.pk}/").status_code == 404
    assert _ids(researcher_api) == [proposed.pk]


def test_readers_see_nothing_of_a_confirmed_pair_on_a_draft(anonymous, draft, reviewer):
    confirmed = discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)

    assert _ids(anonymous) == []
    assert anonymous.get(f"{URL}{confirmed.pk}/").status_code == 404
    # A draft's id is one the filter does not know, as for every other list.
    named = anonymous.get(f"{URL}?claim={draft.pk}")
    assert (named.status_code, list(named.json()["fields"])) == (400, ["claim"])
    assert "Seven" not in named.content.decode()


def test_readers_see_a_confirmed_pair_of_a_published_claim(anonymous, published, reviewer):
    confirmed = discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)

    assert _ids(anonymous) == [confirmed.pk]
    body = anonymous.get(f"{URL}{confirmed.pk}/").json()
    assert {k: v for k, v in body.items() if k not in ("figures", "proposed_at", "decided_at")} == {
        "id": confirmed.pk,
        "kind": "shells",
        "label": "differ",
        "scope": "claim",
        "status": "confirmed",
        "note": "",
        "outdated": False,
        # Staff names are the newsroom's business.
        "decided_by": None,
        "claim": published.pk,
        "other_claim": published.pk,
    }
    assert body["decided_at"] is not None
    seven, six = body["figures"]
    assert (seven["words"], seven["value"], seven["quote"], seven["claim"]) == (
        "Seven",
        7,
        SHELLS,
        published.pk,
    )
    assert six["quote"][six["span"][0] : six["span"][1]] == "Six"
    assert (six["normalised_value"], six["qualifier"], six["upper"]) == (6, "", None)
    appearance = published.appearances.get(quote=CAPTION)
    assert (six["appearance"], six["source"], six["source_url"]) == (
        appearance.pk,
        appearance.source_id,
        appearance.source.url,
    )
    assert six["figure"] == appearance.figures.get(kind="shells").pk


def test_a_pair_with_a_draft_is_shown_once_both_claims_are_public(
    anonymous, publish, researcher, reviewer, article
):
    shown = publish(quote="Shells hit the hospital.")
    appearance_add(claim=shown, by=reviewer, source=article, quote=SHELLS, position=11)
    caption = claim_create(
        by=researcher,
        text="Six shells hit the hospital in the assault.",
        claimant=ClaimantFactory(),
        source=article,
        quote=CAPTION,
        position=9,
    )
    pair = discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)
    assert (pair.scope, pair.claim_id, pair.other_claim_id) == ("article", shown.pk, caption.pk)

    assert _ids(anonymous) == []
    CitationFactory(claim=caption, source=article, role=Citation.Role.ORIGIN)
    publish_through_the_services(caption, researcher=researcher, reviewer=reviewer)

    assert _ids(anonymous) == [pair.pk]
    # Either side's claim finds it.
    assert _ids(anonymous, f"&claim={caption.pk}") == [pair.pk]
    assert _ids(anonymous, f"&claim={shown.pk}") == [pair.pk]


@pytest.fixture
def every_state(researcher, reviewer):
    """Pairs proposed, confirmed, dismissed and explained, two of them outdated since."""
    claim = claim_create(
        by=researcher,
        text="Seven shells hit the hospital.",
        claimant=ClaimantFactory(),
        source=SourceFactory(),
        quote="Seven shells hit the hospital",
    )
    for quote in ("Six shells hit the hospital", "Five shells hit the hospital"):
        appearance_add(claim=claim, by=researcher, source=SourceFactory(), quote=quote)
    seven_six, seven_five, six_five = Discrepancy.objects.order_by("figure", "other")
    discrepancy_confirm(discrepancy=seven_six, by=reviewer)
    discrepancy_dismiss(discrepancy=seven_five, by=reviewer, note=WHY)
    discrepancy_explain(discrepancy=six_five, by=reviewer, note="Counted a day apart.")
    five = claim.appearances.get(quote="Five shells hit the hospital")
    # The five pairs are outdated, and three shells make pairs of their own.
    appearance_update(appearance=five, by=researcher, quote="Three shells hit the hospital")
    return claim


def test_staff_see_every_pair_in_every_state(researcher_api, anonymous, outsider_api, every_state):
    shown = researcher_api.get(f"{URL}?page_size=100").json()["results"]

    every = Discrepancy.objects.values_list("pk", flat=True)
    assert sorted(d["id"] for d in shown) == sorted(every)
    assert {(d["status"], d["outdated"]) for d in shown} == {
        ("confirmed", False),
        ("dismissed", True),
        ("explained", True),
        ("proposed", False),
    }
    assert {d["decided_by"] for d in shown} == {"victor-reviewer", None}
    # Readers, and staff who may not view them, see what the public pages show: none here.
    assert _ids(anonymous) == []
    assert _ids(outsider_api) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("&status=dismissed", {"status": "dismissed"}),
        ("&status=proposed", {"status": "proposed"}),
        ("&outdated=true", {"outdated": True}),
        ("&kind=shells", {"kind": "shells"}),
        ("&kind=killed", {"kind": "killed"}),
        ("&scope=article", {"scope": "article"}),
    ],
)
def test_staff_filter_pairs_by_status_kind_scope_and_outdated(
    researcher_api, every_state, query, expected
):
    assert sorted(_ids(researcher_api, query)) == sorted(
        Discrepancy.objects.filter(**expected).values_list("pk", flat=True)
    )


def test_a_filter_with_an_unknown_value_is_a_400(researcher_api, every_state):
    response = researcher_api.get(f"{URL}?status=maybe")

    assert (response.status_code, list(response.json()["fields"])) == (400, ["status"])


def test_a_reviewer_decides_and_the_history_names_them(
    reviewer_api, reviewer, anonymous, published, django_capture_on_commit_callbacks
):
    pair = Discrepancy.objects.get()
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = _decide(reviewer_api, pair, status="confirmed")

    assert confirmed.status_code == 200, confirmed.json()
    assert (confirmed.json()["status"], confirmed.json()["decided_by"]) == (
        "confirmed",
        "victor-reviewer",
    )
    latest = pair.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (reviewer, "confirmed")
    # The claim's public page shows the pair now.
    assert content_version() != before
    assert _ids(anonymous) == [pair.pk]

    dismissed = _decide(reviewer_api, pair, status="dismissed", note=WHY)
    assert (dismissed.status_code, dismissed.json()["note"]) == (200, WHY)
    latest = pair.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (reviewer, f"dismissed: {WHY}")
    assert _ids(anonymous) == []


def test_a_researcher_may_not_decide(researcher_api, draft):
    pair = Discrepancy.objects.get()

    refused = _decide(researcher_api, pair, status="confirmed")

    assert refused.status_code == 403
    assert refused.json()["code"] == "not_permitted"
    assert set(refused.json()) == {"code", "message", "fields"}
    assert Discrepancy.objects.get().status == "proposed"


def test_a_pair_the_client_may_not_see_is_not_found_and_anonymous_clients_sign_in_first(
    outsider_api, anonymous, draft
):
    pair = Discrepancy.objects.get()

    assert _decide(outsider_api, pair, status="confirmed").status_code == 404
    assert _decide(anonymous, pair, status="confirmed").status_code == 401
    assert Discrepancy.objects.get().status == "proposed"


@pytest.mark.parametrize("status", ["dismissed", "explained"])
@pytest.mark.parametrize("note", [None, "", "   "])
def test_a_dismissal_or_explanation_without_a_note_is_a_400_on_note(
    reviewer_api, draft, status, note
):
    body = {"status": status} if note is None else {"status": status, "note": note}

    refused = _decide(reviewer_api, Discrepancy.objects.get(), **body)

    assert refused.status_code == 400
    assert (refused.json()["code"], list(refused.json()["fields"])) == ("reason_required", ["note"])
    assert Discrepancy.objects.get().status == "proposed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "proposed"}, "status"),
        ({"status": "maybe"}, "status"),
        ({}, "status"),
        ({"status": "confirmed", "colour": "red"}, "colour"),
    ],
)
def test_an_unknown_decision_is_a_400_naming_the_field(reviewer_api, draft, body, field):
    refused = _decide(reviewer_api, Discrepancy.objects.get(), **body)

    assert refused.status_code == 400
    assert field in refused.json()["fields"], refused.json()
    assert Discrepancy.objects.get().status == "proposed"


def test_confirming_figures_that_no_longer_disagree_is_a_409(
    reviewer_api, reviewer, researcher, draft
):
    pair = discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)
    caption = draft.appearances.get(quote=CAPTION)
    # "Six" leaves the quote: the confirmed pair is outdated, with one figure gone.
    appearance_update(
        appearance=caption, by=researcher, quote=CAPTION.replace("Six", "Seven"), reason="typo"
    )

    refused = _decide(reviewer_api, pair, status="confirmed")

    assert refused.status_code == 409
    assert refused.json()["code"] == "discrepancy_no_longer_holds"
    dismissed = _decide(reviewer_api, pair, status="dismissed", note="The caption was a typo.")
    assert (dismissed.status_code, dismissed.json()["outdated"]) == (200, False)


@pytest.mark.parametrize(
    ("method", "detail"),
    [("post", False), ("put", True), ("patch", True), ("delete", True)],
)
def test_pairs_are_not_written_but_decided(reviewer_api, anonymous, draft, method, detail):
    pair = Discrepancy.objects.get()
    url = f"{URL}{pair.pk}/" if detail else URL
    body = {"status": "dismissed", "note": WHY, "kind": "killed"}

    refused = getattr(reviewer_api, method)(url, body, format="json")

    assert refused.status_code == 405
    assert refused.json()["code"] == "method_not_allowed"
    assert getattr(anonymous, method)(url, body, format="json").status_code == 401
    assert Discrepancy.objects.filter(pk=pair.pk, status="proposed", kind="shells").exists()


def test_a_list_reads_in_a_fixed_number_of_queries(
    anonymous, researcher_api, publish, reviewer, django_assert_max_num_queries
):
    claim = publish(quote="Shells hit the hospital.")
    for count in range(2, 8):
        appearance_add(
            claim=claim, by=reviewer, source=SourceFactory(), quote=f"{count} shells hit it"
        )
    for pair in Discrepancy.objects.all():
        discrepancy_confirm(discrepancy=pair, by=reviewer)
    assert Discrepancy.objects.count() == 15

    # The page of pairs with who decided them.
    with django_assert_max_num_queries(1):
        assert len(_ids(anonymous)) == 15
    # And the token and the user's permissions.
    with django_assert_max_num_queries(4):
        assert len(_ids(researcher_api)) == 15
