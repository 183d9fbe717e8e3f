"""An article archived by a real worker from a loopback server is read for claims by the
worker, and its suggestions are there for researchers without anyone asking."""

import html

import pytest

from claims.models import SuggestedClaim, SuggestionRun
from sources.services import source_create
from tests.loopback import page
from tests.workers import wait_for

from .conftest import PARAGRAPHS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _article_page() -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS[1:])
    return (
        "<html><head><title>Shelling Hits Hospital</title></head><body><article>"
        f"<h1>Shelling Hits Hospital as Talks Stall in Minsk</h1>{paragraphs}"
        "</article></body></html>"
    ).encode()


def test_an_archived_article_is_read_for_claims_by_the_worker(
    filesystem_broker, loopback, researcher
):
    loopback.route("/article", page(_article_page()))
    worker = filesystem_broker.start_worker(
        ARCHIVE_ALLOWED_NETWORKS="127.0.0.0/8", ARCHIVE_ALLOWED_PORTS=f"80,443,{loopback.port}"
    )
    source, _ = source_create(url=loopback.url("/article"), by=researcher, kind="article")
    # Generous: on a loaded 2-core machine a worker's start alone has taken half a minute.
    assert wait_for(lambda: SuggestionRun.objects.filter(source=source).exists(), timeout=120), (
        worker.output()
    )
    run = SuggestionRun.objects.get(source=source)
    suggested = SuggestedClaim.objects.filter(source=source)
    assert run.suggested == suggested.count() > 3
    fled = suggested.get(sentence__startswith="At least 344,000")
    assert fled.capture.text[fled.start : fled.end] == fled.sentence
    assert fled.claimant_name == "United Nations"
