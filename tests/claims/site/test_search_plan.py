"""On PostgreSQL a search is answered from the GIN index over a claim's text and the words of
its appearances (`claim_search_idx`, migration 0015), not by computing every claim's
document: it was 200 ms a search at 10,000 claims when a claimant subquery stood in the OR.

The plan names the index only when the query's document is the index's expression, so a
search over other columns, or one that computes documents row by row, fails here."""

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Appearance, Claim, Rating, Verdict, quote_words_key
from claims.site.reads import ClaimFilters, search_claims
from tests.factories import ClaimantFactory, ClaimantNameFactory, SourceFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="full-text search and its GIN index are PostgreSQL's; SQLite matches substrings",
    ),
]


def _public_claims(n: int) -> None:
    """n published claims that don't match the search, each with its appearance and the
    appearance's words on the claim row as the services keep them, written in bulk: enough
    rows that reading every public claim and computing its document costs what it costs in
    a real newsroom, so the planner's choice is the one it makes there."""
    article, claimant = SourceFactory(), ClaimantFactory(name="Regional Governor")
    reviewer, rating, now = UserFactory(), Rating.objects.get(slug="false"), timezone.now()
    claims = Claim.objects.bulk_create(
        Claim(
            slug=f"bridge-{i}",
            text=f"The bridge number {i} was closed all week.",
            appearance_words=f"bridge {i} closed",
            claimant=claimant,
            status=Claim.Status.PUBLISHED,
        )
        for i in range(n)
    )
    # bulk_create skips save(), which sets words_key.
    appearances = Appearance.objects.bulk_create(
        Appearance(
            claim=claim,
            source=article,
            quote=claim.appearance_words,
            words_key=quote_words_key(claim.appearance_words),
            position=i,
        )
        for i, claim in enumerate(claims)
    )
    verdicts = Verdict.objects.bulk_create(
        Verdict(
            claim=claim,
            rating=rating,
            summary="It reopened.",
            reviewer=reviewer,
            status=Verdict.Status.PUBLISHED,
            published_at=now,
        )
        for claim in claims
    )
    for claim, appearance, verdict in zip(claims, appearances, verdicts, strict=True):
        claim.first_appearance = appearance
        claim.published_verdict, claim.verdict_published_at = verdict, now
    Claim.objects.bulk_update(
        claims, ["first_appearance", "published_verdict", "verdict_published_at"]
    )
    with connection.cursor() as cursor:
        # The statistics the planner reads are this test's rows, not an earlier test's.
        cursor.execute(
            "ANALYZE claims_claim, claims_appearance, claims_verdict, claims_claimant, "
            "claims_claimantname"
        )


@pytest.mark.parametrize(
    ("claimant", "other_name"),
    [
        ("Shelling Monitor", ""),
        ("A Monitor", "The Shelling Monitor"),
        ("Nobody In Particular", ""),
    ],
)
def test_a_search_uses_the_full_text_index_whether_or_not_a_claimant_matches(claimant, other_name):
    _public_claims(2000)
    named = ClaimantFactory(name=claimant)
    if other_name:
        ClaimantNameFactory(claimant=named, name=other_name)

    plan = search_claims(ClaimFilters(q="shelling", sort="relevance")).explain()

    assert "claim_search_idx" in plan, plan
