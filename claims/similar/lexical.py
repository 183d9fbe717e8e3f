"""Claims that share words with a text, found through the database's full-text index: the
candidates the matcher then scores.

PostgreSQL searches `claim_search_idx` (a claim's text and every appearance's words); SQLite
an FTS5 table of the same two columns, which triggers keep in step with the claims table.
Django's SQLite migrations rebuild a table to alter it, dropping its triggers, so the FTS5
table and its triggers are made again after every migrate (`ensure_sqlite_index`), not once
in a migration. Either way the query asks for the text's rare words alone and for any two
of its rarer words together (rarity.py says why and how), ranked by the index, so a
paraphrase that keeps a name or two less common words of ten still comes back to be scored.

A Cyrillic text's words are also looked up by their stems in Latin letters, as prefixes
(text.crossing_stems: "Порошенко" as poroshenk*), so that it finds claims logged in English
that name the same people and places.

On PostgreSQL the names in the text (its capitalised words) are also looked up by trigram
word similarity (pg_trgm, `claim_words_trgm_idx`), so that "Milchankov" finds a claim that
says "Milchakov". SQLite has no such index: there a name spelled another way is found
through the text's other words, or by meaning.
"""

import re

from anyascii import anyascii
from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, TextField, Value
from django.db.models.functions import Greatest

from ..models import Claim
from .rarity import Lookup, plan
from .text import crossing_stems, words

# Enough terms to find paraphrases of a long quote, few enough to keep the query cheap.
MAX_TERMS = 24
# Names looked up by trigrams: each is one index scan, and a quote names few people.
MAX_NAMES = 4
# Shorter words share too many trigrams with everything to say anything.
NAME_MIN_LENGTH = 5
# The mark of a term looked up as a prefix.
PREFIX = "*"
_SQLITE_INDEX = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS claims_claim_fts USING fts5(
        text, appearance_words, content='claims_claim', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # How many claims hold each stem, read by rarity.py.
    "CREATE VIRTUAL TABLE IF NOT EXISTS claims_claim_fts_vocab "
    "USING fts5vocab(claims_claim_fts, 'row')",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_insert AFTER INSERT ON claims_claim BEGIN
        INSERT INTO claims_claim_fts(rowid, text, appearance_words)
        VALUES (new.id, new.text, new.appearance_words); END""",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_delete AFTER DELETE ON claims_claim BEGIN
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, text, appearance_words)
        VALUES ('delete', old.id, old.text, old.appearance_words); END""",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_update
        AFTER UPDATE OF text, appearance_words ON claims_claim BEGIN
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, text, appearance_words)
        VALUES ('delete', old.id, old.text, old.appearance_words);
        INSERT INTO claims_claim_fts(rowid, text, appearance_words)
        VALUES (new.id, new.text, new.appearance_words); END""",
]


def ensure_sqlite_index(using) -> None:
    """Make the FTS5 table and its triggers where they are missing, and fill the table
    from the claims when it was just made (or its triggers were)."""
    if using.vendor != "sqlite":
        return
    with using.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            ["claims_claim_fts_%"],
        )
        whole = cursor.fetchone()[0] == 3
        for statement in _SQLITE_INDEX:
            cursor.execute(statement)
        if not whole:
            cursor.execute("INSERT INTO claims_claim_fts(claims_claim_fts) VALUES ('rebuild')")


def on_post_migrate(sender, *, using="default", **kwargs) -> None:
    from django.db import connections

    ensure_sqlite_index(connections[using])


def term(written: str) -> str:
    """A word as the index is asked for it: plain letters and digits, without case."""
    return re.sub(r"[\W_]", "", written.casefold())


def _terms(text: str) -> list[str]:
    """The text's content words, once each, in order, as plain letters and digits; then its
    Cyrillic words' stems in Latin letters, as prefixes."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word.content:
            plain = term(word.written)
            if plain:
                seen.setdefault(plain, None)
    found = list(seen)[:MAX_TERMS]
    return found + [stem + PREFIX for stem in sorted(crossing_stems(text))][:MAX_TERMS]


def _names(text: str, rare: list[str]) -> list[str]:
    """The text's capitalised words long enough to look up by trigrams, once each, in Latin
    letters (a Cyrillic name as anyascii writes it), of those the index holds rarely or not
    at all (rare, as the lookup's terms): a name spelled another way is one the index does
    not know, and a common capitalised word ("Thursday", "Ukraine") is found as it is, where
    comparing it with the words of thousands of claims costs seconds on PostgreSQL."""
    seen: dict[str, None] = {}
    for word in words(text):
        written = word.written
        if (
            word.content
            and len(written) >= NAME_MIN_LENGTH
            and written[:1].isupper()
            and term(written) in rare
        ):
            seen.setdefault(anyascii(written) if word.crossing else written, None)
    return list(seen)[:MAX_NAMES]


def candidates(text: str, among: QuerySet[Claim], *, limit: int) -> list[tuple[int, float]]:
    """(claim id, rank) of the claims among that share words with text, best first; the
    rank is the index's own (higher is better), for ordering only."""
    terms = _terms(text)
    if not terms:
        return []
    lookup = plan(terms)
    if connection.vendor == "postgresql":
        found = _postgresql(lookup, among, limit)
        known = {pk for pk, _ in found}
        names = _names(text, lookup.alone)
        found += [hit for hit in _trigrams(names, among, limit) if hit[0] not in known]
        return found
    return _sqlite(lookup, among, limit)


class _Words(Func):
    """A claim's text and its appearances' words as one text, written as the expression that
    claim_words_trgm_idx (migration 0018) covers, so the planner uses the index."""

    template = "(COALESCE(%(expressions)s, ''))"
    arg_joiner = ", '') || ' ' || COALESCE("
    output_field = TextField()


class _WordSimilar(Func):
    """pg_trgm's `name <% words`: words hold a word much like name (word similarity at or
    above pg_trgm.word_similarity_threshold, 0.6 unless set)."""

    template = "(%(expressions)s)"
    arg_joiner = " <%% "
    output_field = BooleanField()


def _trigrams(names: list[str], among: QuerySet[Claim], limit: int) -> list[tuple[int, float]]:
    """Claims with a word much like one of names, most alike first."""
    if not names:
        return []
    words_of_claim = _Words(F("text"), F("appearance_words"))
    condition = _WordSimilar(Value(names[0]), words_of_claim)
    for name in names[1:]:
        condition = condition | _WordSimilar(Value(name), words_of_claim)
    alike = [TrigramWordSimilarity(name, words_of_claim) for name in names]
    likeness = Greatest(*alike, output_field=FloatField()) if len(alike) > 1 else alike[0]
    rows = (
        among.annotate(likeness=likeness)
        .filter(condition)
        .order_by("-likeness", "-pk")
        .values_list("pk", "likeness")[:limit]
    )
    return [(pk, float(value)) for pk, value in rows]


class StoredRank(Func):
    """ts_rank of a claim's stored document (PostgreSQL's search_document, migration 0022:
    the expression claim_search_idx indexes) for a query: computing each match's document
    again cost most of the query."""

    template = "ts_rank(claims_claim.search_document, %(expressions)s)"
    output_field = FloatField()


def _postgresql(lookup: Lookup, among: QuerySet[Claim], limit: int) -> list[tuple[int, float]]:
    document = SearchVector("text", "appearance_words", config="english")

    # Raw tsquery, each term a lexeme the English configuration stems (terms are letters
    # and digits alone).
    def lexeme(term: str) -> str:
        return term.removesuffix(PREFIX) + ":*" if term.endswith(PREFIX) else term

    raw = " | ".join(
        [*map(lexeme, lookup.alone), *(f"({lexeme(a)} & {lexeme(b)})" for a, b in lookup.pairs)]
    )
    query = SearchQuery(raw, config="english", search_type="raw")
    # Matched through claim_search_idx, ranked by the stored document.
    rank = StoredRank(query)
    rows = (
        among.annotate(document=document, rank=rank)
        .filter(document=query)
        .order_by("-rank", "-pk")
        .values_list("pk", "rank")[:limit]
    )
    return [(pk, float(rank)) for pk, rank in rows]


def _sqlite(lookup: Lookup, among: QuerySet[Claim], limit: int) -> list[tuple[int, float]]:
    def phrase(term: str) -> str:
        return f'"{term.removesuffix(PREFIX)}"*' if term.endswith(PREFIX) else f'"{term}"'

    match = " OR ".join(
        [
            *map(phrase, lookup.alone),
            *(f"({phrase(a)} AND {phrase(b)})" for a, b in lookup.pairs),
        ]
    )
    with connection.cursor() as cursor:
        # bm25 is lower for better matches; more rows than asked, since among may not
        # hold them all.
        cursor.execute(
            "SELECT rowid, rank FROM claims_claim_fts "
            "WHERE claims_claim_fts MATCH %s ORDER BY rank LIMIT %s",
            [match, limit * 4],
        )
        ranked = [(pk, -float(rank)) for pk, rank in cursor.fetchall()]
    allowed = set(among.filter(pk__in=[pk for pk, _ in ranked]).values_list("pk", flat=True))
    return [(pk, rank) for pk, rank in ranked if pk in allowed][:limit]
