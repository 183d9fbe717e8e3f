"""Claimants, topics and the rating scale: the reference data claims point at."""

from django.contrib import admin
from django.db.models import Count

from ..models import Claimant, Rating, Topic
from .forms import RatingForm
from .mixins import EditsRefreshPublicPages


@admin.register(Claimant)
class ClaimantAdmin(EditsRefreshPublicPages, admin.ModelAdmin):
    list_display = ["name", "kind", "affiliation", "claim_count"]
    ordering = ["name"]
    list_filter = ["kind"]
    search_fields = ["name", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj: Claimant) -> int:
        return obj.claim_count


@admin.register(Topic)
class TopicAdmin(EditsRefreshPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Rating)
class RatingAdmin(EditsRefreshPublicPages, admin.ModelAdmin):
    form = RatingForm
    list_display = ["label", "value", "colour", "slug"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
