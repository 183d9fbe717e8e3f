"""Which figures that disagree a public claim page shows: those a reviewer confirmed, between
public claims, and not outdated since; never a draft's words."""

import pytest
from django.core.cache import cache

from claims.models import Discrepancy
from claims.services import appearance_add, appearance_update, claim_create, discrepancy_confirm
from tests.factories import ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return SourceFactory(title="One article")


def _page(client, claim) -> str:
    cache.clear()
    response = client.get(f"/claims/{claim.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_pair_with_a_draft_claim_stays_off_the_public_page(
    client, publish, researcher, reviewer, article
):
    public = publish(quote="Shells hit the hospital.")
    appearance_add(claim=public, by=reviewer, source=article, quote="Seven shells hit it")
    draft = claim_create(
        by=researcher,
        text="A draft about shells.",
        claimant=ClaimantFactory(),
        source=article,
        quote="Nine shells, a draft's secret words",
        position=5,
    )
    across = Discrepancy.objects.get(scope="article")
    assert {across.claim_id, across.other_claim_id} == {public.pk, draft.pk}
    discrepancy_confirm(discrepancy=across, by=reviewer)

    page = _page(client, public)
    assert "Sources disagree" not in page
    assert "secret words" not in page


def test_a_confirmed_pair_leaves_the_page_while_outdated(client, publish, reviewer, article):
    claim = publish(quote="Shells hit the hospital.")
    appearance_add(claim=claim, by=reviewer, source=article, quote="Seven shells hit it")
    caption = appearance_add(
        claim=claim, by=reviewer, source=article, quote="Six other shells hit it", position=3
    )
    discrepancy_confirm(discrepancy=Discrepancy.objects.get(), by=reviewer)
    page = _page(client, claim)
    assert "Sources disagree" in page
    assert "<mark>Six</mark> other shells hit it" in page

    appearance_update(
        appearance=caption, by=reviewer, reason="misread", quote="Five other shells hit it"
    )
    page = _page(client, claim)
    assert "<mark>Six</mark>" not in page
    assert "Sources disagree" not in page
