"""Fixtures for the public site's tests: claims that appeared in more than one place."""

import pytest

from claims.services import appearance_add
from tests.factories import SourceFactory


@pytest.fixture
def appear(reviewer):
    """appear(claim, source=None, **fields): another appearance of claim, added as a
    reviewer adds one (on a published claim, only a reviewer may); a new source unless
    one is given."""

    def _appear(claim, source=None, **fields):
        fields.setdefault("quote", f"other words of {claim.text}")
        return appearance_add(claim=claim, by=reviewer, source=source or SourceFactory(), **fields)

    return _appear
