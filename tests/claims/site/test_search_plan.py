"""On PostgreSQL a search is answered from the GIN index, not by computing every claim's
document: it was 200 ms a search at 10,000 claims when a claimant subquery stood in the OR."""

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Claim, Rating, Verdict
from claims.site.reads import ClaimFilters, search_claims
from tests.factories import ClaimantFactory, SourceFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="full-text search and its GIN index are PostgreSQL's; SQLite matches substrings",
    ),
]


def _public_claims(n: int) -> None:
    """n published claims that don't match the search, written in bulk: enough rows that
    reading every public claim and computing its document costs what it costs in a real
    newsroom, so the planner's choice is the one it makes there."""
    article, claimant = SourceFactory(), ClaimantFactory(name="Regional Governor")
    reviewer, rating, now = UserFactory(), Rating.objects.get(slug="false"), timezone.now()
    claims = Claim.objects.bulk_create(
        Claim(
            slug=f"bridge-{i}",
            text=f"The bridge number {i} was closed all week.",
            quote=f"bridge {i} closed",
            appearance=article,
            position=i,
            claimant=claimant,
            status=Claim.Status.PUBLISHED,
        )
        for i in range(n)
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
    for claim, verdict in zip(claims, verdicts, strict=True):
        claim.published_verdict, claim.verdict_published_at = verdict, now
    Claim.objects.bulk_update(claims, ["published_verdict", "verdict_published_at"])
    with connection.cursor() as cursor:
        # The statistics the planner reads are this test's rows, not an earlier test's.
        cursor.execute("ANALYZE claims_claim, claims_verdict, claims_claimant")


@pytest.mark.parametrize("claimant", ["Shelling Monitor", "Nobody In Particular"])
def test_a_search_uses_the_full_text_index_whether_or_not_a_claimant_matches(claimant):
    _public_claims(2000)
    ClaimantFactory(name=claimant)

    plan = search_claims(ClaimFilters(q="shelling", sort="relevance")).explain()

    assert "claim_search_idx" in plan, plan
