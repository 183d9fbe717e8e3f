"""schema.org ClaimReview: the markup each published claim is exported as, and the import of
other fact-checkers' reviews as published claims."""

from .export import claim_review
from .import_ import Entry, ImportRefused, ImportReport, claimreview_import
from .parse import DocumentNotClaimReview

__all__ = [
    "DocumentNotClaimReview",
    "Entry",
    "ImportRefused",
    "ImportReport",
    "claim_review",
    "claimreview_import",
]
