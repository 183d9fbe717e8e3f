"""The claims app's data: every model, its constraints and its QuerySets, one family a module.

Callers import from `claims.models`; which module a model lives in is this package's affair.
Which rows anonymous readers see is not decided here but in `claims.visibility`.
"""

from .claimants import Claimant, ClaimantKind, Topic
from .claims import (
    REVIEWERS_GROUP,
    Attribution,
    Citation,
    CitationRole,
    Claim,
    ClaimQuerySet,
    ClaimStatus,
    QuoteStatus,
)
from .slugs import SLUG_ATTEMPTS, save_with_unique_slug, unique_slug
from .verdicts import Rating, Verdict, VerdictStatus

__all__ = [
    "REVIEWERS_GROUP",
    "SLUG_ATTEMPTS",
    "Attribution",
    "Citation",
    "CitationRole",
    "Claim",
    "ClaimQuerySet",
    "ClaimStatus",
    "Claimant",
    "ClaimantKind",
    "QuoteStatus",
    "Rating",
    "Topic",
    "Verdict",
    "VerdictStatus",
    "save_with_unique_slug",
    "unique_slug",
]
