"""Topics and the rating scale: the reference data claims point at."""

from django.contrib import admin

from ..models import Rating, Topic
from .forms import RatingForm
from .mixins import EditsRefreshPublicPages


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
