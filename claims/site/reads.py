"""Reads for the public site, each in a fixed number of queries whatever the rows.

Every read starts from what `claims.visibility` lets readers see.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet

from sources.models import Capture, Source

from ..models import Attribution, Citation, Claim, Claimant, QuoteStatus, Rating, Topic, Verdict
from ..visibility import public_articles, public_claim, public_claims
from .prepared import Param, Prepared, Row


def published_claims() -> QuerySet[Claim]:
    """Public claims with what a list row shows: claimant and the verdict with its rating.

    One query: the verdict readers see is a column of the claim row (`published_verdict`).
    """
    return public_claims().select_related("claimant", "published_verdict__rating")


_VERDICT_FIELDS = (
    "id",
    "status",
    "version",
    "summary",
    "rationale_html",
    "published_at",
    "correction_note",
    "rating__slug",
    "rating__label",
    "rating__value",
)

_CLAIM = Prepared(
    lambda: (
        public_claims()
        .filter(slug=Param("slug"))
        # The slug is unique: no ordering, so no join for Claim's default one.
        .order_by()
        .values(
            "id",
            "slug",
            "text",
            "quote",
            "made_on",
            "place",
            "appearance_id",
            "quote_status",
            "quote_capture_id",
            "quote_start",
            "quote_end",
            *(f"claimant__{name}" for name in ("name", "slug", "kind", "affiliation")),
            *(
                f"appearance__{name}"
                for name in (
                    "url",
                    "title",
                    "publisher",
                    "published_on",
                    "archived_copy_id",
                    "health",
                    "accepted_capture_id",
                )
            ),
            *(f"published_verdict__{name}" for name in _VERDICT_FIELDS),
        )[:1]
    )
)
_QUOTE_CAPTURE = Prepared(
    lambda: Capture.objects.filter(pk=Param("pk")).values("text", "finished_at")
)
_CHAIN = Prepared(
    lambda: (
        Attribution.objects.filter(claim_id=Param("claim"))
        .order_by("position")
        .values("verb", "claimant__name")
    )
)
_EVIDENCE = Prepared(
    lambda: (
        Citation.objects.filter(claim_id=Param("claim"))
        .order_by("position", "pk")
        .values(
            "role",
            "note",
            "quote",
            *(f"source__{name}" for name in ("url", "title", "publisher", "archived_copy_id")),
        )
    )
)
_TOPICS = Prepared(lambda: Topic.objects.filter(claims__id=Param("claim")).values("name", "slug"))
_EARLIER_VERDICTS = Prepared(
    lambda: (
        Verdict.objects.filter(claim_id=Param("claim"), status=Verdict.Status.SUPERSEDED)
        .order_by("-version")
        .values(*_VERDICT_FIELDS)
    )
)
_RELATED = Prepared(
    lambda: (
        public_claims()
        .filter(appearance_id=Param("appearance"))
        .exclude(pk=Param("claim"))
        .order_by("position", "pk")
        .values(
            "slug",
            "text",
            "made_on",
            "claimant__name",
            "claimant__slug",
            "published_verdict__summary",
            "published_verdict__rating__slug",
            "published_verdict__rating__label",
        )[:10]
    )
)


def claim_page(slug: str) -> Row | None:
    """A public claim with everything its page shows, or None.

    Four queries: the claim with its claimant, article and verdict, its chain (`claim.chain`),
    its evidence (`claim.evidence`) and its topics (`claim.topic_list`). One more for the
    earlier versions when the verdict has been corrected, and one for the archived text when
    the quote was verified in it. Prepared queries (`claims.site.prepared`) rather than querysets:
    the claim page is the one most read, and building its SQL cost more than running it.
    The rows have the models' field names, so `claim_review` reads them like a Claim.
    """
    claim = _CLAIM.first(slug=slug)
    if claim is None:
        return None
    claim.chain = _CHAIN.rows(claim=claim.id)
    claim.evidence = _EVIDENCE.rows(claim=claim.id)
    for citation in claim.evidence:
        citation.role_label = Citation.Role(citation.role).label
    claim.topic_list = _TOPICS.rows(claim=claim.id)
    claim.quote_capture = None
    if claim.quote_status == QuoteStatus.VERIFIED and claim.quote_capture_id:
        claim.quote_capture = _QUOTE_CAPTURE.first(pk=claim.quote_capture_id)
    verdict = claim.published_verdict
    # Superseded versions are public too: readers see what was corrected and when.
    claim.public_verdicts = [verdict]
    if verdict.version > 1:
        claim.public_verdicts += _EARLIER_VERDICTS.rows(claim=claim.id)
    claim.corrections = list(zip(claim.public_verdicts, claim.public_verdicts[1:], strict=False))
    return claim


def related_claims(claim: Row) -> list[Row]:
    """Up to ten other public claims from the same article, in article order: one query."""
    return _RELATED.rows(appearance=claim.appearance_id, claim=claim.id)


def latest_verdicts(*, limit: int = 10) -> QuerySet[Claim]:
    return published_claims().order_by("-verdict_published_at", "-pk")[:limit]


def articles_with_counts() -> QuerySet[Source]:
    """Public articles with how many public claims appeared in each and when last checked."""
    return public_articles().annotate(
        public_claims=Count("claims", filter=public_claim("claims__")),
        last_checked=Max("claims__verdict_published_at", filter=public_claim("claims__")),
    )


def recently_checked_articles(*, limit: int = 5) -> list[Source]:
    """The articles of the latest verdicts, newest first: two queries.

    Walks the public claims in verdict order (the partial index) until it has seen limit
    articles, rather than totalling every article's claims to sort them.
    """
    newest = public_claims().order_by("-verdict_published_at", "-pk")
    ids: list[int] = []
    for appearance_id in newest.values_list("appearance_id", flat=True).iterator(chunk_size=100):
        if appearance_id not in ids:
            ids.append(appearance_id)
            if len(ids) == limit:
                break
    articles = articles_with_counts().in_bulk(ids)
    return [articles[pk] for pk in ids]


def track_record(claimant: Claimant) -> list[Rating]:
    """Every rating on the scale with how many of the claimant's public claims have it
    (`rating.claims`): two queries, counting from the claimant's claims."""
    counts = dict(
        public_claims()
        .filter(claimant=claimant)
        .order_by()
        .values_list("published_verdict__rating")
        .annotate(n=Count("pk"))
    )
    ratings = list(Rating.objects.all())
    for rating in ratings:
        rating.claims = counts.get(rating.pk, 0)
    return ratings


SORTS = {
    # Ranked on PostgreSQL; the substring fallback has no rank, so newest first there.
    "relevance": ("Best match", ["-verdict_published_at", "-pk"]),
    "newest": ("Newest verdicts first", ["-verdict_published_at", "-pk"]),
    "oldest": ("Oldest verdicts first", ["verdict_published_at", "pk"]),
    "made": ("Date the claim was made", ["-made_on", "-pk"]),
    "rating": (
        "Rating, true to false",
        [
            F("published_verdict__rating__value").desc(nulls_last=True),
            "-verdict_published_at",
            "-pk",
        ],
    ),
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
    claims = published_claims()
    if filters.rating:
        claims = claims.filter(published_verdict__rating__slug=filters.rating)
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
        # The matching claimants' ids first (a small table), as values: with a subquery
        # there, PostgreSQL cannot combine the two sides of the OR in one bitmap scan, and
        # computed every claim's document instead of using the GIN index (200 ms at 10,000
        # claims, against 30 ms).
        claimant_ids = list(
            Claimant.objects.filter(name__icontains=filters.q).values_list("pk", flat=True)
        )
        claims = claims.annotate(document=document, rank=SearchRank(document, query)).filter(
            Q(document=query) | Q(claimant_id__in=claimant_ids)
        )
        if filters.sort == "relevance":
            return claims.order_by("-rank", *SORTS["newest"][1])
        return claims.order_by(*order)
    return claims.filter(
        Q(text__icontains=filters.q)
        | Q(quote__icontains=filters.q)
        | Q(claimant__name__icontains=filters.q)
    ).order_by(*order)
