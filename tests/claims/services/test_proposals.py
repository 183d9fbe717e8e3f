"""Proposed changes to a published claim: a researcher proposes, another reviewer accepts or
rejects, the proposer may withdraw; an accept writes what the proposal says, as the reviewer."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from claims.models import Attribution, Citation, Proposal
from claims.services import (
    FourEyesRule,
    NotPermitted,
    ProposalDecided,
    ProposalExists,
    ProposalInvalid,
    ProposalStale,
    ReasonRequired,
    TransitionNotAllowed,
    claim_merge,
    proposal_accept,
    proposal_make,
    proposal_reject,
    proposal_withdraw,
)
from tests.claims.helpers import wait_for_a_blocked_lock
from tests.factories import ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin(published_claim) -> Citation:
    return published_claim.citations.get()


def _propose_role(claim, citation, by, role="refutes", reason="The source says the opposite."):
    return proposal_make(
        claim=claim,
        by=by,
        kind=Proposal.Kind.CITATION_CHANGE,
        target_id=citation.pk,
        values={"role": role},
        reason=reason,
    )


def test_an_accepted_role_change_is_written_as_the_reviewer_who_accepted_it(
    published_claim, origin, researcher, reviewer
):
    proposal = _propose_role(published_claim, origin, researcher)
    assert proposal.status == Proposal.Status.PENDING
    assert proposal.before["role"] == "origin"
    assert proposal.values == {"role": "refutes"}
    origin.refresh_from_db()
    assert origin.role == "origin"

    proposal_accept(proposal=proposal, by=reviewer)

    origin.refresh_from_db()
    assert origin.role == "refutes"
    entry = origin.history.latest()
    assert entry.history_user == reviewer
    assert f"proposal {proposal.pk}" in entry.history_change_reason
    assert researcher.username in entry.history_change_reason
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.decided_by == reviewer
    assert proposal.decided_at is not None
    # The evidence a published verdict rests on changed: the decision says so, and no more.
    assert proposal.basis_changed
    assert "correction" in proposal.decision_note
    assert published_claim.verdicts.filter(status="published").count() == 1


def test_an_accept_refuses_a_citation_that_changed_since_it_was_proposed(
    published_claim, origin, researcher, reviewer
):
    proposal = _propose_role(published_claim, origin, researcher)
    origin.quote = "A passage someone added meanwhile."
    origin.save()

    with pytest.raises(ProposalStale):
        proposal_accept(proposal=proposal, by=reviewer)

    origin.refresh_from_db()
    assert origin.role == "origin"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_an_accept_refuses_a_target_removed_since(published_claim, researcher, reviewer):
    hop = Attribution.objects.get(appearance__claim=published_claim, position=2)
    proposal = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.HOP_CHANGE,
        target_id=hop.pk,
        values={"verb": "reported"},
        reason="The article says reported.",
    )
    hop.delete()
    with pytest.raises(ProposalStale):
        proposal_accept(proposal=proposal, by=reviewer)


def test_a_reviewer_cannot_accept_their_own_proposal(
    published_claim, origin, reviewer, second_reviewer
):
    proposal = _propose_role(published_claim, origin, reviewer)
    with pytest.raises(FourEyesRule):
        proposal_accept(proposal=proposal, by=reviewer)
    proposal_accept(proposal=proposal, by=second_reviewer)
    origin.refresh_from_db()
    assert origin.role == "refutes"


def test_a_researcher_cannot_accept_or_reject(published_claim, origin, researcher, reviewer):
    proposal = _propose_role(published_claim, origin, reviewer)
    with pytest.raises(NotPermitted):
        proposal_accept(proposal=proposal, by=researcher)
    with pytest.raises(NotPermitted):
        proposal_reject(proposal=proposal, by=researcher, note="No.")
    origin.refresh_from_db()
    assert origin.role == "origin"


def test_someone_in_no_group_cannot_propose(published_claim, origin, outsider):
    with pytest.raises(NotPermitted):
        _propose_role(published_claim, origin, outsider)
    assert not Proposal.objects.exists()


def test_values_the_model_refuses_are_refused_with_each_field(published_claim, origin, researcher):
    with pytest.raises(ProposalInvalid) as refused:
        proposal_make(
            claim=published_claim,
            by=researcher,
            kind=Proposal.Kind.CITATION_CHANGE,
            target_id=origin.pk,
            values={"role": "bogus", "claim": 1, "quote": ["not", "text"]},
            reason="Because.",
        )
    fields = refused.value.message_dict
    assert set(fields) == {"claim", "quote"}
    with pytest.raises(ProposalInvalid) as refused:
        _propose_role(published_claim, origin, researcher, role="bogus")
    assert "role" in refused.value.message_dict
    assert not Proposal.objects.exists()


def test_a_target_of_another_claim_is_refused(published_claim, draft_claim, researcher):
    other = draft_claim.citations.get()
    with pytest.raises(ProposalInvalid) as refused:
        _propose_role(published_claim, other, researcher)
    assert "target" in refused.value.message_dict


def test_a_reason_is_required(published_claim, origin, researcher):
    with pytest.raises(ReasonRequired):
        _propose_role(published_claim, origin, researcher, reason="  ")


def test_the_same_pending_proposal_is_made_once(published_claim, origin, researcher):
    _propose_role(published_claim, origin, researcher)
    with pytest.raises(ProposalExists):
        _propose_role(published_claim, origin, researcher, reason="Said again.")
    assert Proposal.objects.count() == 1


def test_a_rejection_needs_a_note_and_writes_nothing(published_claim, origin, researcher, reviewer):
    proposal = _propose_role(published_claim, origin, researcher)
    with pytest.raises(ReasonRequired):
        proposal_reject(proposal=proposal, by=reviewer, note="")
    proposal_reject(proposal=proposal, by=reviewer, note="The source supports it.")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED
    assert proposal.decision_note == "The source supports it."
    origin.refresh_from_db()
    assert origin.role == "origin"
    with pytest.raises(ProposalDecided):
        proposal_accept(proposal=proposal, by=reviewer)


def test_only_the_proposer_withdraws(published_claim, origin, researcher, reviewer):
    proposal = _propose_role(published_claim, origin, researcher)
    with pytest.raises(NotPermitted):
        proposal_withdraw(proposal=proposal, by=reviewer)
    proposal_withdraw(proposal=proposal, by=researcher)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    # Withdrawn, it no longer stands in the way of proposing it again.
    _propose_role(published_claim, origin, researcher)


def test_an_added_citation_is_written_by_the_reviewer(published_claim, researcher, reviewer):
    source = SourceFactory(title="Ministry statement")
    proposal = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.CITATION_ADD,
        values={"source": source.pk, "role": "refutes", "quote": "No troops crossed."},
        reason="The ministry denied it.",
    )
    assert proposal.before == {}
    assert not published_claim.citations.filter(source=source).exists()
    proposal_accept(proposal=proposal, by=reviewer)
    citation = published_claim.citations.get(source=source)
    assert citation.role == "refutes"
    assert citation.history.latest().history_user == reviewer


def test_an_addition_that_the_claim_has_meanwhile_is_stale(published_claim, researcher, reviewer):
    source = SourceFactory()
    proposal = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.CITATION_ADD,
        values={"source": source.pk, "role": "supports"},
        reason="It backs the claim.",
    )
    Citation.objects.create(claim=published_claim, source=source, role="context")
    with pytest.raises(ProposalStale):
        proposal_accept(proposal=proposal, by=reviewer)


def test_the_only_citation_cannot_be_proposed_away(published_claim, origin, researcher):
    with pytest.raises(ProposalInvalid):
        proposal_make(
            claim=published_claim,
            by=researcher,
            kind=Proposal.Kind.CITATION_REMOVE,
            target_id=origin.pk,
            values={},
            reason="Wrong source.",
        )


def test_a_removed_citation_is_deleted_by_the_reviewer(
    published_claim, origin, researcher, reviewer
):
    other = Citation.objects.create(claim=published_claim, source=SourceFactory(), role="context")
    proposal = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.CITATION_REMOVE,
        target_id=other.pk,
        values={},
        reason="Logged by mistake.",
    )
    proposal_accept(proposal=proposal, by=reviewer)
    assert not Citation.objects.filter(pk=other.pk).exists()
    deleted = Citation.history.filter(id=other.pk, history_type="-").get()
    assert deleted.history_user == reviewer
    proposal.refresh_from_db()
    assert proposal.basis_changed


def test_a_hop_added_to_an_appearance_of_another_claim_is_refused(
    published_claim, draft_claim, researcher
):
    with pytest.raises(ProposalInvalid) as refused:
        proposal_make(
            claim=published_claim,
            by=researcher,
            kind=Proposal.Kind.HOP_ADD,
            values={
                "appearance": draft_claim.first_appearance_id,
                "position": 3,
                "claimant": ClaimantFactory().pk,
            },
            reason="Another hop.",
        )
    assert "appearance" in refused.value.message_dict


def test_a_hop_moved_onto_a_taken_position_is_refused(published_claim, researcher):
    hop = Attribution.objects.get(appearance__claim=published_claim, position=2)
    with pytest.raises(ProposalInvalid):
        proposal_make(
            claim=published_claim,
            by=researcher,
            kind=Proposal.Kind.HOP_CHANGE,
            target_id=hop.pk,
            values={"position": 1},
            reason="Order.",
        )


def test_a_claimant_rename_and_a_date_change_are_applied(published_claim, researcher, reviewer):
    rename = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.CLAIMANT,
        values={"name": "Ministry of Defence", "kind": "government"},
        reason="Its full name.",
    )
    assert rename.target_id == published_claim.claimant_id
    redate = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.APPEARANCE,
        target_id=published_claim.first_appearance_id,
        values={"made_on": "2014-08-25"},
        reason="It was published a day earlier.",
    )
    stamped = published_claim.claimant.updated_at
    proposal_accept(proposal=rename, by=reviewer)
    proposal_accept(proposal=redate, by=reviewer)
    published_claim.refresh_from_db()
    assert published_claim.claimant.name == "Ministry of Defence"
    assert published_claim.claimant.updated_at > stamped
    appearance = published_claim.first_appearance
    assert appearance.made_on == datetime.date(2014, 8, 25)
    assert appearance.history.latest().history_user == reviewer
    assert not Proposal.objects.get(pk=redate.pk).basis_changed


def test_a_proposal_on_a_claim_merged_since_is_not_accepted(
    published_claim, draft_claim, researcher, reviewer
):
    proposal = proposal_make(
        claim=draft_claim,
        by=researcher,
        kind=Proposal.Kind.CLAIM,
        values={"place": "Donetsk"},
        reason="The article names the place.",
    )
    claim_merge(claim=draft_claim, into=published_claim, by=reviewer, reason="The same claim.")
    with pytest.raises(TransitionNotAllowed):
        proposal_accept(proposal=proposal, by=reviewer)
    draft_claim.refresh_from_db()
    assert draft_claim.place == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_accepting_at_once_write_the_change_once(
    published_claim, researcher, reviewer, second_reviewer
):
    origin = published_claim.citations.get()
    proposal = _propose_role(published_claim, origin, researcher)
    first_accepted = threading.Event()
    saw_the_second_wait, errors = [], []

    def first_reviewer():
        try:
            with transaction.atomic():
                proposal_accept(proposal=Proposal.objects.get(pk=proposal.pk), by=reviewer)
                first_accepted.set()
                with connection.cursor() as cursor:
                    saw_the_second_wait.append(wait_for_a_blocked_lock(cursor))
        except Exception as error:  # reported to the main thread below
            errors.append(error)
            first_accepted.set()
        finally:
            connection.close()

    thread = threading.Thread(target=first_reviewer)
    thread.start()
    assert first_accepted.wait(10)
    with pytest.raises(ProposalDecided):
        proposal_accept(proposal=proposal, by=second_reviewer)
    thread.join(15)

    assert errors == []
    assert saw_the_second_wait == [True], "the second accept never waited"
    assert Proposal.objects.get(pk=proposal.pk).decided_by == reviewer
    assert origin.history.filter(history_user=reviewer).count() == 1


def test_a_place_and_a_source_title_are_applied(published_claim, researcher, reviewer):
    source = published_claim.first_appearance.source
    place = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.CLAIM,
        values={"place": "Donetsk region"},
        reason="The article names it.",
    )
    title = proposal_make(
        claim=published_claim,
        by=researcher,
        kind=Proposal.Kind.SOURCE,
        target_id=source.pk,
        values={"title": "Soldiers crossed the border by accident, ministry says"},
        reason="The headline as published.",
    )
    proposal_accept(proposal=place, by=reviewer)
    proposal_accept(proposal=title, by=reviewer)
    published_claim.refresh_from_db()
    assert published_claim.place == "Donetsk region"
    assert published_claim.history.latest().history_user == reviewer
    source.refresh_from_db()
    assert source.title == "Soldiers crossed the border by accident, ministry says"


def test_a_source_the_claim_does_not_cite_is_not_a_target(published_claim, researcher):
    with pytest.raises(ProposalInvalid) as refused:
        proposal_make(
            claim=published_claim,
            by=researcher,
            kind=Proposal.Kind.SOURCE,
            target_id=SourceFactory().pk,
            values={"publisher": "Someone else"},
            reason="Wrong publisher.",
        )
    assert "target" in refused.value.message_dict
