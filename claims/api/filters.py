"""What API clients may filter claims, verdicts and claims' parts by (an allowlist)."""

import django_filters
from django.db.models import Exists, OuterRef, QuerySet

from config.api import is_staff_reader

from .. import visibility
from ..models import Claim, Verdict


def readable_claims(request) -> QuerySet[Claim]:
    """The claims a filter may name: a claim the client may not see is as unknown to it as
    one that does not exist, so the two get the same answer."""
    user = request.user if request is not None else None
    return visibility.visible_to(user, Claim.objects.all())


class ClaimFilter(django_filters.FilterSet):
    rating = django_filters.CharFilter(method="filter_rating", help_text="A rating slug.")
    claimant = django_filters.CharFilter(field_name="claimant__slug", help_text="A slug.")
    topic = django_filters.CharFilter(field_name="topics__slug", help_text="A topic slug.")
    article = django_filters.NumberFilter(
        field_name="appearance_id", help_text="The id of the source the claim appeared in."
    )
    status = django_filters.ChoiceFilter(
        choices=Claim.Status.choices,
        method="filter_status",
        help_text='Staff only. Others see every claim they can read as "published", so '
        "published lists them all and any other status none.",
    )
    made_after = django_filters.DateFilter(field_name="made_on", lookup_expr="gte")
    made_before = django_filters.DateFilter(field_name="made_on", lookup_expr="lte")
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
