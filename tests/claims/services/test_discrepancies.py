"""Figures that disagree: proposed when appearances' figures of a kind differ, within a claim
and across claims of one source; decided by reviewers; kept, outdated, when their figures
change, and never proposed again once dismissed."""

import pytest
from django.core.cache import cache

from claims.freshness import content_version
from claims.models import Discrepancy
from claims.services import (
    DiscrepancyInvalid,
    DiscrepancyNoLongerHolds,
    NotPermitted,
    ReasonRequired,
    appearance_add,
    appearance_remove,
    appearance_update,
    claim_create,
    claim_merge,
    discrepancy_confirm,
    discrepancy_decide,
    discrepancy_dismiss,
    figure_update,
)
from tests.factories import ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db

SHELLS = "Seven shells hit the territory of Kalinina hospital on Sunday morning"
CAPTION = "Six other shells hit the territory of this hospital in the assault"


@pytest.fixture
def article():
    return SourceFactory(title="VICE News: Russian soldiers captured in Ukraine")


@pytest.fixture
def shells(researcher, article):
    claim = claim_create(
        by=researcher,
        text="Seven shells hit Kalinina hospital on Sunday morning.",
        claimant=ClaimantFactory(name="VICE News"),
        source=article,
        quote=SHELLS,
        position=11,
    )
    appearance_add(claim=claim, by=researcher, source=article, quote=CAPTION, position=9)
    return claim


def _pairs():
    return [
        (d.kind, d.label, d.scope, d.status, [side["words"] for side in d.stated])
        for d in Discrepancy.objects.order_by("pk")
    ]


def test_two_appearances_that_count_differently_are_proposed(shells):
    assert _pairs() == [("shells", "differ", "claim", "proposed", ["Seven", "Six"])]
    discrepancy = Discrepancy.objects.get()
    assert (discrepancy.claim, discrepancy.other_claim) == (shells, shells)
    first, second = discrepancy.stated
    assert (first["quote"], first["source_title"], first["normalised_value"]) == (
        SHELLS,
        "VICE News: Russian soldiers captured in Ukraine",
        7,
    )
    assert second["normalised_value"] == 6
    assert discrepancy.history.latest().history_change_reason == "proposed"


def test_figures_that_agree_make_no_proposal(researcher, article):
    claim = claim_create(
        by=researcher,
        text="The march was 45 miles.",
        claimant=ClaimantFactory(),
        source=article,
        quote="a planned three-day, 45-mile march",
    )
    appearance_add(claim=claim, by=researcher, source=SourceFactory(), quote="a 70-kilometre march")
    assert _pairs() == []
    appearance_add(claim=claim, by=researcher, source=SourceFactory(), quote="a 100 km march")
    assert sorted(p[1] for p in _pairs()) == ["differ", "differ"]


def test_a_qualifier_that_differs_is_proposed(researcher, article):
    claim = claim_create(
        by=researcher,
        text="Donetsk had a pre-war population of one million.",
        claimant=ClaimantFactory(),
        source=article,
        quote="the city with a pre-war population of one million",
    )
    appearance_add(
        claim=claim,
        by=researcher,
        source=article,
        quote="The rebel-held city, with a pre-war population of nearly one million",
        position=4,
    )
    assert _pairs() == [
        (
            "population",
            "qualifier_differs",
            "claim",
            "proposed",
            ["one million", "nearly one million"],
        )
    ]


def test_claims_of_one_source_are_compared_and_others_not(researcher, article, shells):
    claimant = ClaimantFactory()
    claim_create(
        by=researcher,
        text="Four shells hit a school.",
        claimant=claimant,
        source=article,
        quote="Four shells hit a school nearby",
        position=20,
    )
    claim_create(
        by=researcher,
        text="Nine shells hit a market.",
        claimant=claimant,
        source=SourceFactory(),
        quote="Nine shells hit a market",
    )
    scopes = sorted((p[2], tuple(p[4])) for p in _pairs())
    assert scopes == [
        ("article", ("Seven", "Four")),
        ("article", ("Six", "Four")),
        ("claim", ("Seven", "Six")),
    ]


def test_a_reviewer_confirms_and_published_pages_refresh(shells, reviewer):
    discrepancy = Discrepancy.objects.get()
    decided = discrepancy_confirm(discrepancy=discrepancy, by=reviewer)
    decided.refresh_from_db()
    assert (decided.status, decided.decided_by, decided.outdated) == ("confirmed", reviewer, False)
    assert decided.history.latest().history_user == reviewer


def test_a_dismissal_needs_a_reason_and_is_never_proposed_again(shells, reviewer, researcher):
    discrepancy = Discrepancy.objects.get()
    with pytest.raises(ReasonRequired) as refused:
        discrepancy_dismiss(discrepancy=discrepancy, by=reviewer, note="  ")
    assert refused.value.field == "note"
    discrepancy_dismiss(
        discrepancy=discrepancy,
        by=reviewer,
        note="1 + 6 = 7: the morgue is on the hospital's grounds",
    )
    caption = shells.appearances.get(position=9)
    appearance_update(
        appearance=caption, by=researcher, reason="typo", quote=CAPTION + " on Sunday"
    )
    assert _pairs() == [("shells", "differ", "claim", "dismissed", ["Seven", "Six"])]
    history = [h.history_change_reason for h in discrepancy.history.order_by("history_id")]
    # Its quote changed since the dismissal, so a reviewer looks again; it is not proposed.
    assert history == [
        "proposed",
        "dismissed: 1 + 6 = 7: the morgue is on the hospital's grounds",
        "outdated: a figure or its quote changed since it was reviewed",
    ]


def test_only_reviewers_decide_and_only_on_a_decision(shells, researcher, reviewer):
    discrepancy = Discrepancy.objects.get()
    with pytest.raises(NotPermitted):
        discrepancy_confirm(discrepancy=discrepancy, by=researcher)
    with pytest.raises(DiscrepancyInvalid):
        discrepancy_decide(discrepancy=discrepancy, by=reviewer, status="proposed")
    assert Discrepancy.objects.get().status == "proposed"


def test_a_proposal_whose_figures_now_agree_is_withdrawn(shells, researcher):
    caption = shells.appearances.get(position=9)
    six = caption.figures.get(kind="shells")
    figure_update(figure=six, by=researcher, value=7)
    assert _pairs() == []
    assert Discrepancy.history.latest().history_change_reason.startswith("withdrawn")


def test_a_confirmed_one_whose_figure_changes_is_outdated_not_lost(shells, researcher, reviewer):
    confirmed = discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)
    caption = shells.appearances.get(position=9)
    appearance_update(
        appearance=caption,
        by=researcher,
        reason="the caption says five",
        quote="Five other shells hit the territory of this hospital in the assault",
    )
    confirmed.refresh_from_db()
    # The confirmed pair keeps what the reviewer saw; its figure "Six" left the quote.
    assert (confirmed.status, confirmed.outdated, confirmed.other_id) == ("confirmed", True, None)
    assert [side["words"] for side in confirmed.stated] == ["Seven", "Six"]
    # The new figure makes a pair of its own, for a reviewer to look at.
    assert ("shells", "differ", "claim", "proposed", ["Seven", "Five"]) in _pairs()
    with pytest.raises(DiscrepancyNoLongerHolds):
        discrepancy_confirm(discrepancy=confirmed, by=reviewer)


def test_removing_an_appearance_withdraws_its_proposals(shells, researcher):
    appearance_remove(appearance=shells.appearances.get(position=9), by=researcher)
    assert _pairs() == []


def test_a_merge_makes_an_article_pair_a_claim_pair(researcher, reviewer, article):
    """And a reviewed pair follows the merge too, keeping what was decided on."""
    claimant = ClaimantFactory()
    kept = claim_create(
        by=researcher, text="Seven shells.", claimant=claimant, source=article, quote=SHELLS
    )
    other = claim_create(
        by=researcher,
        text="Six shells.",
        claimant=claimant,
        source=article,
        quote=CAPTION,
        position=9,
    )
    assert [(d.scope, d.claim_id, d.other_claim_id) for d in Discrepancy.objects.all()] == [
        ("article", kept.pk, other.pk)
    ]
    discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)
    claim_merge(claim=other, into=kept, by=reviewer, reason="One claim, logged twice.")
    assert [(d.scope, d.claim_id, d.other_claim_id) for d in Discrepancy.objects.all()] == [
        ("claim", kept.pk, kept.pk)
    ]
    merged = Discrepancy.objects.get()
    assert [side["claim"] for side in merged.stated] == [kept.pk, kept.pk]
    assert (merged.status, merged.outdated) == ("confirmed", False)


def test_deciding_on_a_public_claims_pair_refreshes_public_pages(
    publish, reviewer, django_capture_on_commit_callbacks
):
    claim = publish(quote="Shells hit the hospital.")
    for quote in (SHELLS, CAPTION):
        appearance_add(claim=claim, by=reviewer, source=SourceFactory(), quote=quote)
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)
    assert content_version() != before


def test_claims_are_compared_only_within_the_source_they_share(researcher, article):
    """Claim X appears in A and B, claim Y in B only: X's figure in A is no article pair
    with Y's in B."""
    elsewhere = SourceFactory(title="Another outlet")
    claimant = ClaimantFactory()
    claim_create(
        by=researcher,
        text="Four shells hit a school.",
        claimant=claimant,
        source=elsewhere,
        quote="Four shells hit a school nearby",
        position=3,
    )
    x = claim_create(
        by=researcher,
        text="Seven shells hit the hospital.",
        claimant=claimant,
        source=article,
        quote="Seven shells hit the hospital",
    )
    appearance_add(claim=x, by=researcher, source=elsewhere, quote="Seven shells struck it")
    pairs = [
        (d.scope, [side["source"] for side in d.stated], [side["words"] for side in d.stated])
        for d in Discrepancy.objects.order_by("pk")
    ]
    assert pairs == [("article", [elsewhere.pk, elsewhere.pk], ["Four", "Seven"])]


def test_a_proposed_article_pair_is_withdrawn_when_its_appearance_moves_to_another_source(
    researcher, article, shells
):
    four = claim_create(
        by=researcher,
        text="Four shells hit a school.",
        claimant=ClaimantFactory(),
        source=article,
        quote="Four shells hit a school nearby",
        position=20,
    )
    assert sorted(p[2] for p in _pairs()) == ["article", "article", "claim"]
    appearance_update(appearance=four.first_appearance, by=researcher, source=SourceFactory())
    assert [p[2] for p in _pairs()] == ["claim"]
    assert Discrepancy.history.filter(history_type="-").count() == 2


def test_a_typo_fixed_in_a_published_quote_takes_the_old_quote_off_the_public_page(
    client, publish, reviewer, article
):
    claim = publish(quote="Shells hit the hospital.")
    appearance_add(claim=claim, by=reviewer, source=article, quote="Seven shells hit it")
    caption = appearance_add(
        claim=claim,
        by=reviewer,
        source=article,
        quote="Yesteday six other shells hit it",
        position=3,
    )
    discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)
    assert "Yesteday <mark>six</mark> other shells" in _public_page(client, claim)

    appearance_update(
        appearance=caption, by=reviewer, reason="typo", quote="Yesterday six other shells hit it"
    )

    confirmed = Discrepancy.objects.get()
    assert (confirmed.status, confirmed.outdated) == ("confirmed", True)
    assert "Yesteday" not in _public_page(client, claim)
    discrepancy_confirm(discrepancy=confirmed, by=reviewer)
    assert "Yesterday <mark>six</mark> other shells" in _public_page(client, claim)


def _public_page(client, claim) -> str:
    cache.clear()
    response = client.get(f"/claims/{claim.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_dismissed_pair_is_not_proposed_again_when_a_figure_is_read_anew(
    shells, reviewer, researcher
):
    """ "Six" written as "6" is a new figure (a new row), stating what the dismissed one
    did; "Five" states something else, and is proposed."""
    discrepancy_dismiss(
        discrepancy=Discrepancy.objects.get(),
        by=reviewer,
        note="1 + 6 = 7: the morgue is on the hospital's grounds",
    )
    caption = shells.appearances.get(position=9)
    six = caption.figures.get(kind="shells")
    appearance_update(
        appearance=caption, by=researcher, quote=CAPTION.replace("Six", "6"), reason="style"
    )
    assert caption.figures.get(kind="shells").pk != six.pk
    assert [p[3] for p in _pairs()] == ["dismissed"]

    appearance_update(
        appearance=caption, by=researcher, quote=CAPTION.replace("Six", "Five"), reason="misread"
    )
    assert [(p[3], p[4]) for p in _pairs()] == [
        ("dismissed", ["Seven", "Six"]),
        ("proposed", ["Seven", "Five"]),
    ]
