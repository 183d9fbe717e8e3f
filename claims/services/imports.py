"""Claims reviewed elsewhere: logged with that review as their published verdict."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sources.models import Source

from ..freshness import public_content_changed
from ..models import Claim, Claimant, Rating, Verdict
from .errors import VerdictIncomplete
from .rows import save_with_reason
from .rules import SHOWN_FIELDS, Status, require_may_import_reviews


@transaction.atomic
def claim_import_reviewed(
    *,
    by: AbstractBaseUser,
    text: str,
    appearance: Source,
    claimant: Claimant,
    made_on: datetime.date | None,
    rating: Rating,
    summary: str,
    rationale: str,
    published_at: datetime.datetime,
    corrected_at: datetime.datetime | None = None,
    imported_from_url: str = "",
    origin: str,
) -> Claim:
    """Log a claim reviewed elsewhere, with that review as its published verdict.

    The verdict records where it came from as its four-eyes override reason. A review that
    was corrected after it was first published (corrected_at) becomes two versions, so the
    dates readers and exports show are the original publisher's.
    """
    require_may_import_reviews(by)
    if not summary.strip():
        raise VerdictIncomplete("An imported verdict needs a summary.", field="summary")
    reason = f"imported from {origin}"
    claim = Claim(
        text=text,
        quote=text,
        appearance=appearance,
        claimant=claimant,
        made_on=made_on,
        status=Status.PUBLISHED,
        reviewer=by,
        created_by=by,
        imported_from_url=imported_from_url,
    )
    save_with_reason(claim, by=by, reason=reason)
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
