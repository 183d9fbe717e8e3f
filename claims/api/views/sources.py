"""Sources over the API, as sources' own viewset serves them, refreshing the public pages
that show one when it is edited."""

from sources import api as sources_api

from .common import WritesRefreshPublicPages


class SourceViewSet(WritesRefreshPublicPages, sources_api.SourceViewSet):
    """Sources with their captures. Researchers add and edit them; the public reads those
    that published claims appeared in or cite."""
