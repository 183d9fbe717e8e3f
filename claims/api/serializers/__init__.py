"""What the API reads and writes, one family of rows a module: common (what they share),
claims, appearances, verdicts, claimants, claimreviews, similar (claims like a text).
Callers import from here."""

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
from .similar import SimilarClaimsQuerySerializer, SimilarClaimsSerializer
from .verdicts import (
    CorrectionSerializer,
    PublicVerdictSerializer,
    PublishSerializer,
    VerdictSerializer,
)

__all__ = [
    "AppearanceSerializer",
    "AttributionSerializer",
    "CitationSerializer",
    "ClaimSerializer",
    "ClaimWriteSerializer",
    "ClaimantMergeSerializer",
    "ClaimantNameSerializer",
    "ClaimantSerializer",
    "CorrectionSerializer",
    "ImportReportSerializer",
    "MergeSerializer",
    "PublicVerdictSerializer",
    "PublishSerializer",
    "RatingSerializer",
    "ReasonSerializer",
    "ReviewerSerializer",
    "SimilarClaimantsSerializer",
    "SimilarClaimsQuerySerializer",
    "SimilarClaimsSerializer",
    "SimilarQuerySerializer",
    "SplitSerializer",
    "VerdictSerializer",
]
