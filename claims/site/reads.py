"""Reads for the public site, each in a fixed number of queries whatever the rows.

Every read starts from what `claims.visibility` lets readers see. A claim's date, wherever a
list shows or sorts by it, is its first appearance's.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.expressions import RawSQL

from sources.models import Capture, Source

from .. import quotes
from ..evidence import original_changed_notices
from ..figures.units import in_one_unit
from ..models import (
    Appearance,
    Attribution,
    Citation,
    Claim,
    Claimant,
    FigureKind,
    QuoteStatus,
    Rating,
    Topic,
    Verdict,
    name_key,
)
from ..similar.lexical import StoredRank, term
from ..similar.text import words
from ..visibility import (
    public_articles,
    public_claim,
    public_claimants,
    public_claims,
    public_discrepancies,
)
from .prepared import Param, Prepared, Row


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
            "place",
            *(f"claimant__{name}" for name in ("name", "slug", "kind", "affiliation")),
            *(f"published_verdict__{name}" for name in _VERDICT_FIELDS),
        )[:1]
    )
)
# First appearance first, as Claim.first_appearance is chosen: the earliest, then the first
# logged; with each one's source, what the notice that it changed reads included.
_APPEARANCES = Prepared(
    lambda: (
        Appearance.objects.filter(claim_id=Param("claim"))
        .in_order()
        .values(
            "id",
            "quote",
            "language",
            "position",
            "made_on",
            "original_quote",
            "original_language",
            "translated_by",
            "translator",
            "quote_status",
            "quote_capture_id",
            "quote_start",
            "quote_end",
            "source_id",
            *(
                f"source__{name}"
                for name in (
                    "url",
                    "title",
                    "publisher",
                    "language",
                    "published_on",
                    "archived_copy_id",
                    "health",
                    "accepted_capture_id",
                )
            ),
        )
    )
)
_CHAINS = Prepared(
    lambda: (
        Attribution.objects.filter(appearance__claim_id=Param("claim"))
        .order_by("appearance_id", "position")
        .values("appearance_id", "verb", "claimant__name")
    )
)
# The archived texts the claim's verified words were found in, each once however many
# appearances were found in it.
_QUOTE_CAPTURES = Prepared(
    lambda: (
        Capture.objects.filter(
            pk__in=Appearance.objects.filter(
                claim_id=Param("claim"), quote_status=QuoteStatus.VERIFIED
            ).values("quote_capture_id")
        )
        .order_by()
        .values("id", "text", "finished_at")
    )
)
# Figures that disagree, as a reviewer confirmed them, of this claim with itself or with
# another public claim: the sides read from what the reviewer decided on (`stated`).
_DISCREPANCIES = Prepared(
    lambda: (
        public_discrepancies()
        .filter(Q(claim_id=Param("claim")) | Q(other_claim_id=Param("claim")))
        .order_by("kind", "pk")
        .values("id", "kind", "label", "stated", "note")
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


def _in_source(source) -> QuerySet[Appearance]:
    """The appearances at OuterRef("pk"), a claim, in source (an id or a Param)."""
    return Appearance.objects.filter(claim=OuterRef("pk"), source_id=source)


def _appeared_in(source) -> Q:
    """The claim appeared in source (an id or a Param), as the ids of the claims that
    appear there: read from the source's appearances, where an Exists per claim had SQLite
    walk every public claim (0.9 s at 100,000)."""
    return Q(pk__in=Appearance.objects.filter(source_id=source).values("claim_id"))


def _first_place_in(source) -> Subquery:
    """Where the claim at OuterRef("pk") first stands in source: the order of an article."""
    return Subquery(_in_source(source).order_by("position", "pk").values("position")[:1])


_RELATED = Prepared(
    lambda: (
        public_claims()
        .filter(_appeared_in(Param("source")))
        .exclude(pk=Param("claim"))
        .annotate(place_in_source=_first_place_in(Param("source")))
        .order_by("place_in_source", "pk")
        .values(
            "slug",
            "text",
            "first_appearance__made_on",
            "claimant__name",
            "claimant__slug",
            "published_verdict__summary",
            "published_verdict__rating__slug",
            "published_verdict__rating__label",
        )[:10]
    )
)


def _appearances(claim_id: int) -> list[Row]:
    """The claim's appearances, first appearance first, each with its chain
    (`appearance.chain`), the verified words in their archived text (`appearance.excerpt`,
    with `appearance.quote_capture`) and the notice that its source changed
    (`appearance.original_changed`): two queries, and one each for the archived texts and
    the notices when there are any."""
    appearances = _APPEARANCES.rows(claim=claim_id)
    chains: dict[int, list[Row]] = {appearance.id: [] for appearance in appearances}
    for hop in _CHAINS.rows(claim=claim_id):
        chains[hop.appearance_id].append(hop)
    verified = any(
        a.quote_status == QuoteStatus.VERIFIED and a.quote_capture_id for a in appearances
    )
    captures = {c.id: c for c in _QUOTE_CAPTURES.rows(claim=claim_id)} if verified else {}
    notices = original_changed_notices(appearances)
    for appearance in appearances:
        appearance.chain = chains[appearance.id]
        appearance.quote_capture = captures.get(appearance.quote_capture_id)
        appearance.excerpt = quotes.excerpt(appearance)
        appearance.original_changed = notices.get(appearance.source_id)
    return appearances


def claim_page(slug: str) -> Row | None:
    """A public claim with everything its page shows, or None.

    Seven queries whatever the number of appearances: the claim with its claimant and
    verdict, its appearances with their sources (`claim.appearances`, first appearance
    first, so `claim.first_appearance` is the first), all their chains, its evidence
    (`claim.evidence`), its topics (`claim.topic_list`), the figures that disagree a
    reviewer confirmed (`claim.discrepancies`) and its related claims (`claim.related`).
    One more for the earlier versions when the verdict has been corrected, one for the
    archived texts of verified words, and one for the notices when a source has changed.
    Prepared queries (`claims.site.prepared`) rather than querysets: the claim page is the
    one most read, and building its SQL cost more than running it.
    The rows have the models' field names, so `claim_review` reads them like a Claim.
    """
    claim = _CLAIM.first(slug=slug)
    if claim is None:
        return None
    claim.appearances = _appearances(claim.id)
    # The services never leave a claim without an appearance; a row written around them
    # gets a page without one rather than an error.
    claim.first_appearance = claim.appearances[0] if claim.appearances else None
    claim.evidence = _EVIDENCE.rows(claim=claim.id)
    for citation in claim.evidence:
        citation.role_label = Citation.Role(citation.role).label
    claim.topic_list = _TOPICS.rows(claim=claim.id)
    claim.discrepancies = _DISCREPANCIES.rows(claim=claim.id)
    for discrepancy in claim.discrepancies:
        discrepancy.kind_label = FigureKind(discrepancy.kind).label
        discrepancy.sides = [_side(side) for side in discrepancy.stated]
    verdict = claim.published_verdict
    # Superseded versions are public too: readers see what was corrected and when.
    claim.public_verdicts = [verdict]
    if verdict.version > 1:
        claim.public_verdicts += _EARLIER_VERDICTS.rows(claim=claim.id)
    claim.corrections = list(zip(claim.public_verdicts, claim.public_verdicts[1:], strict=False))
    claim.related = (
        _RELATED.rows(source=claim.first_appearance.source_id, claim=claim.id)
        if claim.first_appearance
        else []
    )
    return claim


def _side(stated: dict) -> Row:
    """One figure of a confirmed discrepancy: its words marked in its quote, in one unit."""
    side = Row(stated)
    quote, start, end = stated["quote"], stated["start"], stated["end"]
    marked = quote[start:end] == stated["words"]
    side.before, side.after = (quote[:start], quote[end:]) if marked else ("", "")
    side.in_one_unit = in_one_unit(stated["normalised_value"], stated["normalised_unit"])
    return side


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
        .filter(_appeared_in(article.pk))
        .annotate(place_in_source=_first_place_in(article.pk))
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
        claims = claims.filter(_appeared_in(filters.article))
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
