"""Claims reviewed elsewhere: logged with that review as their published verdict."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sources.models import Source

from ..freshness import public_content_changed
from ..models import Appearance, Claim, Claimant, Rating, Verdict
from .appearances import appearances_changed
from .errors import AppearanceInvalid, VerdictIncomplete
from .figures import figures_read
from .rows import save_with_reason
from .rules import SHOWN_FIELDS, Status, require_may_import_reviews


@transaction.atomic
def claim_import_reviewed(
    *,
    by: AbstractBaseUser,
    text: str,
    appearances: list[tuple[Source, datetime.date | None]],
    claimant: Claimant,
    rating: Rating,
    summary: str,
    rationale: str,
    published_at: datetime.datetime,
    corrected_at: datetime.datetime | None = None,
    imported_from_url: str = "",
    origin: str,
) -> Claim:
    """Log a claim reviewed elsewhere, with that review as its published verdict.

    appearances are the (source, date) the review names, first appearance first; a review
    carries no outlet's own words, so each appearance's words are the claim reviewed.

    The verdict records where it came from as its four-eyes override reason. A review that
    was corrected after it was first published (corrected_at) becomes two versions, so the
    dates readers and exports show are the original publisher's.
    """
    require_may_import_reviews(by)
    if not summary.strip():
        raise VerdictIncomplete("An imported verdict needs a summary.", field="summary")
    if not appearances:
        raise AppearanceInvalid("An imported claim needs where it appeared.", field="appearance")
    reason = f"imported from {origin}"
    claim = Claim(
        text=text,
        claimant=claimant,
        status=Status.PUBLISHED,
        reviewer=by,
        created_by=by,
        imported_from_url=imported_from_url,
    )
    save_with_reason(claim, by=by, reason=reason)
    for source, made_on in appearances:
        appearance = Appearance(
            claim=claim, source=source, quote=text, made_on=made_on, created_by=by
        )
        # The same source named twice is one appearance.
        if not claim.appearances.filter(source=source).exists():
            save_with_reason(appearance, by=by, reason=reason)
            figures_read(appearance)
    appearances_changed(claim)
    versions = [(published_at, "")]
    if corrected_at is not None and corrected_at != published_at:
        note = f"Updated by its original publisher on {corrected_at:%Y-%m-%d}; {reason}."
        versions.append((corrected_at, note))
    for number, (at, note) in enumerate(versions, start=1):
        latest = number == len(versions)
        verdict = Verdict(
            claim=claim,
            rating=rating,
            summary=summary.strip(),
            rationale=rationale,
            reviewer=by,
            published_by=by,
            published_at=at,
            status=Verdict.Status.PUBLISHED if latest else Verdict.Status.SUPERSEDED,
            version=number,
            correction_note=note,
            override_reason=reason,
        )
        save_with_reason(verdict, by=by, reason=reason)
    claim.published_verdict = verdict
    claim.verdict_published_at = verdict.published_at
    save_with_reason(claim, by=by, reason=reason, update_fields=SHOWN_FIELDS)
    public_content_changed()
    return claim
