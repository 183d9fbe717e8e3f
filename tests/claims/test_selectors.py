"""The review pages' reads: a claim's timeline says what happened to it, its appearances and
its verdicts, from their history, in a fixed number of queries."""

import pytest

from claims.selectors import claim_timeline
from claims.services import (
    appearance_add,
    appearance_remove,
    appearance_split,
    appearance_update,
    claim_merge,
    claim_unmerge,
    claimant_merge,
)
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _said(claim) -> list[tuple[str, str]]:
    return [(event.what, event.detail) for event in claim_timeline(claim)]


def test_the_timeline_tells_appearances_added_changed_and_removed(researcher):
    claim = ReadyClaimFactory(created_by=researcher)
    other = appearance_add(
        claim=claim, by=researcher, source=SourceFactory(title="Kyiv Post"), quote="again"
    )
    appearance_update(appearance=other, by=researcher, quote="said again")
    appearance_remove(appearance=other, by=researcher, reason="another claim")
    said = _said(claim)
    assert ("added an appearance in Kyiv Post", "") in said
    assert ("changed the appearance in Kyiv Post", "") in said
    assert ("removed an appearance in Kyiv Post", "another claim") in said


def test_the_timeline_tells_merges_their_undoing_and_splits(publish, researcher, reviewer):
    into = publish()
    merged = ReadyClaimFactory(created_by=researcher)
    claim_merge(claim=merged, into=into, by=reviewer, reason="One denial.")
    assert (f"merged it into claim {into.pk}", "One denial.") in _said(merged)
    assert any(what.startswith("took in an appearance") for what, _ in _said(into))

    claim_unmerge(claim=merged, by=reviewer, reason="Two after all.")
    assert (f"undid its merge into claim {into.pk}", "Two after all.") in _said(merged)
    assert any(what.startswith("got back its appearance") for what, _ in _said(merged))

    moved = appearance_add(claim=merged, by=reviewer, source=SourceFactory(), quote="a third")
    new = appearance_split(appearance=moved, by=reviewer, reason="Its own claim.")
    assert (f"split it out of claim {merged.pk}", "Its own claim.") in _said(new)


def test_the_timeline_tells_a_claimant_merge(researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    claimant_merge(claimant=claim.claimant, into=ClaimantFactory(), by=reviewer)
    claim.refresh_from_db()
    assert any(what == "merged its claimant into another" for what, _ in _said(claim))


def test_the_timeline_costs_three_queries_however_long_the_history(
    researcher, django_assert_num_queries
):
    claim = ReadyClaimFactory(created_by=researcher)
    for n in range(5):
        appearance_add(claim=claim, by=researcher, source=SourceFactory(), quote=f"words {n}")
    with django_assert_num_queries(3):
        claim_timeline(claim)
