"""The rows the API's responses read, each in a fixed number of queries however many rows
and appearances there are: a claim's appearances in order, with their sources and chains."""

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, QuerySet

from .. import visibility
from ..models import Appearance, Attribution, Claim, Figure

# Where a list keeps each claim's appearances, first appearance first.
IN_ORDER = "appearances_in_order"


# Where an appearance keeps the figures its quote states (not those a researcher removed).
FIGURES = "shown_figures"


def figures_prefetch() -> Prefetch:
    return Prefetch(
        "figures", queryset=Figure.objects.filter(removed=False).order_by("start", "pk"),
        to_attr=FIGURES,
    )  # fmt: skip


def with_chains(appearances: QuerySet[Appearance]) -> QuerySet[Appearance]:
    """appearances with their source, their chain (nearest hop first) and their figures:
    three queries."""
    return appearances.select_related("source").prefetch_related(
        Prefetch(
            "attributions",
            queryset=Attribution.objects.select_related("claimant").order_by("position"),
        ),
        figures_prefetch(),
    )


def figures_of(appearance: Appearance) -> list[Figure]:
    """The appearance's figures in quote order: as with_chains prefetched them, or now."""
    prefetched = getattr(appearance, FIGURES, None)
    if prefetched is None:
        prefetched = list(appearance.figures.filter(removed=False).order_by("start", "pk"))
        setattr(appearance, FIGURES, prefetched)
    return prefetched


def appearances_in_order(appearances: QuerySet[Appearance]) -> QuerySet[Appearance]:
    """The first appearance first (the earliest, the first logged among equals, as the
    services choose it), with their sources and chains."""
    return with_chains(appearances).in_order()


def appearances_prefetch(*, chains: bool = True) -> Prefetch:
    """Prefetches each claim's appearances, in order, into `claim.appearances_in_order`,
    with their sources, and their chains unless chains is False."""
    appearances = Appearance.objects.select_related("source")
    return Prefetch(
        "appearances",
        queryset=appearances_in_order(appearances) if chains else appearances.in_order(),
        to_attr=IN_ORDER,
    )


def claims_for(user) -> QuerySet[Claim]:
    """The claims user may read, with everything a claim's representation shows."""
    return (
        visibility.visible_to(user, Claim.objects.all())
        .select_related("claimant", "reviewer")
        .prefetch_related("topics", appearances_prefetch(), visibility.public_versions_prefetch())
    )


def appearances_of(claim: Claim) -> list[Appearance]:
    """The claim's appearances, first appearance first: as a list prefetched them, or read
    now for a claim read on its own."""
    prefetched = getattr(claim, IN_ORDER, None)
    if prefetched is None:
        prefetched = list(appearances_in_order(claim.appearances.all()))
        setattr(claim, IN_ORDER, prefetched)
    return prefetched


def suggestable_claims(user) -> QuerySet[Claim]:
    """The claims user may be suggested as like a text they typed: every claim not merged
    away for staff who read unpublished claims, only public ones for everyone else; each
    annotated with `is_public`, as claims.visibility decides it."""
    claims = visibility.visible_to(user, Claim.objects.exclude(status=Claim.Status.MERGED))
    return claims.annotate(
        is_public=ExpressionWrapper(visibility.public_claim(), output_field=BooleanField())
    )
