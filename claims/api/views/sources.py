"""Sources over the API, as sources' own viewset serves them, refreshing the public pages
that show one when it is edited, and holding an edit of one they show for a reviewer."""

from sources import api as sources_api

from .common import ReviewerChangesPublicRows, WritesRefreshPublicPages


class SourceViewSet(ReviewerChangesPublicRows, WritesRefreshPublicPages, sources_api.SourceViewSet):
    """Sources with their captures. Researchers add and edit them; the public reads those
    that published claims appeared in or cite, and only reviewers change those (403
    `review_required`)."""
