import pytest

from claims.models import Claim
from claims.services import claim_submit, claim_unpublish, verdict_draft
from claims.visibility import public_claim, public_claims
from tests.factories import ReadyClaimFactory

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
