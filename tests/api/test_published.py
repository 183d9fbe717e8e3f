import pytest
from django.utils import timezone

from claims.models import Claim, Verdict
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_published_claims_need_a_published_status_and_a_published_verdict():
    live = ClaimFactory(status=Claim.Status.PUBLISHED)
    VerdictFactory(claim=live, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    ClaimFactory(status=Claim.Status.PUBLISHED)  # status says published, no verdict does
    verdict_only = ClaimFactory(status=Claim.Status.IN_REVIEW)
    VerdictFactory(claim=verdict_only, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    draft_verdict = ClaimFactory(status=Claim.Status.PUBLISHED)
    VerdictFactory(claim=draft_verdict)

    assert list(Claim.objects.published()) == [live]
