"""On PostgreSQL a name spelled another way still finds the claims that carry it: the typed
text's names are looked up by trigram word similarity, through `claim_words_trgm_idx`
(migration 0018), where full-text search needs the very word."""

import pytest
from django.db import connection
from django.db.models import F, Value

from claims.models import Claim
from claims.similar import lexical
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_trgm is PostgreSQL's; on SQLite names are matched by the text's other words",
    ),
]


def test_a_name_spelled_another_way_finds_the_claim_that_carries_it():
    milchakov = ClaimFactory(text="Ivan Milchakov said he had been sent on an exercise.")
    ClaimFactory(text="The convoy crossed the border at Izvaryne.")
    found = dict(lexical.candidates("Statement of Milchankov", Claim.objects.all(), limit=10))
    # Full-text search has no word in common with the claim: only the trigrams find it.
    assert list(found) == [milchakov.pk]


def test_the_appearances_words_are_looked_up_too():
    claim = ClaimFactory(text="A paratrooper described the march.")
    AppearanceFactory(claim=claim, quote="Milchakov told the interrogator")
    claim.refresh_from_db()
    assert claim.appearance_words, "the services keep the appearances' words on the claim"
    found = dict(lexical.candidates("Milchankov interrogated", Claim.objects.all(), limit=10))
    assert claim.pk in found


def test_only_the_claims_among_are_returned():
    kept = ClaimFactory(text="Ivan Milchakov said he had been sent on an exercise.")
    ClaimFactory(text="Milchakov was shown on Ukrainian television.")
    found = lexical.candidates(
        "Statement of Milchankov", Claim.objects.filter(pk=kept.pk), limit=10
    )
    assert [pk for pk, _ in found] == [kept.pk]


def test_the_lookup_is_answered_from_the_trigram_index():
    ClaimFactory.create_batch(3, text="The bridge was closed all week.")
    condition = lexical._WordSimilar(
        Value("Milchankov"), lexical._Words(F("text"), F("appearance_words"))
    )
    with connection.cursor() as cursor:
        # With few rows the planner would rightly read the table; here it must be able to
        # use the index, which it can only if the expression is the index's own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Claim.objects.filter(condition).order_by().values("pk").explain()
    assert "claim_words_trgm_idx" in plan
