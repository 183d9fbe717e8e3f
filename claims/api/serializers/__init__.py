"""What the API reads and writes, one family of rows a module: common (what they share),
claims, appearances, figures, discrepancies (figures that disagree), verdicts, claimants,
claimreviews, proposals, similar (claims like a text), suggestions (claims suggested from
an article's text). Callers import from here."""

from .appearances import AppearanceSerializer, AttributionSerializer, SplitSerializer
from .claimants import (
    ClaimantMergeSerializer,
    ClaimantNameSerializer,
    ClaimantSerializer,
    SimilarClaimantsSerializer,
    SimilarQuerySerializer,
)
from .claimreviews import ImportReportSerializer
from .claims import (
    CitationSerializer,
    ClaimSerializer,
    ClaimWriteSerializer,
    MergeSerializer,
    ReasonSerializer,
    ReviewerSerializer,
)
from .common import RatingSerializer
from .discrepancies import DiscrepancyDecisionSerializer, DiscrepancySerializer
from .figures import FigureRowSerializer
from .proposals import AcceptSerializer, ProposalSerializer, RejectSerializer
from .similar import SimilarClaimsQuerySerializer, SimilarClaimsSerializer
from .suggestions import ArticleSuggestionSerializer, ArticleSuggestionsSerializer
from .verdicts import (
    CorrectionSerializer,
    PublicVerdictSerializer,
    PublishSerializer,
    VerdictSerializer,
)

__all__ = [
    "AcceptSerializer",
    "AppearanceSerializer",
    "ArticleSuggestionSerializer",
    "ArticleSuggestionsSerializer",
    "AttributionSerializer",
    "CitationSerializer",
    "ClaimSerializer",
    "ClaimWriteSerializer",
    "ClaimantMergeSerializer",
    "ClaimantNameSerializer",
    "ClaimantSerializer",
    "CorrectionSerializer",
    "DiscrepancyDecisionSerializer",
    "DiscrepancySerializer",
    "FigureRowSerializer",
    "ImportReportSerializer",
    "MergeSerializer",
    "ProposalSerializer",
    "PublicVerdictSerializer",
    "PublishSerializer",
    "RatingSerializer",
    "ReasonSerializer",
    "RejectSerializer",
    "ReviewerSerializer",
    "SimilarClaimantsSerializer",
    "SimilarClaimsQuerySerializer",
    "SimilarClaimsSerializer",
    "SimilarQuerySerializer",
    "SplitSerializer",
    "VerdictSerializer",
]
