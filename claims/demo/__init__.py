"""The demo data: the seed article (VICE News, 26 August 2014) and the claims logged from it,
loaded by `manage.py load_demo` (seed: what the article carries; load: how it is logged)."""

from .load import ACCOUNTS, CORRECTION_NOTE, VERDICTS, DemoVerdict, load_demo
from .seed import (
    ARTICLE,
    ARTICLE_DATE,
    CLAIMANT_NAMES,
    CLAIMANTS,
    TOPICS,
    DemoAppearance,
    DemoClaim,
)
from .seed_claims import CLAIMS

__all__ = [
    "ACCOUNTS",
    "ARTICLE",
    "ARTICLE_DATE",
    "CLAIMANTS",
    "CLAIMANT_NAMES",
    "CLAIMS",
    "CORRECTION_NOTE",
    "TOPICS",
    "VERDICTS",
    "DemoAppearance",
    "DemoClaim",
    "DemoVerdict",
    "load_demo",
]
