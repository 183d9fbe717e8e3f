"""The claimant page's paging: every claim once, whatever their verdict times."""

import datetime

import pytest
from django.db import connection

from claims.models import Claim
from tests.factories import ClaimantFactory

pytestmark = pytest.mark.django_db


def test_claims_with_the_same_verdict_time_are_paged_in_one_order_each_once(client, publish):
    claimant = ClaimantFactory(name="Minister")
    claims = [publish(claimant=claimant, text=f"Claim {n:02d}.") for n in range(25)]
    # Published in one batch: the same time, as an import would give. Written newest claim
    # first, so rows stored in write order are not also in id order.
    same_time = datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)
    for claim in reversed(claims):
        Claim.objects.filter(pk=claim.pk).update(verdict_published_at=same_time)

    # The indexes that end in id give the order a tie-breaker by themselves, but only when
    # the database reads through them; the page must not depend on the plan it picks.
    with connection.cursor() as cursor:
        for index in ("claim_public_claimant_idx", "claim_public_newest_idx"):
            cursor.execute(f"DROP INDEX {index}")

    listed = []
    for number in (1, 2):
        response = client.get(f"/claimants/{claimant.slug}/?page={number}")
        listed += [claim.pk for claim in response.context["page"].object_list]

    # One total order, the same for every page's query, is what makes each claim appear
    # once: ties go newest first, as on the list page. (Without -pk, SQLite sorts these
    # ties oldest first, and PostgreSQL in whatever order its plan gives.)
    assert listed == sorted((claim.pk for claim in claims), reverse=True)
