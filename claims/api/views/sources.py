"""Sources over the API, as sources' own viewset serves them, refreshing the public pages
that show one when it is edited, and holding an edit of one they show for a reviewer."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import is_staff_reader
from sources import api as sources_api

from ...models import SuggestedClaim
from ..serializers import ArticleSuggestionsSerializer
from .common import ReviewerChangesPublicRows, WritesRefreshPublicPages


class SourceViewSet(ReviewerChangesPublicRows, WritesRefreshPublicPages, sources_api.SourceViewSet):
    """Sources with their captures. Researchers add and edit them; the public reads those
    that published claims appeared in or cite, and only reviewers change those (403
    `review_required`)."""

    @extend_schema(responses=ArticleSuggestionsSerializer)
    @action(detail=True, methods=["get"], url_path="suggested-claims")
    def suggested_claims(self, request, pk=None) -> Response:
        """The sentences of the source's archived text that read as claims, best first, each
        with its reasons, who said it and through whom, its figures and the claims already
        logged like it; `note` says why there are none, or what was not read. Staff who may
        view suggested claims only (403 otherwise)."""
        if not is_staff_reader(request.user, "claims.view_suggestedclaim"):
            raise exceptions.PermissionDenied("Suggested claims are for researchers and reviewers.")
        source = self.get_object()
        run = getattr(source, "suggestion_run", None)
        rows = (
            SuggestedClaim.objects.filter(source=source)
            .select_related("claimant")
            .order_by("-score", "start")
        )
        note = run.note if run else "Not read yet: its text is read once it is archived."
        return Response(ArticleSuggestionsSerializer({"note": note, "results": rows}).data)
