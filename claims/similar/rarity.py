"""Which of a typed text's words to look up in the full-text index, by how rare they are.

A tracker's claims about one war share their words: at 100,000 claims "Ukraine" or "border"
is in tens of thousands of rows, and an index query for any of a quote's words ranks most
of the table (over 100 ms on SQLite, more on PostgreSQL). So the query asks for the rare
words alone, or for any two of the rarer ones together: the claims worth scoring share a
name, a place or a figure with the text, or two of its less common words.

How many claims hold a word comes from the index itself: SQLite's fts5vocab table over
the FTS5 table (exact), or PostgreSQL's statistics of `claim_search_idx` (ANALYZE keeps the
commonest lexemes of the indexed expression and their frequencies in pg_stats; a word not
among them is rarer than the least common that is).
"""

import time
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import Stemmer
from django.db import connection

# A word in at most this share of the claims is looked up alone.
ALONE_UP_TO = 0.005
# Claims, below which every word is looked up alone: ranking them all is cheap.
SMALL_TABLE = 5_000
# Words taken pairwise, the rarest first: five give ten pairs (six words, fifteen pairs,
# cost nearly twice the time at 100,000 claims; four, six pairs, find fewer claims).
PAIRED = 5
# PostgreSQL's statistics change with ANALYZE, not with each claim: read them this seldom.
STATISTICS_SECONDS = 300.0


@dataclass
class Lookup:
    """The words to look up alone, and the pairs of words to look up together."""

    alone: list[str]
    pairs: list[tuple[str, str]]


@cache
def _stemmer(name: str):
    return Stemmer.Stemmer(name)


def plan(terms: list[str]) -> Lookup:
    """How to look up terms (a text's content words, once each): every word alone on a small
    table or for a short text; otherwise the rare words alone and the rarer ones in pairs."""
    if len(terms) <= 2:
        return Lookup(alone=list(terms), pairs=[])
    shares, claims = _shares(terms)
    if claims < SMALL_TABLE:
        return Lookup(alone=list(terms), pairs=[])
    rarest = sorted(terms, key=lambda term: shares.get(term, 0.0))
    alone = [term for term in rarest if shares.get(term, 0.0) <= ALONE_UP_TO]
    paired = [term for term in rarest if term not in alone][:PAIRED]
    # A rare word alone already finds every claim a pair with it would.
    return Lookup(alone=alone, pairs=list(combinations(paired, 2)))


def _shares(terms: list[str]) -> tuple[dict[str, float], int]:
    """(share of the claims holding each term, as far as the index knows; the claims)."""
    if connection.vendor == "postgresql":
        return _postgresql_shares(terms)
    return _sqlite_shares(terms)


def _sqlite_shares(terms: list[str]) -> tuple[dict[str, float], int]:
    # The FTS5 table's tokenizer is porter over unicode61: the same stems.
    porter = _stemmer("porter")
    # A prefix ("poroshenk*") is counted as the word it is (the claims it finds are more).
    stems = {term: porter.stemWord(term.rstrip("*")) for term in terms}
    claims = _sqlite_claims()
    with connection.cursor() as cursor:
        wanted = sorted(set(stems.values()))
        marks = ", ".join(["%s"] * len(wanted))
        cursor.execute(
            f"SELECT term, doc FROM claims_claim_fts_vocab WHERE term IN ({marks})",  # noqa: S608
            wanted,
        )
        documents = dict(cursor.fetchall())
    if not claims:
        return {}, 0
    return {term: documents.get(stem, 0) / claims for term, stem in stems.items()}, claims


_statistics: dict[str, object] = {"read": float("-inf"), "alias": None}
_counted: dict[str, object] = {"read": float("-inf"), "alias": None}


def _sqlite_claims() -> int:
    """How many claims there are, counted at most every STATISTICS_SECONDS per process and
    database: the count decides only whether the table is small, and it grows slowly.
    (The highest id will not do: deleted claims and rolled-back tests leave it far above.)"""
    alias = connection.alias
    now = time.monotonic()
    if _counted["alias"] != alias or now - _counted["read"] >= STATISTICS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM claims_claim")
            _counted.update(read=now, alias=alias, value=cursor.fetchone()[0])
    return _counted["value"]


def _postgresql_statistics() -> tuple[dict[str, float], float, int]:
    """(lexeme → share, the least share listed, the claims) from pg_stats, read at most
    every STATISTICS_SECONDS per process and database."""
    alias = connection.alias
    now = time.monotonic()
    if _statistics["alias"] == alias and now - _statistics["read"] < STATISTICS_SECONDS:
        return _statistics["value"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs "
            "FROM pg_stats WHERE tablename = 'claim_search_idx'"
        )
        row = cursor.fetchone()
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'claims_claim'")
        tuples = cursor.fetchone()
    claims = max(int(tuples[0]) if tuples else 0, 0)
    lexemes, least = {}, 0.0
    if row and row[0]:
        # The frequencies list ends with the least, the greatest and the null share.
        frequencies = row[1][: len(row[0])]
        lexemes = dict(zip(row[0], frequencies, strict=True))
        least = min(frequencies)
    value = (lexemes, least, claims)
    _statistics.update(read=now, alias=alias, value=value)
    return value


def _postgresql_shares(terms: list[str]) -> tuple[dict[str, float], int]:
    lexemes, least, claims = _postgresql_statistics()
    if not lexemes:
        # Never analysed (a new table): nothing is known, every word is looked up alone.
        return {}, 0
    english = _stemmer("english")
    # A word missing from the commonest is rarer than the least of them.
    return {
        term: lexemes.get(english.stemWord(term.rstrip("*")), least / 2) for term in terms
    }, claims
