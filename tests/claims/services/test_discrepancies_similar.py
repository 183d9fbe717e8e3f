"""Figures compared across claims the similarity engine takes for the same claim: by a real
worker after the save, since that asks the engine (here by wording: no matcher runs)."""

import threading

import pytest
from django.db import connection, transaction

from claims.models import Discrepancy
from claims.services import claim_create
from claims.services.discrepancies import discrepancies_across_similar
from tests.claims.helpers import wait_for_a_blocked_lock
from tests.factories import ClaimantFactory, SourceFactory
from tests.workers import wait_for

SEVEN = "Seven shells hit the grounds of Kalinina hospital in Donetsk on Sunday morning."
NINE = "Nine shells hit the grounds of Kalinina hospital in Donetsk on Sunday morning."


def _log(researcher, text: str):
    return claim_create(
        by=researcher,
        text=text,
        claimant=ClaimantFactory(),
        source=SourceFactory(),
        quote=text.rstrip("."),
    )


@pytest.mark.django_db
def test_claims_found_alike_have_their_figures_compared(researcher):
    seven = _log(researcher, SEVEN)
    nine = _log(researcher, NINE)
    _log(researcher, "Four shells hit a school in Mariupol on Monday.")  # not alike
    assert not Discrepancy.objects.exists()  # different sources: the save proposes nothing

    made = discrepancies_across_similar(nine.pk)

    assert [(d.scope, d.kind, d.label) for d in made] == [("similar", "shells", "differ")]
    assert {made[0].claim_id, made[0].other_claim_id} == {seven.pk, nine.pk}
    assert discrepancies_across_similar(seven.pk) == []  # the pair is known already


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_compares_a_saved_claim_with_the_claims_found_alike(
    filesystem_broker, researcher
):
    worker = filesystem_broker.start_worker()
    _log(researcher, SEVEN)
    _log(researcher, NINE)
    # Generous: on a loaded 2-core machine a worker's start alone has taken half a minute.
    assert wait_for(lambda: Discrepancy.objects.filter(scope="similar").exists(), timeout=120), (
        worker.output()
    )
    found = Discrepancy.objects.get()
    assert sorted(side["words"] for side in found.stated) == ["Nine", "Seven"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_proposing_one_pair_at_once_make_one_row_and_no_error(researcher):
    seven = _log(researcher, SEVEN)
    nine = _log(researcher, NINE)
    proposed, errors, outcome = threading.Event(), [], []

    def first_worker():
        # Propose inside a transaction held open until the second worker is queued behind
        # the unique index on the pair, then commit: the race, made certain.
        try:
            with transaction.atomic():
                outcome.append(len(discrepancies_across_similar(seven.pk)))
                proposed.set()
                with connection.cursor() as cursor:
                    outcome.append(wait_for_a_blocked_lock(cursor))
        except Exception as error:  # reported to the main thread below
            errors.append(error)
            proposed.set()
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    assert proposed.wait(10)
    second = discrepancies_across_similar(nine.pk)
    thread.join(15)

    assert errors == []
    assert outcome == [1, True], "the second worker never waited"
    assert second == []
    assert Discrepancy.objects.count() == 1
