"""Reads for the public site, each in a fixed number of queries whatever the rows.

Every read starts from Claim.objects.published(), the one visibility rule.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from sources.models import Capture, Source

from .models import Attribution, Citation, Claim, Claimant, Rating, Verdict, VerdictStatus

PUBLIC_VERDICT_STATUSES = [VerdictStatus.PUBLISHED, VerdictStatus.SUPERSEDED]


def _live_verdict() -> QuerySet[Verdict]:
    # Unordered: a claim has at most one published verdict, and Verdict's default ordering
    # would join the claim and its source into every subquery.
    return Verdict.objects.filter(claim=OuterRef("pk"), status=VerdictStatus.PUBLISHED).order_by()


def published_claims() -> QuerySet[Claim]:
    """Public claims with what a list row shows: claimant, article and the live verdict.

    Three queries when evaluated: the claims, then their published verdicts with ratings.
    Each claim gets `verdict` through `with_verdicts`.
    """
    return (
        Claim.objects.published()
        .select_related("claimant", "appearance")
        .annotate(verdict_published_at=Subquery(_live_verdict().values("published_at")[:1]))
        .prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.filter(status=VerdictStatus.PUBLISHED).select_related(
                    "rating"
                ),
                to_attr="live_verdicts",
            )
        )
    )


def with_verdicts(claims) -> list[Claim]:
    """Evaluate claims and give each its published verdict as `claim.verdict`."""
    claims = list(claims)
    for claim in claims:
        claim.verdict = claim.live_verdicts[0]
    return claims


def _archived_copy(source_field: str) -> Subquery:
    """The id of the latest good capture of the source in source_field, for a link to it."""
    good = Capture.objects.filter(
        source=OuterRef(source_field), status=Capture.Status.SUCCEEDED
    ).order_by("-finished_at", "-pk")
    return Subquery(good.values("pk")[:1])


def claim_page(slug: str) -> Claim | None:
    """A public claim with everything its page shows, or None: five queries."""
    claim = (
        Claim.objects.published()
        .select_related("claimant", "appearance", "quote_capture")
        .annotate(appearance_capture_id=_archived_copy("appearance"))
        .prefetch_related(
            "topics",
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("claimant").order_by("position"),
            ),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source")
                .annotate(archived_capture_id=_archived_copy("source"))
                .order_by("position", "pk"),
            ),
            # Superseded versions are public too: readers see what was corrected and when.
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES)
                .select_related("rating")
                .order_by("-version"),
                to_attr="public_verdicts",
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if claim is None:
        return None
    claim.verdict = next(v for v in claim.public_verdicts if v.status == VerdictStatus.PUBLISHED)
    claim.corrections = [
        (later, earlier)
        for later, earlier in zip(claim.public_verdicts, claim.public_verdicts[1:], strict=False)
    ]
    return claim


def related_claims(claim: Claim, *, limit: int = 10) -> list[Claim]:
    """Other public claims from the same article, in article order: two queries."""
    return with_verdicts(
        published_claims()
        .filter(appearance_id=claim.appearance_id)
        .exclude(pk=claim.pk)
        .order_by("position", "pk")[:limit]
    )


def latest_verdicts(*, limit: int = 10) -> list[Claim]:
    return with_verdicts(published_claims().order_by("-verdict_published_at", "-pk")[:limit])


def public_articles() -> QuerySet[Source]:
    """Sources that public claims appeared in, with how many and when last checked."""
    public = Claim.objects.published()
    return Source.objects.filter(Exists(public.filter(appearance=OuterRef("pk")))).annotate(
        public_claims=Count("claims", filter=Q(claims__in=public)),
        last_checked=Max(
            "claims__verdicts__published_at",
            filter=Q(claims__in=public, claims__verdicts__status=VerdictStatus.PUBLISHED),
        ),
    )


def public_claimants() -> QuerySet[Claimant]:
    return Claimant.objects.filter(
        Exists(Claim.objects.published().filter(claimant=OuterRef("pk")))
    )


def track_record(claimant: Claimant) -> list[Rating]:
    """Every rating on the scale with how many of the claimant's public claims have it."""
    public = Claim.objects.published().filter(claimant=claimant)
    return list(
        Rating.objects.annotate(
            claims=Count(
                "verdicts",
                filter=Q(verdicts__status=VerdictStatus.PUBLISHED, verdicts__claim__in=public),
            )
        )
    )


SORTS = {
    # Ranked on PostgreSQL; the substring fallback has no rank, so newest first there.
    "relevance": ("Best match", ["-verdict_published_at", "-pk"]),
    "newest": ("Newest verdicts first", ["-verdict_published_at", "-pk"]),
    "oldest": ("Oldest verdicts first", ["verdict_published_at", "pk"]),
    "made": ("Date the claim was made", ["-made_on", "-pk"]),
    "rating": ("Rating, true to false", ["-rating_value", "-verdict_published_at", "-pk"]),
}


@dataclass(frozen=True)
class ClaimFilters:
    q: str = ""
    rating: str = ""
    claimant: str = ""
    topic: str = ""
    article: int | None = None
    made_from: datetime.date | None = None
    made_to: datetime.date | None = None
    sort: str = "newest"


def search_claims(filters: ClaimFilters) -> QuerySet[Claim]:
    """Public claims matching the filters, sorted; relevance first when there is a query.

    On PostgreSQL the text and quote are matched with full-text search (the expression is
    the one the GIN index in migration 0006 covers) and the claimant's name by substring;
    elsewhere all three by substring.
    """
    claims = published_claims().annotate(
        rating_value=Subquery(_live_verdict().values("rating__value")[:1])
    )
    if filters.rating:
        claims = claims.filter(
            Exists(_live_verdict().filter(rating__slug=filters.rating)),
        )
    if filters.claimant:
        claims = claims.filter(claimant__slug=filters.claimant)
    if filters.topic:
        claims = claims.filter(topics__slug=filters.topic)
    if filters.article:
        claims = claims.filter(appearance_id=filters.article)
    if filters.made_from:
        claims = claims.filter(made_on__gte=filters.made_from)
    if filters.made_to:
        claims = claims.filter(made_on__lte=filters.made_to)
    order = SORTS.get(filters.sort, SORTS["newest"])[1]
    if not filters.q:
        return claims.order_by(*order)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        document = SearchVector("text", "quote", config="english")
        query = SearchQuery(filters.q, config="english", search_type="websearch")
        claims = claims.annotate(document=document, rank=SearchRank(document, query)).filter(
            # The claimant as a subquery, not a join, so both sides of the OR are indexed
            # conditions on the claim row and the planner can combine the GIN index with
            # the claimant foreign key's index.
            Q(document=query)
            | Q(claimant__in=Claimant.objects.filter(name__icontains=filters.q).values("pk"))
        )
        if filters.sort == "relevance":
            return claims.order_by("-rank", *SORTS["newest"][1])
        return claims.order_by(*order)
    return claims.filter(
        Q(text__icontains=filters.q)
        | Q(quote__icontains=filters.q)
        | Q(claimant__name__icontains=filters.q)
    ).order_by(*order)
