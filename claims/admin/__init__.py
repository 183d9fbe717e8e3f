"""The Django admin researchers and reviewers work in: one module a family of pages.

Importing the package registers every page (the admin's autodiscovery imports it).
"""

from . import (
    appearances,
    articles,
    claimants,
    claims,
    discrepancies,
    proposals,
    reference,
    verdicts,
)

__all__ = [
    "appearances",
    "articles",
    "claimants",
    "claims",
    "discrepancies",
    "proposals",
    "reference",
    "verdicts",
]
