"""What the API's viewsets share: writes that refresh the public pages, writes to what they
show held for a reviewer, the reviewers-only permission of the merge and split actions, and
rows a service looks up itself."""

import copy

from django.db import models
from rest_framework.permissions import BasePermission

from ... import services, visibility


class WritesRefreshPublicPages:
    """API writes to what readers see show on the public site at once, as admin edits do:
    every create, update and delete asks `claims.visibility` whether a page shows the row. Workflow
    actions call services, which refresh the pages themselves."""

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        visibility.refresh_if_shown(serializer.instance)

    def perform_update(self, serializer) -> None:
        with visibility.refresh_around(serializer.instance):
            super().perform_update(serializer)

    def perform_destroy(self, instance) -> None:
        with visibility.refresh_around(instance):
            super().perform_destroy(instance)


class ReviewerChangesPublicRows:
    """Rows a public page shows (a published claim's citations and chain, the claimants and
    sources it names) are added, changed and removed by reviewers only: every write asks
    services.require_review_to_change first, of the row as it is and as it would be."""

    def perform_create(self, serializer) -> None:
        model = serializer.Meta.model
        fields = {
            name: value
            for name, value in serializer.validated_data.items()
            if not model._meta.get_field(name).many_to_many
        }
        services.require_review_to_change(model(**fields), by=self.request.user)
        super().perform_create(serializer)

    def perform_update(self, serializer) -> None:
        current = serializer.instance
        changes = {
            name: value
            for name, value in serializer.validated_data.items()
            if getattr(current, name) != value
        }
        if changes:
            after = copy.copy(current)
            for name, value in changes.items():
                setattr(after, name, value)
            services.require_review_to_change(current, after, by=self.request.user)
        super().perform_update(serializer)

    def perform_destroy(self, instance) -> None:
        services.require_review_to_change(instance, by=self.request.user)
        super().perform_destroy(instance)


class IsReviewer(BasePermission):
    """Reviewers, as the workflow names them; the services check again, as they always do."""

    message = "Only members of Reviewers can do this; ask one."
    code = "not_permitted"

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and services.is_reviewer(request.user)


def row_or_stand_in(model: type[models.Model], pk: int) -> models.Model:
    """The row with pk, or an unsaved stand-in with that pk: the merge services lock the rows
    they are given and refuse, in their own words, one that is not there (any more)."""
    return model.objects.filter(pk=pk).first() or model(pk=pk)
