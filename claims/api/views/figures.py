"""Figures over the API: the numbers each appearance's quote states, read by the tracker
whenever the quote is saved, and corrected, entered and removed by researchers through the
services (on a published claim, by reviewers: 403 `review_required`)."""

from django.db.models import QuerySet
from rest_framework import mixins, viewsets

from config.api import ReadOrModelPermission

from ... import services, visibility
from ...models import Figure
from ..filters import FigureFilter
from ..serializers import FigureRowSerializer

FIELDS = ("words", "value", "upper", "qualifier", "unit", "kind")


class FigureViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The figures of appearances' quotes, in quote order. A researcher's words must stand
    in the quote (400 `figure_invalid`, naming the field); a corrected figure is theirs from
    then on, and no later reading of the quote replaces it. Removing a figure the tracker
    read keeps it as removed, so the next reading does not bring it back."""

    serializer_class = FigureRowSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_class = FigureFilter
    ordering_fields = ["start", "id"]
    ordering = ["appearance", "start", "id"]
    queryset = Figure.objects.all()

    def get_queryset(self) -> QuerySet[Figure]:
        shown = Figure.objects.filter(removed=False)
        return visibility.visible_to(self.request.user, shown)

    def perform_create(self, serializer: FigureRowSerializer) -> None:
        fields = dict(serializer.validated_data)
        figure = services.figure_add(
            appearance=fields.pop("appearance"), by=self.request.user, **fields
        )
        serializer.instance = self.get_queryset().get(pk=figure.pk)

    def perform_update(self, serializer: FigureRowSerializer) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k in FIELDS}
        figure = services.figure_update(figure=serializer.instance, by=self.request.user, **changes)
        serializer.instance = self.get_queryset().get(pk=figure.pk)

    def perform_destroy(self, instance: Figure) -> None:
        services.figure_remove(figure=instance, by=self.request.user)
