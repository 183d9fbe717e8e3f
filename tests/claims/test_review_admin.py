import pytest
from django.contrib.messages import get_messages
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
from tests.adminforms import form_data
from tests.factories import (
    AttributionFactory,
    CaptureFactory,
    CitationFactory,
    ReadyClaimFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")
VERDICT_ADD = reverse("admin:claims_verdict_add")


def _claim_page(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def _verdict_page(verdict) -> str:
    return reverse("admin:claims_verdict_change", args=[verdict.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


@pytest.fixture
def in_review(researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher, quote="We've come as cannon fodder")
    return claim_submit(claim=claim, by=researcher, reviewer=reviewer)


@pytest.fixture
def draft(in_review, reviewer):
    return verdict_draft(claim=in_review, by=reviewer, rating=_rating(), summary="No.")


@pytest.fixture
def published(draft, reviewer):
    return verdict_publish(verdict=draft, by=reviewer)


def test_a_reviewer_takes_a_claim_from_assigned_to_me_to_published(
    reviewer_client, reviewer, in_review
):
    ReadyClaimFactory()  # a draft nobody is assigned to stays off the list
    listed = reviewer_client.get(CHANGELIST, {"assigned": "me"}).context["cl"].result_list
    assert list(listed) == [in_review]

    add_url = f"{VERDICT_ADD}?claim={in_review.pk}"
    page = reviewer_client.get(add_url).content.decode()
    assert "We&#x27;ve come as cannon fodder" in page
    data = form_data(reviewer_client, add_url)
    assert data["claim"] == str(in_review.pk)
    data.update(
        {
            "rating": str(_rating("unproven").pk),
            "summary": "No independent account of the unit's orders.",
            "rationale": "See [the video](https://video.example.org/1).",
            "_publish": "Save and publish",
        }
    )
    response = reviewer_client.post(add_url, data)

    assert response.status_code == 302
    assert response["Location"] == _claim_page(in_review)
    verdict = Verdict.objects.get()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.published_by == verdict.reviewer == reviewer
    assert 'rel="nofollow noopener"' in verdict.rationale_html
    in_review.refresh_from_db()
    assert in_review.status == Claim.Status.PUBLISHED
    assert "Verdict v1 on" in _messages(response)[0]


def test_a_reviewer_saves_a_draft_and_publishes_it_later(reviewer_client, in_review):
    add_url = f"{VERDICT_ADD}?claim={in_review.pk}"
    data = form_data(reviewer_client, add_url)
    data.update({"rating": str(_rating().pk), "summary": "", "rationale": "Working notes."})
    assert reviewer_client.post(add_url, data).status_code == 302
    verdict = Verdict.objects.get()
    assert (verdict.status, verdict.summary) == (Verdict.Status.DRAFT, "")

    data = form_data(reviewer_client, _verdict_page(verdict))
    data["_publish"] = "Save and publish"
    refused = reviewer_client.post(_verdict_page(verdict), data)
    assert refused.status_code == 200
    assert "Add a summary" in str(refused.context["adminform"].form.errors["summary"])

    data["summary"] = "The unit's orders are not on record."
    response = reviewer_client.post(_verdict_page(verdict), data)
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED


def test_publishing_your_own_claim_is_refused_on_the_form_and_nothing_is_saved(
    reviewer_client, reviewer, second_reviewer
):
    claim = claim_submit(
        claim=ReadyClaimFactory(created_by=reviewer), by=reviewer, reviewer=second_reviewer
    )
    verdict = verdict_draft(claim=claim, by=second_reviewer, rating=_rating(), summary="No.")
    data = form_data(reviewer_client, _verdict_page(verdict))
    data.update({"summary": "Typed by the claim's own logger.", "_publish": "Save and publish"})
    response = reviewer_client.post(_verdict_page(verdict), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "another reviewer must publish" in str(form.non_field_errors())
    assert form["summary"].value() == "Typed by the claim's own logger."
    verdict.refresh_from_db()
    assert (verdict.status, verdict.summary) == (Verdict.Status.DRAFT, "No.")


def test_an_editor_publishes_their_own_claim_with_a_reason_given_on_the_form(
    editor_client, editor, reviewer
):
    claim = claim_submit(claim=ReadyClaimFactory(created_by=editor), by=editor, reviewer=reviewer)
    verdict = verdict_draft(claim=claim, by=reviewer, rating=_rating(), summary="No.")
    data = form_data(editor_client, _verdict_page(verdict))
    data["_publish"] = "Save and publish"
    refused = editor_client.post(_verdict_page(verdict), data)
    assert "give an override reason" in str(
        refused.context["adminform"].form.errors["override_reason"]
    )

    data["override_reason"] = "Only editor on shift; reviewed by phone with Victor."
    assert editor_client.post(_verdict_page(verdict), data).status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.override_reason == "Only editor on shift; reviewed by phone with Victor."


def test_a_reviewer_corrects_a_published_verdict_with_a_note(reviewer_client, published):
    add_url = f"{VERDICT_ADD}?claim={published.claim_id}"
    data = form_data(reviewer_client, add_url)
    assert data["summary"] == "No."  # the correction starts from what readers see
    data.update({"rating": str(_rating("mixed").pk), "summary": "Partly.", "_publish": "1"})
    refused = reviewer_client.post(add_url, data)
    assert "readers see it" in str(refused.context["adminform"].form.errors["correction_note"])
    assert Verdict.objects.count() == 1

    data["correction_note"] = "A second video shows the unit's orders."
    assert reviewer_client.post(add_url, data).status_code == 302
    old, new = Verdict.objects.order_by("version")
    assert (old.status, new.status) == (Verdict.Status.SUPERSEDED, Verdict.Status.PUBLISHED)
    assert new.correction_note == "A second video shows the unit's orders."
    assert old.summary == "No."


def test_a_published_verdict_is_read_only_even_for_its_reviewer(reviewer_client, published):
    page = reviewer_client.get(_verdict_page(published))
    assert page.context["has_change_permission"] is False
    assert "_publish" not in page.content.decode()
    response = reviewer_client.post(_verdict_page(published), {"summary": "Rewritten."})
    assert response.status_code == 403


def test_a_researcher_reads_a_verdict_without_a_publish_button(researcher_client, draft):
    page = researcher_client.get(_verdict_page(draft))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "_publish" not in page.content.decode()


def _action(client, action: str, claims, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in claims], **extra},
        follow=True,
    )


def test_the_submit_action_submits_and_says_why_a_claim_cannot_go(
    researcher_client, researcher, reviewer
):
    ready = ReadyClaimFactory(created_by=researcher)
    uncited = ReadyClaimFactory(created_by=researcher)
    uncited.citations.all().delete()
    response = _action(
        researcher_client, "submit_for_review", [ready, uncited], reviewer=str(reviewer.pk)
    )
    said = _messages(response)
    assert any("submitted for review and assigned to victor-reviewer" in m for m in said)
    assert any("add at least one citation" in m for m in said)
    ready.refresh_from_db()
    uncited.refresh_from_db()
    assert (ready.status, ready.reviewer) == (Claim.Status.IN_REVIEW, reviewer)
    assert uncited.status == Claim.Status.DRAFT


def test_the_assign_action_hands_a_claim_to_another_reviewer(
    reviewer_client, in_review, second_reviewer
):
    response = _action(
        reviewer_client, "assign_reviewer", [in_review], reviewer=str(second_reviewer.pk)
    )
    assert "now assigned to wanda-reviewer" in _messages(response)[0]
    in_review.refresh_from_db()
    assert in_review.reviewer == second_reviewer


def test_the_publish_and_unpublish_actions_go_through_the_services(reviewer_client, draft):
    claim = draft.claim
    published = _action(reviewer_client, "publish_verdict", [claim])
    assert "is published: False" in _messages(published)[0]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED

    refused = _action(reviewer_client, "unpublish", [claim])
    assert "Say why" in _messages(refused)[0]
    _action(reviewer_client, "unpublish", [claim], reason="The video was staged.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_researchers_are_not_offered_the_publish_and_unpublish_actions(researcher_client):
    actions = researcher_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert {"submit_for_review", "assign_reviewer"} <= names
    assert not {"publish_verdict", "unpublish"} & names


def test_a_researcher_submits_from_the_claim_page(researcher_client, researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    response = researcher_client.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk]),
        {"action": "submit", "reviewer": str(reviewer.pk)},
        follow=True,
    )
    assert "submitted for review" in _messages(response)[0]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_a_refused_action_on_the_claim_page_says_why(researcher_client, researcher):
    claim = ReadyClaimFactory(created_by=researcher)
    response = researcher_client.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk]),
        {"action": "submit", "reviewer": ""},
        follow=True,
    )
    assert _messages(response) == ["Choose a reviewer."]


def test_an_outsider_cannot_use_the_claim_page_actions(outsider_client, researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    response = outsider_client.post(
        reverse("admin:claims_claim_workflow", args=[claim.pk]),
        {"action": "submit", "reviewer": str(reviewer.pk)},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_the_later_of_two_edits_is_refused_as_changed_since_opened(
    researcher_client, reviewer_client, researcher
):
    claim = ReadyClaimFactory(created_by=researcher, text="Seven shells hit the hospital.")
    url = _claim_page(claim)
    first, second = form_data(researcher_client, url), form_data(reviewer_client, url)

    first["text"] = "Seven shells hit the hospital grounds."
    assert researcher_client.post(url, first).status_code == 302
    second["text"] = "Six shells hit the hospital."
    response = reviewer_client.post(url, second)

    assert response.status_code == 200
    assert "changed this claim since you opened it" in str(
        response.context["adminform"].form.non_field_errors()
    )
    claim.refresh_from_db()
    assert claim.text == "Seven shells hit the hospital grounds."


def test_the_claim_page_shows_quote_chain_and_each_citations_capture_status(
    reviewer_client, in_review
):
    AttributionFactory(claim=in_review, position=1, claimant__name="Ukraine", verb="published")
    archived = CitationFactory(claim=in_review, source=SourceFactory(title="UN figures"))
    CaptureFactory(source=archived.source, status=Capture.Status.FAILED, error_message="old")
    CaptureFactory(source=archived.source, status=Capture.Status.SUCCEEDED)
    page = reviewer_client.get(_claim_page(in_review)).content.decode()
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
        url = _verdict_page(claim.verdicts.get(status=Verdict.Status.PUBLISHED))
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
    timeline = reviewer_client.get(_claim_page(published.claim)).context["review_timeline"]
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
    timeline = reviewer_client.get(_claim_page(published.claim)).context["review_timeline"]
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
