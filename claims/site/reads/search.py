"""The list page's filters and search."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    F,
    Q,
    QuerySet,
    When,
)
from django.db.models.expressions import RawSQL

from ...models import (
    Claim,
    Claimant,
    name_key,
)
from ...similar.lexical import StoredRank, term
from ...similar.text import words
from ...visibility import (
    public_claimants,
)
from .lists import appeared_in, published_claims

SORTS = {
    # Ranked on PostgreSQL; SQLite's matches are listed newest first.
    "relevance": ("Best match", ["-verdict_published_at", "-pk"]),
    "newest": ("Newest verdicts first", ["-verdict_published_at", "-pk"]),
    "oldest": ("Oldest verdicts first", ["verdict_published_at", "pk"]),
    "made": (
        "Date first reported, newest first",
        [F("first_appearance__made_on").desc(nulls_last=True), "-pk"],
    ),
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


def public_claimant_named(given: str) -> str | None:
    """The slug of the public claimant given names: by slug (the links the pages write),
    else by name or one of their other names, written any case; one query."""
    named = Q(slug=given) | Q(name__iexact=given) | Q(names__key=name_key(given))
    return (
        public_claimants(Claimant.objects.filter(named))
        .annotate(by_slug=Case(When(slug=given, then=0), default=1))
        .order_by("by_slug", "pk")
        .values_list("slug", flat=True)
        .first()
    )


def _claimants_named(q: str) -> QuerySet[Claimant]:
    """Claimants whose name, or one of their other names, holds q."""
    return Claimant.objects.filter(Q(name__icontains=q) | Q(names__name__icontains=q))


def search_claims(filters: ClaimFilters) -> QuerySet[Claim]:
    """Public claims matching the filters, sorted; relevance first when there is a query.

    A query matches the claim's text, the words of every appearance (`appearance_words`)
    and the claimant's names. The first two are matched with full-text search: on
    PostgreSQL through the GIN index `claim_search_idx` of migration 0015, on SQLite
    through its FTS5 table; the names by substring. Relevance is PostgreSQL's rank; SQLite
    lists its matches newest first. The article and the dates
    filter by appearances: a claim is in an article if any appearance is, and was made
    when it first appeared.
    """
    claims = published_claims()
    if filters.rating:
        claims = claims.filter(published_verdict__rating__slug=filters.rating)
    if filters.claimant:
        claims = claims.filter(claimant__slug=filters.claimant)
    if filters.topic:
        claims = claims.filter(topics__slug=filters.topic)
    if filters.article:
        claims = claims.filter(appeared_in(filters.article))
    if filters.made_from:
        claims = claims.filter(first_appearance__made_on__gte=filters.made_from)
    if filters.made_to:
        claims = claims.filter(first_appearance__made_on__lte=filters.made_to)
    order = SORTS.get(filters.sort, SORTS["newest"])[1]
    if not filters.q:
        return claims.order_by(*order)
    # The matching claimants' ids first (a small table), as values: with a subquery in the
    # OR, PostgreSQL cannot combine its two sides in one bitmap scan, and computed every
    # claim's document instead of using the GIN index (200 ms at 10,000 claims, against 30).
    claimant_ids = sorted(set(_claimants_named(filters.q).order_by().values_list("pk", flat=True)))
    named = Q(claimant_id__in=claimant_ids)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        document = SearchVector("text", "appearance_words", config="english")
        query = SearchQuery(filters.q, config="english", search_type="websearch")
        # Matched through claim_search_idx; ranked by the stored document (migration
        # 0022), where computing each match's document again cost 0.2 s for a word that
        # 5,000 of 100,000 claims hold.
        claims = claims.annotate(document=document, rank=StoredRank(query)).filter(
            Q(document=query) | named
        )
        if filters.sort == "relevance":
            return claims.order_by("-rank", *SORTS["newest"][1])
        return claims.order_by(*order)
    return claims.filter(_sqlite_match(filters.q) | named).order_by(*order)


# Words of a search past these are left out: each is one more lookup in the index.
MAX_SEARCH_WORDS = 32


def _sqlite_match(q: str) -> Q:
    """Claims whose text or appearances' words hold every content word of q, through
    SQLite's FTS5 table (claims.similar.lexical keeps it): the stems match, as PostgreSQL's
    English configuration matches them, and stop words are left out, as it leaves them
    out. A search of only stop words or punctuation matches no text."""
    terms = list(dict.fromkeys(term(w.written) for w in words(q) if w.content))
    terms = [t for t in terms if t][:MAX_SEARCH_WORDS]
    if not terms:
        return Q(pk__in=[])
    match = " ".join(f'"{t}"' for t in terms)
    return Q(
        pk__in=RawSQL("SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s", [match])
    )
