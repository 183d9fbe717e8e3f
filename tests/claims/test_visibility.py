import pytest
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.services import claim_submit, claim_unpublish, verdict_draft
from claims.visibility import public_claim, public_claims
from tests.factories import ClaimFactory, ReadyClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_it_shows_claims_with_a_published_verdict(publish):
    claim = publish()
    assert list(public_claims()) == [claim]


def test_it_hides_draft_claims_and_claims_in_first_review(researcher, reviewer):
    ReadyClaimFactory(created_by=researcher)
    in_review = claim_submit(
        claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer
    )
    verdict_draft(claim=in_review, by=reviewer, summary="not yet")
    assert not public_claims().exists()


def test_it_keeps_a_claim_under_correction_visible_with_its_published_verdict(publish, correct):
    claim = publish(rating="true")
    correct(claim, rating="false", note="We got it wrong.", publish=False)
    assert claim.status == Claim.Status.IN_REVIEW
    assert list(public_claims()) == [claim]


def test_it_hides_an_unpublished_claim(publish, reviewer):
    claim = publish()
    claim_unpublish(claim=claim, by=reviewer, reason="The source was retracted.")
    assert not public_claims().exists()


@pytest.mark.parametrize("name", ["claim_public_newest_idx", "claim_public_claimant_idx"])
def test_the_public_claims_indexes_cover_exactly_the_rule(name):
    # The models declare the partial indexes; claims.visibility says which claims are
    # public. A rule changed in one place and not the other would leave the public pages
    # reading the whole table.
    index = next(index for index in Claim._meta.indexes if index.name == name)
    assert index.condition == public_claim()


def _with_published_verdict(status: str) -> Claim:
    claim = ClaimFactory(status=status)
    VerdictFactory(claim=claim, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    return claim


def test_published_claims_are_those_with_a_published_verdict_past_draft():
    live = _with_published_verdict(Claim.Status.PUBLISHED)
    # A correction in progress keeps the earlier verdict published, so the claim stays public.
    correcting = _with_published_verdict(Claim.Status.IN_REVIEW)
    _with_published_verdict(Claim.Status.DRAFT)
    ClaimFactory(status=Claim.Status.PUBLISHED)
    VerdictFactory(claim=ClaimFactory(status=Claim.Status.PUBLISHED))

    assert set(public_claims()) == {live, correcting}
