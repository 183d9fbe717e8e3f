from django.contrib import admin
from django.db.models import Count, Prefetch
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import SourceAdmin
from sources.models import Source

from .models import Attribution, Citation, Claim, Claimant, Rating, Topic, Verdict


class LoggedByMixin:
    """Records the logged-in user as the creator of rows added through the admin."""

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        for instance in formset.save(commit=False):
            if instance.pk is None and hasattr(instance, "created_by_id"):
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class AppearanceClaimInline(admin.StackedInline):
    model = Claim
    fk_name = "appearance"
    extra = 1
    fields = [
        ("position", "status"),
        "text",
        "quote",
        ("claimant", "made_on"),
        "place",
        "attribution_chain",
    ]
    readonly_fields = ["status", "attribution_chain"]
    autocomplete_fields = ["claimant"]
    show_change_link = True
    verbose_name = "claim in this source"
    verbose_name_plural = "claims in this source"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("claimant")
            .prefetch_related(
                Prefetch(
                    "attributions",
                    queryset=Attribution.objects.select_related("claimant").order_by("position"),
                )
            )
        )

    @admin.display(description="how it reached the source")
    def attribution_chain(self, claim: Claim) -> str:
        hops = [f"{hop.claimant.name} ({hop.verb})" for hop in claim.attributions.all()]
        return " → ".join(hops) or "not logged yet"


admin.site.unregister(Source)


@admin.register(Source)
class ArticleAdmin(LoggedByMixin, SourceAdmin):
    """The source page, with the claims that appeared in it logged inline."""

    inlines = [AppearanceClaimInline, *SourceAdmin.inlines]


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 1
    fields = ["position", "claimant", "verb"]
    autocomplete_fields = ["claimant"]
    verbose_name = "attribution hop"
    verbose_name_plural = "attribution chain (1 is the hop nearest the article)"


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    fields = ["position", "source", "role", "quote", "note"]
    autocomplete_fields = ["source"]


@admin.register(Claim)
class ClaimAdmin(LoggedByMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "claimant", "appearance", "reviewer", "updated_at"]
    list_select_related = ["claimant", "appearance", "reviewer"]
    list_filter = ["status", "reviewer", "claimant__kind", "topics", "made_on"]
    search_fields = ["text", "quote", "slug", "claimant__name", "appearance__title"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["appearance", "claimant", "topics"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["text", "quote", "slug"]}),
        ("Where and by whom", {"fields": [("appearance", "position"), "claimant", "made_on"]}),
        ("Filing", {"fields": ["topics", "place"]}),
        ("Review", {"fields": ["status", "reviewer"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [AttributionInline, CitationInline]


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
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
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "colour", "slug"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "rating", "status", "version", "reviewer", "published_at"]
    list_select_related = ["claim", "rating", "reviewer"]
    list_filter = ["status", "rating"]
    search_fields = ["claim__text", "summary"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["status", "version", "published_at"]
