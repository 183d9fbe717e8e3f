"""Which words of a typed text the full-text index is asked for: every word on a small
table; on a large one the rare words alone and the rarer ones in pairs, so a query does not
rank most of the table (rarity.py). Counts come from the index itself: SQLite's fts5vocab,
PostgreSQL's statistics of claim_search_idx after ANALYZE."""

import pytest
from django.db import connection

from claims.models import Claim
from claims.similar import lexical, rarity
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):
    """The tracker as if it were large: a table of 60 claims is not ranked whole."""
    monkeypatch.setattr(rarity, "SMALL_TABLE", 0)
    monkeypatch.setattr(rarity, "ALONE_UP_TO", 0.05)
    monkeypatch.setattr(rarity, "_statistics", {"read": float("-inf"), "alias": None})
    monkeypatch.setattr(rarity, "_counted", {"read": float("-inf"), "alias": None})
    for i in range(60):
        ClaimFactory(text=f"Shelling near the border closed road number {i} for the day.")
    izvaryne = ClaimFactory(text="A convoy of trucks crossed the border at Izvaryne.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_claim")
    return izvaryne


def test_on_a_small_table_every_word_is_looked_up_alone():
    ClaimFactory(text="Shelling near the border closed the road.")
    lookup = rarity.plan(["shelling", "border", "convoy", "izvaryne"])
    assert lookup.alone == ["shelling", "border", "convoy", "izvaryne"]
    assert lookup.pairs == []


def test_a_short_text_looks_up_its_words_alone(large):
    assert rarity.plan(["border", "shelling"]).alone == ["border", "shelling"]


def test_on_a_large_table_common_words_are_only_looked_up_in_pairs(large):
    lookup = rarity.plan(["border", "shelling", "convoy", "izvaryne"])
    # "border" and "shelling" are in every claim; "convoy" and "izvaryne" in one.
    assert set(lookup.alone) == {"convoy", "izvaryne"}
    assert [set(pair) for pair in lookup.pairs] == [{"border", "shelling"}]
    assert not any(term in pair for pair in lookup.pairs for term in ("convoy", "izvaryne"))


def test_a_quote_sharing_a_rare_word_finds_its_claim_among_many_alike(large):
    found = lexical.candidates(
        "Lorries drove over the border near Izvaryne", Claim.objects.all(), limit=5
    )
    assert found[0][0] == large.pk


def test_words_the_index_has_never_seen_count_as_rare(large):
    lookup = rarity.plan(["border", "shelling", "milchankov"])
    assert "milchankov" in lookup.alone
