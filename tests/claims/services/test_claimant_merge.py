"""Two claimants who are one: merged by a reviewer, with every claim and hop moved and every
name kept."""

import pytest

from claims.freshness import content_version
from claims.models import Attribution, Claimant
from claims.services import MergeNotAllowed, NotPermitted, claimant_merge
from tests.factories import AttributionFactory, ClaimantFactory, ClaimantNameFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_merging_moves_claims_and_hops_and_keeps_every_name(
    publish, reviewer, django_capture_on_commit_callbacks
):
    kept = ClaimantFactory(name="Ivan Milchakov")
    ClaimantNameFactory(claimant=kept, name="Иван Мильчаков")
    merged = ClaimantFactory(name="Ivan Milchankov")
    ClaimantNameFactory(claimant=merged, name="Иван Мильчаков")
    ClaimantNameFactory(claimant=merged, name="Ivan Vasilyevich Milchakov")
    public = publish(claimant=merged)
    hop = AttributionFactory(claim=ClaimFactory(), claimant=merged)
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        assert claimant_merge(claimant=merged, into=kept, by=reviewer) == kept

    assert not Claimant.objects.filter(pk=merged.pk).exists()
    public.refresh_from_db()
    assert public.claimant == kept
    assert Attribution.objects.get(pk=hop.pk).claimant == kept
    assert sorted(kept.names.values_list("name", flat=True)) == [
        "Ivan Milchankov",
        "Ivan Vasilyevich Milchakov",
        "Иван Мильчаков",
    ]
    assert content_version() != before, "a published claim now names another claimant"
    reason = public.history.first().history_change_reason
    assert (
        reason == f"claimant {merged.pk} (Ivan Milchankov) merged into {kept.pk} (Ivan Milchakov)"
    )


def test_a_claimant_is_not_merged_into_itself_and_only_by_a_reviewer(researcher, reviewer):
    claimant, other = ClaimantFactory(), ClaimantFactory()
    with pytest.raises(MergeNotAllowed, match="into itself"):
        claimant_merge(claimant=claimant, into=claimant, by=reviewer)
    with pytest.raises(NotPermitted):
        claimant_merge(claimant=claimant, into=other, by=researcher)
    assert Claimant.objects.filter(pk=claimant.pk).exists()


def test_merging_into_a_claimant_deleted_meanwhile_is_refused(reviewer):
    claimant = ClaimantFactory()
    ClaimFactory(claimant=claimant)
    gone = ClaimantFactory()
    gone_id = gone.pk
    gone.delete()
    gone.pk = gone_id
    with pytest.raises(MergeNotAllowed, match="gone"):
        claimant_merge(claimant=claimant, into=gone, by=reviewer)
    assert claimant.claims.count() == 1
