"""Reads for the public site, each in a fixed number of queries whatever the rows.

Every read starts from what `claims.visibility` lets readers see. A claim's date, wherever a
list shows or sorts by it, is its first appearance's.
"""

from .claim_page import claim_page
from .lists import (
    article_claims,
    articles_with_counts,
    claim_rows,
    latest_verdicts,
    published_claims,
    recently_checked_articles,
    track_record,
)
from .search import SORTS, ClaimFilters, public_claimant_named, search_claims

__all__ = [
    "SORTS",
    "ClaimFilters",
    "article_claims",
    "articles_with_counts",
    "claim_page",
    "claim_rows",
    "latest_verdicts",
    "public_claimant_named",
    "published_claims",
    "recently_checked_articles",
    "search_claims",
    "track_record",
]
