"""The public lists' reads: claims as a list row shows them, an article's claims, the
latest verdicts and articles, a claimant's track record."""

from django.db.models import (
    Count,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from sources.models import Source

from ...models import (
    Appearance,
    Claim,
    Claimant,
    Rating,
)
from ...visibility import (
    public_articles,
    public_claim,
    public_claims,
)


def published_claims() -> QuerySet[Claim]:
    """Public claims with what a list row shows: claimant, the verdict with its rating and
    the first appearance (its date).

    One query: the verdict readers see is a column of the claim row (`published_verdict`).
    """
    return public_claims().select_related(
        "claimant", "published_verdict__rating", "first_appearance"
    )


def claim_rows(ids: list[int]) -> QuerySet[Claim]:
    """The claims of ids with what a list row shows, and nothing else: a page of a list,
    its ids chosen (claims.site.paging)."""
    return (
        published_claims()
        .filter(pk__in=ids)
        .only(
            "slug",
            "text",
            "claimant__name",
            "claimant__slug",
            "first_appearance__made_on",
            "published_verdict__summary",
            "published_verdict__rating__slug",
            "published_verdict__rating__label",
        )
    )


def in_source(source) -> QuerySet[Appearance]:
    """The appearances at OuterRef("pk"), a claim, in source (an id or a Param)."""
    return Appearance.objects.filter(claim=OuterRef("pk"), source_id=source)


def appeared_in(source) -> Q:
    """The claim appeared in source (an id or a Param), as the ids of the claims that
    appear there: read from the source's appearances, where an Exists per claim had SQLite
    walk every public claim (0.9 s at 100,000)."""
    return Q(pk__in=Appearance.objects.filter(source_id=source).values("claim_id"))


def first_place_in(source) -> Subquery:
    """Where the claim at OuterRef("pk") first stands in source: the order of an article."""
    return Subquery(in_source(source).order_by("position", "pk").values("position")[:1])


def latest_verdicts(*, limit: int = 10) -> QuerySet[Claim]:
    return published_claims().order_by("-verdict_published_at", "-pk")[:limit]


def articles_with_counts() -> QuerySet[Source]:
    """Public articles with how many public claims appear in each (a claim appearing twice
    counts once) and when the latest of them was checked."""
    public = public_claim("appearances__claim__")
    return public_articles().annotate(
        public_claims=Count("appearances__claim", filter=public, distinct=True),
        last_checked=Max("appearances__claim__verdict_published_at", filter=public),
    )


def article_claims(article: Source) -> QuerySet[Claim]:
    """The public claims that appear in article, each once, in the order of its first
    place there."""
    return (
        published_claims()
        .filter(appeared_in(article.pk))
        .annotate(place_in_source=first_place_in(article.pk))
        .order_by("place_in_source", "pk")
    )


def recently_checked_articles(*, limit: int = 5) -> list[Source]:
    """The articles the latest verdicts' claims were first reported in, newest first: two
    queries.

    Walks the public claims in verdict order (the partial index) until it has seen limit
    articles, rather than totalling every article's claims to sort them.
    """
    newest = public_claims().order_by("-verdict_published_at", "-pk")
    ids: list[int] = []
    sources = newest.values_list("first_appearance__source_id", flat=True)
    for source_id in sources.iterator(chunk_size=100):
        if source_id is not None and source_id not in ids:
            ids.append(source_id)
            if len(ids) == limit:
                break
    articles = articles_with_counts().in_bulk(ids)
    return [articles[pk] for pk in ids]


def track_record(claimant: Claimant) -> list[Rating]:
    """Every rating on the scale with how many of the claimant's public claims have it
    (`rating.claims`): two queries, counting claims, however many appearances each has."""
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
