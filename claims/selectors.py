"""Reads that the review pages need, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from sources.models import Capture

from .models import Appearance, Attribution, Citation, Claim, Verdict


def citations_with_capture_status(claim: Claim) -> QuerySet[Citation]:
    """The claim's citations, each annotated with its source's latest capture: one query."""
    latest = Capture.objects.filter(source=OuterRef("source")).order_by("-requested_at", "-pk")
    return (
        Citation.objects.filter(claim=claim)
        .select_related("source")
        .annotate(
            capture_status=Subquery(latest.values("status")[:1]),
            capture_error=Subquery(latest.values("error_message")[:1]),
            captured_at=Subquery(latest.values("finished_at")[:1]),
        )
        .order_by("position", "pk")
    )


def claim_for_review(pk: int) -> Claim:
    """A claim with what a reviewer reads beside the verdict form: four queries."""
    return (
        Claim.objects.select_related(
            "first_appearance__source", "claimant", "reviewer", "created_by", "merged_into"
        )
        .prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("source", "quote_capture")
                .prefetch_related(
                    Prefetch(
                        "attributions",
                        queryset=Attribution.objects.select_related("claimant").order_by(
                            "position"
                        ),
                    )
                )
                .in_order(),
            ),
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related(
                    "rating", "reviewer", "published_by"
                ).order_by("-version"),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime.datetime
    who: str
    what: str
    detail: str = ""


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "someone"


# Reasons that name another claim ("merged into claim 12: …"), and how the timeline says them.
_ACROSS_CLAIMS = {
    "merged into claim": "merged it into claim",
    "merge into claim": "undid its merge into claim",
    "split from claim": "split it out of claim",
}


def _across_claims(code: str) -> str | None:
    for start, said in _ACROSS_CLAIMS.items():
        if code.startswith(start + " "):
            return f"{said} {code.removeprefix(start + ' ').removesuffix(' undone')}"
    return None


def _claim_event(row) -> TimelineEvent | None:
    code, _, detail = (row.history_change_reason or "").partition(": ")
    who = _name(row.history_user)
    if (across := _across_claims(code)) is not None:
        return TimelineEvent(row.history_date, who, across, detail)
    if code.startswith("claimant ") and " merged into " in code:
        return TimelineEvent(row.history_date, who, "merged its claimant into another", code)
    if row.history_type == "+":
        # Rows written by a script have no acting user; the claim knows who logged it.
        return TimelineEvent(
            row.history_date, _name(row.history_user or row.created_by), "logged the claim"
        )
    if code == "submitted":
        return TimelineEvent(
            row.history_date, who, "submitted it for review", f"assigned to {_name(row.reviewer)}"
        )
    if code == "assigned":
        return TimelineEvent(row.history_date, who, f"assigned it to {_name(row.reviewer)}")
    if code == "unpublished":
        return TimelineEvent(row.history_date, who, "unpublished it", detail)
    return None


def _verdict_event(row) -> TimelineEvent | None:
    label = f"verdict v{row.version}"
    rating = row.rating.label if row.rating else "no rating yet"
    code, _, reason = (row.history_change_reason or "").partition(": ")
    if code == "drafted":
        what, detail = f"drafted {label}", ""
    elif code == "correction drafted":
        what, detail = f"started a correction, {label}", row.correction_note
    elif code == "published":
        what, detail = f"published {label}", rating
        if row.override_reason:
            detail = f"{rating}; four-eyes override: {row.override_reason}"
    elif code == "corrected":
        what, detail = f"published the correction, {label}", f"{rating}; {row.correction_note}"
    elif code == "discarded":
        what, detail = f"discarded the draft {label}", reason
    else:
        return None
    return TimelineEvent(row.history_date, _name(row.history_user), what, detail)


def _appearance_event(row) -> TimelineEvent | None:
    code, _, reason = (row.history_change_reason or "").partition(": ")
    where = str(row.source) if row.source else "a source since removed"
    if code == "logged":
        return None  # the claim's own "logged the claim" says it
    if row.history_type == "+":
        what = f"added an appearance in {where}"
    elif row.history_type == "-":
        what = f"removed an appearance in {where}"
    elif code.startswith("merged into claim "):
        what = f"took in an appearance in {where} from a merged claim"
    elif code.startswith("merge into claim "):
        what = f"got back its appearance in {where}, undoing a merge"
    elif code == "edited":
        what = f"changed the appearance in {where}"
    else:
        return None
    return TimelineEvent(row.history_date, _name(row.history_user), what, reason)


def claim_timeline(claim: Claim) -> list[TimelineEvent]:
    """What happened to a claim, its appearances and its verdicts, oldest first, from their
    history: 3 queries."""
    claim_rows = claim.history.select_related("history_user", "reviewer", "created_by")
    appearance_rows = Appearance.history.filter(claim_id=claim.pk).select_related(
        "history_user", "source"
    )
    verdict_rows = Verdict.history.filter(claim_id=claim.pk).select_related(
        "history_user", "rating"
    )
    events = (
        [_claim_event(row) for row in claim_rows]
        + [_appearance_event(row) for row in appearance_rows]
        + [_verdict_event(row) for row in verdict_rows]
    )
    return sorted((e for e in events if e is not None), key=lambda e: e.at)
