"""The claim list's filters: what is assigned to me, status (merged claims only when asked),
quote checks, and evidence at risk."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from sources.models import Source

from ..models import Appearance, Citation, Claim, QuoteStatus


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


class StatusFilter(admin.SimpleListFilter):
    """A claim merged into another lives on there; the list shows it only when asked."""

    title = "status"
    parameter_name = "status"
    EVERY = "all"

    def lookups(self, request, model_admin):
        return [*Claim.Status.choices, (self.EVERY, "All, merged claims too")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "All but merged claims",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.exclude(status=Claim.Status.MERGED)
        if self.value() == self.EVERY:
            return queryset
        return queryset.filter(status=self.value())


class QuoteCheckFilter(admin.SimpleListFilter):
    """Claims by what the quote checks of their appearances found."""

    title = "quote check"
    parameter_name = "quote_status"

    def lookups(self, request, model_admin):
        return [
            (QuoteStatus.NOT_FOUND, "Words not found in an archived source"),
            (QuoteStatus.NOT_CAPTURED, "Words not yet checked"),
            (QuoteStatus.VERIFIED, "Every appearance's words verified"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        appearances = Appearance.objects.filter(claim=OuterRef("pk"))
        if value == QuoteStatus.VERIFIED:
            unverified = appearances.exclude(quote_status=QuoteStatus.VERIFIED)
            return queryset.filter(Exists(appearances)).exclude(Exists(unverified))
        return queryset.filter(Exists(appearances.filter(quote_status=value)))


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
        appeared = Appearance.objects.filter(claim=OuterRef("pk"), source__health__in=health)
        cited = Citation.objects.filter(claim=OuterRef("pk"), source__health__in=health)
        return queryset.filter(Q(Exists(appeared)) | Q(Exists(cited)))
