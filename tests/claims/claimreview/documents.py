"""ClaimReview documents as other fact-checkers publish them, for the import's tests."""

import pytest

from claims.claimreview import Entry, ImportRefused, claimreview_import
from claims.models import Claim


def review(n: int = 1, **changes) -> dict:
    """A ClaimReview as another fact-checker would publish it."""
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example.net/reviews/{n}",
        "claimReviewed": f"Bread prices doubled in year {n}.",
        "datePublished": f"2024-03-{n % 28 + 1:02d}",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Minister"},
            "datePublished": "2024-02-28",
            "appearance": {
                "@type": "CreativeWork",
                "url": f"https://news.example.org/bread-{n}?utm_source=feed",
                "headline": "Bread prices",
                "publisher": {"@type": "Organization", "name": "Example News"},
            },
        },
    }
    data.update(changes)
    return data


def rated(rating: dict, n: int = 1) -> dict:
    return review(n, reviewRating={"@type": "Rating", **rating})


def work(url: str, headline: str = "", **fields) -> dict:
    """A CreativeWork the reviewed claim appeared in."""
    return {"@type": "CreativeWork", "url": url, "headline": headline, **fields}


def appearing(n: int = 1, **item_reviewed) -> dict:
    """A review whose itemReviewed says where the claim appeared with item_reviewed."""
    data = review(n)
    del data["itemReviewed"]["appearance"]
    data["itemReviewed"].update(item_reviewed)
    return data


def refusals(document: object, *, by) -> list[Entry]:
    """The refused entries of a document that an import refuses whole."""
    with pytest.raises(ImportRefused) as refused:
        claimreview_import(document=document, by=by)
    return refused.value.refused


def imported_appearances() -> list[tuple[str, object]]:
    claim = Claim.objects.get()
    return [
        (a.source.url, a.made_on) for a in claim.appearances.select_related("source").order_by("pk")
    ]
