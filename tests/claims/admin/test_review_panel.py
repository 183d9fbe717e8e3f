"""What the claim and verdict pages show beside their forms: evidence, timeline and history,
in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.admin.review import review_context
from claims.models import Claim, Rating, Verdict
from claims.services import (
    claim_submit,
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
    verdict_save,
)
from sources.models import Capture
from tests.claims.admin.pages import claim_page, verdict_page
from tests.factories import (
    AttributionFactory,
    CaptureFactory,
    CitationFactory,
    ReadyClaimFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


def test_the_claim_page_shows_quote_chain_and_each_citations_capture_status(
    reviewer_client, in_review
):
    AttributionFactory(claim=in_review, position=1, claimant__name="Ukraine", verb="published")
    archived = CitationFactory(claim=in_review, source=SourceFactory(title="UN figures"))
    CaptureFactory(source=archived.source, status=Capture.Status.FAILED, error_message="old")
    CaptureFactory(source=archived.source, status=Capture.Status.SUCCEEDED)
    page = reviewer_client.get(claim_page(in_review)).content.decode()
    assert "We&#x27;ve come as cannon fodder" in page
    assert "Ukraine (published)" in page
    assert "UN figures" in page
    assert "Succeeded" in page
    assert "never captured" in page  # the origin citation's source has no capture
    assert "Draft the verdict" in page


def _claim_with(researcher, reviewer, n: int) -> Claim:
    """A published claim with n more citations, n hops and n verdict versions."""
    claim = ReadyClaimFactory(created_by=researcher)
    for position in range(1, n + 1):
        source = SourceFactory()
        CaptureFactory(source=source, status=Capture.Status.SUCCEEDED)
        CitationFactory(claim=claim, source=source)
        AttributionFactory(claim=claim, position=position)
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    for version in range(1, n):
        VerdictFactory(
            claim=claim,
            version=version,
            status=Verdict.Status.SUPERSEDED,
            published_at=timezone.now(),
            correction_note="Revised.",
        )
    verdict = verdict_draft(claim=claim, by=reviewer, rating=_rating(), summary="No.")
    verdict_save(
        verdict=verdict,
        by=reviewer,
        rating=_rating(),
        summary="No.",
        rationale="",
        correction_note="Revised." if n > 1 else "",
    )
    verdict_publish(verdict=verdict, by=reviewer)
    return claim


def test_the_verdict_page_costs_the_same_queries_for_1_and_6_citations(
    reviewer_client, researcher, reviewer
):
    def queries(claim) -> int:
        url = verdict_page(claim.verdicts.get(status=Verdict.Status.PUBLISHED))
        # Once unmeasured: the first page of a run also fills per-process caches (content
        # types), which is not what this counts.
        reviewer_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(url).status_code == 200
        return len(captured)

    small = _claim_with(researcher, reviewer, 1)
    large = _claim_with(researcher, reviewer, 6)
    assert (large.citations.count(), large.verdicts.count()) == (7, 6)
    assert queries(small) == queries(large)


def test_the_claim_pages_review_panel_costs_the_same_queries_for_1_and_6_citations(
    rf, researcher, reviewer
):
    # The panel alone: the page's editable inlines render one autocomplete widget per row,
    # and each of those looks up its selected value, whatever the panel does.
    request = rf.get("/")
    request.user = reviewer

    def queries(claim) -> int:
        with CaptureQueriesContext(connection) as captured:
            context = review_context(request, claim.pk)
            assert len(context["review_timeline"]) >= 4
        return len(captured)

    small = _claim_with(researcher, reviewer, 1)
    large = _claim_with(researcher, reviewer, 6)
    assert queries(small) == queries(large)


def test_the_claim_page_shows_its_timeline_from_history(
    reviewer_client, researcher, reviewer, second_reviewer, published
):
    correction = verdict_correct(
        verdict=published, by=second_reviewer, correction_note="A second video emerged."
    )
    verdict_publish(verdict=correction, by=second_reviewer)
    timeline = reviewer_client.get(claim_page(published.claim)).context["review_timeline"]
    said = [f"{event.who} {event.what}" for event in timeline]
    assert said == [
        "rita-researcher logged the claim",
        "rita-researcher submitted it for review",
        "victor-reviewer drafted verdict v1",
        "victor-reviewer published verdict v1",
        "wanda-reviewer started a correction, verdict v2",
        "wanda-reviewer published the correction, verdict v2",
    ]
    assert timeline[1].detail == "assigned to victor-reviewer"
    assert timeline[-1].detail == "False; A second video emerged."


def test_the_timeline_shows_a_discarded_correction_and_why(
    reviewer_client, second_reviewer, published
):
    correction = verdict_correct(verdict=published, by=second_reviewer, correction_note="Oops.")
    verdict_discard(verdict=correction, by=second_reviewer, reason="Meant another claim.")
    timeline = reviewer_client.get(claim_page(published.claim)).context["review_timeline"]
    last = timeline[-1]
    assert (f"{last.who} {last.what}", last.detail) == (
        "wanda-reviewer discarded the draft verdict v2",
        "Meant another claim.",
    )


def test_the_claim_history_view_names_who_changed_what(reviewer_client, in_review):
    page = reviewer_client.get(reverse("admin:claims_claim_history", args=[in_review.pk]))
    assert page.status_code == 200
    assert "rita-researcher" in page.content.decode()


def test_the_admin_index_tells_a_reviewer_how_many_claims_are_newly_assigned(
    reviewer_client, researcher_client, researcher, reviewer, in_review
):
    claim_submit(claim=ReadyClaimFactory(created_by=researcher), by=researcher, reviewer=reviewer)
    index = reverse("admin:index")
    assert "2 claims newly assigned to you" in reviewer_client.get(index).content.decode()
    verdict_draft(claim=in_review, by=reviewer)
    assert "1 claim newly assigned to you" in reviewer_client.get(index).content.decode()
    assert "newly assigned" not in researcher_client.get(index).content.decode()
