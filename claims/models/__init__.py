"""The claims app's data: every model, its constraints and its QuerySets, one family a module.

Callers import from `claims.models`; which module a model lives in is this package's affair.
Which rows anonymous readers see is not decided here but in `claims.visibility`.
"""

from .appearances import Appearance, Attribution, QuoteStatus, TranslatedBy, quote_words_key
from .claimants import Claimant, ClaimantKind, ClaimantName, NameKind, Topic, name_key
from .claims import (
    REVIEWERS_GROUP,
    Citation,
    CitationRole,
    Claim,
    ClaimQuerySet,
    ClaimStatus,
)
from .discrepancies import Discrepancy, DiscrepancyLabel, DiscrepancyScope, DiscrepancyStatus
from .embeddings import Embedding, text_sha256
from .figures import Figure, FigureKind, FigureOrigin, FigureQualifier
from .languages import same_language, standard_language_tag
from .merges import ClaimMerge
from .proposals import Proposal, ProposalKind, ProposalStatus
from .slugs import SLUG_ATTEMPTS, save_with_unique_slug, unique_slug
from .suggestions import SuggestedClaim, SuggestionRun, SuggestionStatus
from .verdicts import Rating, Verdict, VerdictStatus

__all__ = [
    "REVIEWERS_GROUP",
    "SLUG_ATTEMPTS",
    "Appearance",
    "Attribution",
    "Citation",
    "CitationRole",
    "Claim",
    "ClaimMerge",
    "ClaimQuerySet",
    "ClaimStatus",
    "Claimant",
    "ClaimantKind",
    "ClaimantName",
    "Discrepancy",
    "DiscrepancyLabel",
    "DiscrepancyScope",
    "DiscrepancyStatus",
    "Embedding",
    "Figure",
    "FigureKind",
    "FigureOrigin",
    "FigureQualifier",
    "NameKind",
    "Proposal",
    "ProposalKind",
    "ProposalStatus",
    "QuoteStatus",
    "Rating",
    "SuggestedClaim",
    "SuggestionRun",
    "SuggestionStatus",
    "Topic",
    "TranslatedBy",
    "Verdict",
    "VerdictStatus",
    "name_key",
    "quote_words_key",
    "same_language",
    "save_with_unique_slug",
    "standard_language_tag",
    "text_sha256",
    "unique_slug",
]
