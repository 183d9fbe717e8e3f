"""Logging a suggested claim: what its claim, claimant or chain may not hold is refused as
SuggestionInvalid, naming the field, and nothing of it is written."""

import pytest

from claims.models import Attribution, Claim, Claimant, SuggestedClaim
from claims.services import SuggestionInvalid, claimant_for, suggestion_log
from claims.suggestions.build import suggest_for_source
from tests.claims.suggestions.conftest import archived

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion():
    source = archived()
    suggest_for_source(source)
    return SuggestedClaim.objects.get(source=source, sentence__startswith="Reuters cited")


def test_a_verb_too_long_for_its_hop_is_refused_and_nothing_is_logged(suggestion, researcher):
    reuters = Claimant.objects.create(name="Reuters", slug="reuters", kind="media")
    with pytest.raises(SuggestionInvalid) as refused:
        suggestion_log(
            suggestion=suggestion,
            by=researcher,
            text="The soldiers crossed the border by accident.",
            claimant=reuters,
            quote=suggestion.sentence,
            chain=[(reuters, "citing, in a report put out on its own website")],
        )
    assert refused.value.field == "chain"
    assert "Hop 1 of the chain, “Reuters (citing" in str(refused.value)
    assert "at most 40 characters" in str(refused.value)
    assert not Claim.objects.exists()
    assert not Attribution.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.status == "open"


def test_a_claimant_named_with_a_bidi_control_is_refused(researcher):
    with pytest.raises(SuggestionInvalid) as refused:
        claimant_for(name="Olena \u202eKravets", kind="person", by=researcher)
    assert refused.value.field == "claimant_name"
    assert str(refused.value).startswith("The claimant “Olena Kravets”: ")
    assert "U+202E RLO" in str(refused.value)
    assert not Claimant.objects.exists()
