"""manage.py suggest_claims reads the articles archived before suggestions existed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import SuggestedClaim, SuggestionRun

from .conftest import archived

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("suggest_claims", *args, stdout=out)
    return out.getvalue()


def test_it_reads_the_articles_never_read_and_then_none():
    source = archived()
    said = _run()
    assert f"source {source.pk}: " in said
    assert SuggestedClaim.objects.filter(source=source).exists()
    assert SuggestionRun.objects.filter(source=source).exists()
    assert _run().strip() == "0 suggestions."


def test_a_source_by_id_and_an_unknown_one():
    source = archived()
    assert f"source {source.pk}: " in _run("--source", str(source.pk))
    with pytest.raises(CommandError, match="No source with the id 999999"):
        _run("--source", "999999")
