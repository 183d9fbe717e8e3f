"""The API's viewsets, one family of rows a module: claims, appearances (with hops and
citations), figures and the figures that disagree, verdicts (with ratings), claimants (with
their other names), sources, ClaimReviews and proposed changes. config/api_urls.py routes them.

Anonymous clients see what the public pages show (`claims.visibility`); staff with a
model's view permission see everything. Every write with a rule calls claims.services, so
the API cannot do what the admin may not.
"""

from .appearances import AppearanceViewSet, AttributionViewSet, CitationViewSet
from .claimants import ClaimantNameViewSet, ClaimantViewSet
from .claimreviews import ClaimReviewViewSet
from .claims import ClaimViewSet
from .discrepancies import DiscrepancyViewSet
from .figures import FigureViewSet
from .proposals import ProposalViewSet
from .sources import SourceViewSet
from .verdicts import RatingViewSet, VerdictViewSet

__all__ = [
    "AppearanceViewSet",
    "AttributionViewSet",
    "CitationViewSet",
    "ClaimReviewViewSet",
    "ClaimViewSet",
    "ClaimantNameViewSet",
    "ClaimantViewSet",
    "DiscrepancyViewSet",
    "FigureViewSet",
    "ProposalViewSet",
    "RatingViewSet",
    "SourceViewSet",
    "VerdictViewSet",
]
