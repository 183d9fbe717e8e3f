"""A verdict readers saw, unpublished and published again: with the rating they saw it is
simply back; with another it is a correction, which needs a note and which the claim's page
shows as one."""

import pytest

from claims.models import Rating, Verdict
from claims.services import (
    CorrectionNoteRequired,
    claim_unpublish,
    verdict_correct,
    verdict_publish,
    verdict_save,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_page_cache")]


def _unpublished(published: Verdict, by) -> Verdict:
    claim_unpublish(claim=published.claim, by=by, reason="Checking a new figure.")
    published.refresh_from_db()
    assert published.status == Verdict.Status.DRAFT
    return published


def _rerate(verdict: Verdict, by, rating: str, note: str | None = None) -> Verdict:
    return verdict_save(
        verdict=verdict,
        by=by,
        rating=Rating.objects.get(slug=rating),
        summary=verdict.summary,
        rationale=verdict.rationale,
        correction_note=note,
    )


def test_republishing_with_another_rating_needs_a_correction_note(published, second_reviewer):
    verdict = _rerate(_unpublished(published, second_reviewer), second_reviewer, "true")

    with pytest.raises(CorrectionNoteRequired, match="Readers saw v1 rated Mostly false") as no:
        verdict_publish(verdict=verdict, by=second_reviewer)

    assert no.value.field == "correction_note"
    verdict.refresh_from_db()
    assert (verdict.status, verdict.rating.slug) == (Verdict.Status.DRAFT, "true")
    assert not verdict.claim.published_verdict_id


def test_republished_with_another_rating_it_is_shown_as_a_correction(
    client, published, second_reviewer
):
    verdict = _unpublished(published, second_reviewer)
    verdict = _rerate(verdict, second_reviewer, "true", note="A newer census settles it.")

    shown = verdict_publish(verdict=verdict, by=second_reviewer)

    claim = shown.claim
    claim.refresh_from_db()
    versions = list(claim.verdicts.order_by("version").values_list("version", "status", "rating"))
    assert versions == [
        (1, "superseded", Rating.objects.get(slug="mostly-false").pk),
        (2, "published", Rating.objects.get(slug="true").pk),
    ]
    assert claim.published_verdict_id == shown.pk
    assert shown.correction_note == "A newer census settles it."
    html = client.get(f"/claims/{claim.slug}/").content.decode()
    assert "Corrected on" in html
    assert "A newer census settles it." in html
    assert "(earlier rating: Mostly false)" in html


def test_republishing_with_the_rating_readers_saw_needs_no_note(client, published, second_reviewer):
    verdict = _unpublished(published, second_reviewer)
    verdict = verdict_save(
        verdict=verdict,
        by=second_reviewer,
        rating=verdict.rating,
        summary="The figure is out of date, still.",
        rationale=verdict.rationale,
    )

    shown = verdict_publish(verdict=verdict, by=second_reviewer)

    assert (shown.pk, shown.version, shown.status) == (published.pk, 1, "published")
    assert shown.claim.verdicts.count() == 1
    assert "Corrected on" not in client.get(f"/claims/{shown.claim.slug}/").content.decode()


def test_a_correction_republished_with_another_rating_needs_a_note_of_its_own(
    published, second_reviewer
):
    correction = verdict_correct(
        verdict=published,
        by=second_reviewer,
        correction_note="The figure was revised.",
        rating=Rating.objects.get(slug="mixed"),
    )
    correction = verdict_publish(verdict=correction, by=second_reviewer)
    again = _rerate(_unpublished(correction, second_reviewer), second_reviewer, "false")

    with pytest.raises(CorrectionNoteRequired, match="Readers saw v2 rated Mixed"):
        verdict_publish(verdict=again, by=second_reviewer)
