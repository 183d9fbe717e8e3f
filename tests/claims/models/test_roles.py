import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def _permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_researchers_log_sources_claims_and_evidence_but_only_read_verdicts():
    assert _permissions("Researchers") == {
        "sources.view_source",
        "sources.add_source",
        "sources.change_source",
        "sources.view_capture",
        "claims.view_claim",
        "claims.add_claim",
        "claims.change_claim",
        "claims.view_claimant",
        "claims.add_claimant",
        "claims.change_claimant",
        "claims.view_attribution",
        "claims.add_attribution",
        "claims.change_attribution",
        "claims.delete_attribution",
        "claims.view_citation",
        "claims.add_citation",
        "claims.change_citation",
        "claims.delete_citation",
        "claims.view_topic",
        "claims.add_topic",
        "claims.change_topic",
        "claims.view_rating",
        "claims.view_verdict",
        # Where and in what words claims appeared, and claimants' other names.
        "claims.view_appearance",
        "claims.add_appearance",
        "claims.change_appearance",
        "claims.delete_appearance",
        "claims.view_claimantname",
        "claims.add_claimantname",
        "claims.change_claimantname",
        "claims.delete_claimantname",
        "claims.view_claimmerge",
        # Changes to a published claim's parts, for a reviewer to accept.
        "claims.view_proposal",
        "claims.add_proposal",
        # The figures of appearances' quotes, read by the tracker and corrected by them.
        "claims.view_figure",
        "claims.add_figure",
        "claims.change_figure",
        "claims.delete_figure",
        # Figures that disagree: reviewers decide on them.
        "claims.view_discrepancy",
        # Claims suggested from articles' archived texts, logged or dismissed by them.
        "claims.view_suggestedclaim",
        "claims.change_suggestedclaim",
    }


def test_reviewers_rate_claims_and_may_add_evidence_but_not_log_claims():
    permissions = _permissions("Reviewers")
    assert {"claims.add_verdict", "claims.change_verdict", "claims.change_claim"} <= permissions
    assert {"sources.add_source", "claims.add_citation"} <= permissions
    assert "claims.add_claim" not in permissions
    # On a published claim, changing where it appeared is theirs alone; merging is too, and
    # so is changing its chain and the claimants it names.
    assert {"claims.change_appearance", "claims.add_claimmerge"} <= permissions
    assert {"claims.change_claimant", "claims.add_attribution"} <= permissions
    assert {"claims.view_proposal", "claims.add_proposal", "claims.change_proposal"} <= permissions
    assert {"claims.view_discrepancy", "claims.change_discrepancy"} <= permissions
    assert {"claims.view_suggestedclaim", "claims.change_suggestedclaim"} <= permissions
    assert not {p for p in permissions if p.split(".")[1].startswith("delete_")} - {
        "claims.delete_citation",
        "claims.delete_appearance",
        "claims.delete_attribution",
        "claims.delete_claimantname",
        "claims.delete_figure",
    }


def test_no_role_may_delete_claims_sources_claimants_or_verdicts():
    for group in ("Researchers", "Reviewers"):
        permissions = _permissions(group)
        for model in ("claims.delete_claim", "sources.delete_source", "claims.delete_claimant"):
            assert model not in permissions
        assert "claims.delete_verdict" not in permissions
