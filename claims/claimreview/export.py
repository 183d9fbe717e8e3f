"""schema.org ClaimReview markup for a published claim, as search engines and fact-check
aggregators read it. The claim page embeds it; the API's export calls the same function."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..models import Claim, ClaimantKind, VerdictStatus
from ..visibility import public_versions

BEST_RATING = 5
WORST_RATING = 1


def _date(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def _without_empty(data: dict) -> dict:
    # schema.org readers treat a missing property better than an empty one.
    return {key: value for key, value in data.items() if value not in (None, "")}


def publisher() -> dict:
    """The organisation that publishes the fact-checks, from settings."""
    return _without_empty(
        {
            "@type": "Organization",
            "name": settings.CLAIMTRAIL_PUBLISHER_NAME,
            "url": settings.CLAIMTRAIL_PUBLISHER_URL,
        }
    )


def _creative_work(appearance) -> dict:
    source = appearance.source
    return _without_empty(
        {
            "@type": "CreativeWork",
            "url": source.url,
            "headline": source.title,
            "publisher": _without_empty({"@type": "Organization", "name": source.publisher}),
            "datePublished": _date(source.published_on),
        }
    )


def _appearances(claim: Claim) -> list:
    return list(claim.appearances.select_related("source").in_order())


def claim_review(claim: Claim, *, base_url: str, appearances: Sequence | None = None) -> dict:
    """ClaimReview JSON-LD for a claim with a published verdict.

    base_url is the site's scheme and host ("https://claims.example.org"); the review's url
    is the claim's canonical page under it. appearances are the claim's, first appearance
    first, each with its `source` (a page passes the rows it read); without them, one query.
    Each page is listed once: schema.org's appearance is a CreativeWork, so a claim an
    article carries twice (in its text and a caption) appeared in that work once.
    Raises ValueError for a claim with no published verdict, so nothing unpublished can be
    exported by mistake.
    """
    versions = public_versions(claim)
    verdict = next((v for v in versions if v.status == VerdictStatus.PUBLISHED), None)
    if verdict is None:
        raise ValueError(f"Claim {claim.pk} has no published verdict to review.")
    first_published = min(v.published_at for v in versions if v.published_at)
    rating = verdict.rating
    claimant = claim.claimant
    if appearances is None:
        appearances = _appearances(claim)
    first = appearances[0] if appearances else None
    works: dict[str, dict] = {}
    for appearance in appearances:
        if appearance.source.url not in works:
            works[appearance.source.url] = _creative_work(appearance)

    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": base_url.rstrip("/") + reverse("claims:claim", kwargs={"slug": claim.slug}),
        "claimReviewed": claim.text,
        "datePublished": _date(first_published),
        "author": publisher(),
        "reviewRating": _without_empty(
            {
                "@type": "Rating",
                # Unproven is not a point on the scale: it has a name but no number.
                "ratingValue": rating.value,
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
                "alternateName": rating.label,
            }
        ),
        "itemReviewed": _without_empty(
            {
                "@type": "Claim",
                "author": {
                    "@type": "Person" if claimant.kind == ClaimantKind.PERSON else "Organization",
                    "name": claimant.name,
                },
                "datePublished": _date(first.made_on) if first else None,
                "appearance": list(works.values()),
                "firstAppearance": works[first.source.url] if first else None,
            }
        ),
    }
    if verdict.published_at != first_published:
        review["dateModified"] = _date(verdict.published_at)
    return review
