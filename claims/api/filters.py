"""What API clients may filter claims, verdicts, appearances, claims' parts and figures that
disagree by (an allowlist)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from config.api import is_staff_reader

from .. import visibility
from ..models import Appearance, Claim, ClaimantName, Discrepancy, Figure, Verdict
from .serializers.common import MAX_ID


def readable_claims(request) -> QuerySet[Claim]:
    """The claims a filter may name: a claim the client may not see is as unknown to it as
    one that does not exist, so the two get the same answer."""
    user = request.user if request is not None else None
    return visibility.visible_to(user, Claim.objects.all())


def readable_appearances(request) -> QuerySet[Appearance]:
    user = request.user if request is not None else None
    return visibility.visible_to(user, Appearance.objects.all())


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number the database can hold. A larger one names no row, and
    SQLite cannot even compare it, so it is refused as the parameter's error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)

    def get_max_validator(self) -> None:
        # The field's own max_value is the bound.
        return None


class ClaimFilter(django_filters.FilterSet):
    rating = django_filters.CharFilter(method="filter_rating", help_text="A rating slug.")
    claimant = django_filters.CharFilter(field_name="claimant__slug", help_text="A slug.")
    topic = django_filters.CharFilter(field_name="topics__slug", help_text="A topic slug.")
    article = IdFilter(
        method="filter_article",
        help_text="The id of a source the claim appeared in (any of its appearances).",
    )
    status = django_filters.ChoiceFilter(
        choices=Claim.Status.choices,
        method="filter_status",
        help_text='Staff only. Others see every claim they can read as "published", so '
        "published lists them all and any other status none.",
    )
    made_after = django_filters.DateFilter(
        field_name="first_appearance__made_on",
        lookup_expr="gte",
        help_text="First appearance on or after this date.",
    )
    made_before = django_filters.DateFilter(
        field_name="first_appearance__made_on",
        lookup_expr="lte",
        help_text="First appearance on or before this date.",
    )
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Claim
        fields = []

    def filter_status(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if is_staff_reader(self.request.user, "claims.view_claim"):
            return queryset.filter(status=value)
        return queryset if value == Claim.Status.PUBLISHED else queryset.none()

    def filter_rating(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        rated = Verdict.objects.filter(
            claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED, rating__slug=value
        )
        return queryset.filter(Exists(rated))

    def filter_article(self, queryset: QuerySet[Claim], name: str, value) -> QuerySet[Claim]:
        # Exists, not a join: a claim that appeared twice in one article is listed once.
        appeared = Appearance.objects.filter(claim=OuterRef("pk"), source_id=value)
        return queryset.filter(Exists(appeared))


class VerdictFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=readable_claims)
    rating = django_filters.CharFilter(field_name="rating__slug")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte"
    )

    class Meta:
        model = Verdict
        fields = ["status"]


class ClaimPartFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=readable_claims)


class AppearanceFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=readable_claims)
    source = IdFilter(
        field_name="source", help_text="The id of the source the words were published in."
    )


class AttributionFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(
        field_name="appearance__claim",
        queryset=readable_claims,
        help_text="Hops of any of the claim's appearances.",
    )
    appearance = django_filters.ModelChoiceFilter(queryset=readable_appearances)


class FigureFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(
        field_name="appearance__claim",
        queryset=readable_claims,
        help_text="Figures of any of the claim's appearances.",
    )
    appearance = django_filters.ModelChoiceFilter(queryset=readable_appearances)

    class Meta:
        model = Figure
        fields = ["kind", "stale"]


class DiscrepancyFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(
        queryset=readable_claims,
        method="filter_claim",
        help_text="Pairs with a figure of the claim's, on either side.",
    )

    class Meta:
        model = Discrepancy
        fields = ["status", "kind", "scope", "outdated"]

    def filter_claim(
        self, queryset: QuerySet[Discrepancy], name: str, value: Claim
    ) -> QuerySet[Discrepancy]:
        return queryset.filter(Q(claim=value) | Q(other_claim=value))


class ClaimantNameFilter(django_filters.FilterSet):
    claimant = IdFilter(field_name="claimant", help_text="A claimant's id.")

    class Meta:
        model = ClaimantName
        fields = ["kind"]
