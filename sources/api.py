"""Sources and their captures over the API.

Which sources the public may see is sources.visibility's rule, the one the archived copies
follow: it depends on claims, which this app must not import, and without it anonymous
clients see nothing. The API serves claims.api.views.SourceViewSet, a subclass that also refreshes
the public pages when a source they show is edited, as the admin's ArticleAdmin does for the
admin. Writes go through sources.services, so a new source is always queued for capture.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, serializers, viewsets

from config.api import ReadOrModelPermission, RejectUnknownFieldsMixin

from .models import Capture, Source
from .services import source_create
from .urlnorm import normalize_url
from .visibility import visible_sources


class CaptureSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    # Empty until the capture has an outcome, so not described as a URL or a choice.
    final_url = serializers.CharField(read_only=True)
    error_code = serializers.CharField(
        read_only=True, help_text="Why the capture failed: dns, timeout, too_large, …; or empty."
    )

    class Meta:
        model = Capture
        fields = [
            "id",
            "status",
            "error_code",
            "error_message",
            "attempts",
            "requested_at",
            "started_at",
            "finished_at",
            "http_status",
            "final_url",
            "content_type",
            "size_bytes",
            "sha256",
            "title",
            "changed",
        ]
        read_only_fields = fields


class SourceSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    captures = CaptureSerializer(many=True, read_only=True, help_text="Newest first.")

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "author",
            "kind",
            "language",
            "published_on",
            "health",
            "health_checked_at",
            "archived_copy",
            "created_at",
            "updated_at",
            "captures",
        ]
        read_only_fields = [
            "health",
            "health_checked_at",
            "archived_copy",
            "created_at",
            "updated_at",
        ]
        # The unique check is the service's job: it returns the existing source instead.
        extra_kwargs = {"url": {"validators": []}}

    def validate_url(self, value: str) -> str:
        try:
            url = normalize_url(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        if self.instance is not None and url != self.instance.url:
            raise serializers.ValidationError(
                "A source's URL cannot change; add a new source for the other address."
            )
        if self.instance is None and Source.objects.filter(url=url).exists():
            raise serializers.ValidationError(
                "A source with this URL already exists; cite that one.", code="unique"
            )
        return url

    def create(self, validated_data: dict) -> Source:
        url = validated_data.pop("url")
        source, _created = source_create(url=url, by=self.context["request"].user, **validated_data)
        return source


class SourceFilter(django_filters.FilterSet):
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Source
        fields = ["kind", "language", "publisher"]


class SourceViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Sources with their captures. Researchers add and edit them; the public reads those
    that published claims cite."""

    serializer_class = SourceSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_class = SourceFilter
    search_fields = ["title", "url", "publisher", "author"]
    ordering_fields = ["created_at", "updated_at", "id"]
    ordering = ["-created_at", "-id"]
    queryset = Source.objects.all()

    def get_queryset(self) -> QuerySet[Source]:
        return visible_sources(self.request.user).prefetch_related(
            Prefetch("captures", queryset=Capture.objects.order_by("-requested_at", "-pk"))
        )
