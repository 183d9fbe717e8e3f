"""The claim list's filters: what is assigned to me, and evidence at risk."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from sources.models import Source

from ..models import Citation


class AssignedToMeFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("me-new", "Assigned to me, not started")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.assigned_to(request.user)
        if self.value() == "me-new":
            return queryset.newly_assigned_to(request.user)
        return queryset


class EvidenceAtRiskFilter(admin.SimpleListFilter):
    """Claims whose article or a cited source has changed or gone since we archived it."""

    title = "evidence"
    parameter_name = "evidence"

    def lookups(self, request, model_admin):
        return [("at-risk", "Evidence at risk (changed or gone)"), ("gone", "Evidence gone")]

    def queryset(self, request, queryset):
        health = {
            "at-risk": [Source.Health.CHANGED, Source.Health.GONE],
            "gone": [Source.Health.GONE],
        }.get(self.value())
        if health is None:
            return queryset
        cited = Citation.objects.filter(claim=OuterRef("pk"), source__health__in=health)
        return queryset.filter(Q(appearance__health__in=health) | Q(Exists(cited)))
