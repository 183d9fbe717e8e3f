"""Link health and drift: rechecks on a schedule, changed pages with a word diff, gone pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Appearance, QuoteStatus
from sources.health import word_diff
from sources.models import Capture, Source
from sources.services import capture_request, capture_run, recheck_due_sources
from tests.factories import CaptureFactory, ClaimFactory, SourceFactory
from tests.loopback import page
from tests.workers import wait_for

PAGE = (
    "<html><head><title>Grain corridor</title></head><body><article><p>The first ship left "
    "Odesa on Monday carrying 26,000 tonnes of maize, the ministry said.</p><p>Two more are "
    "expected to sail this week if the weather holds.</p></article></body></html>"
)
QUOTE = "carrying 26,000 tonnes of maize"


def test_a_word_diff_shows_removed_and_added_words_with_context():
    old = " ".join(f"w{i}" for i in range(100)) + " carrying 26,000 tonnes"
    new = " ".join(f"w{i}" for i in range(100)) + " carrying 12,000 tonnes"
    pieces = [(p.op, p.text) for p in word_diff(old, new, context=3)]
    assert pieces == [
        ("=", "… w98 w99 carrying"),
        ("-", "26,000"),
        ("+", "12,000"),
        ("=", "tonnes"),
    ]
    assert [(p.op, p.text) for p in word_diff("same words", "same  words")] == [("=", "same words")]


def _recapture(source: Source) -> Capture:
    return capture_run(capture_id=capture_request(source=source, send=False).pk)


@pytest.mark.django_db
def test_health_follows_the_latest_capture(archive_from_loopback, media):
    server = archive_from_loopback
    server.route("/grain", page(PAGE.encode()))
    source = SourceFactory(url=server.url("/grain"))
    assert source.health == Source.Health.UNCHECKED
    _recapture(source)
    source.refresh_from_db()
    assert source.health == Source.Health.OK
    assert source.health_checked_at is not None

    server.route("/grain", page(PAGE.replace("26,000", "12,000").encode()))
    _recapture(source)
    source.refresh_from_db()
    assert source.health == Source.Health.CHANGED
    _recapture(source)
    source.refresh_from_db()
    assert source.health == Source.Health.CHANGED, "still not the page we first archived"

    server.route("/grain", page(b"forbidden", status=403))
    _recapture(source)
    source.refresh_from_db()
    assert source.health == Source.Health.ERROR

    server.route("/grain", page(b"gone", status=410))
    _recapture(source)
    source.refresh_from_db()
    assert source.health == Source.Health.GONE


@pytest.mark.django_db
def test_a_host_name_that_no_longer_exists_is_gone(archive_from_loopback, stub_dns, media):
    source = SourceFactory(url=f"http://vanished.example:{archive_from_loopback.port}/story")
    capture = _recapture(source)
    assert capture.error_code == Capture.ErrorCode.DNS
    source.refresh_from_db()
    assert source.health == Source.Health.GONE


@pytest.mark.django_db
def test_rechecks_queue_due_sources_a_share_at_a_time(settings):
    settings.ARCHIVE_RECHECK_DAYS = 1  # 24 runs a period: each queues 2 of every 24 sources
    now = timezone.now()
    due = []
    for n in range(30):
        capture = CaptureFactory(status=Capture.Status.SUCCEEDED)
        Capture.objects.filter(pk=capture.pk).update(requested_at=now - timedelta(days=2, hours=n))
        due.append(capture.source)
    fresh = CaptureFactory(status=Capture.Status.SUCCEEDED).source
    busy = CaptureFactory(status=Capture.Status.QUEUED).source
    Capture.objects.filter(source=busy).update(requested_at=now - timedelta(days=3))

    assert recheck_due_sources() == 3  # twice 32 sources / 24 runs, rounded up
    queued = set(Capture.objects.filter(status="queued").values_list("source_id", flat=True))
    oldest = {s.pk for s in due[-3:]}
    assert queued == oldest | {busy.pk}, "the longest unchecked go first"
    assert fresh.pk not in queued
    assert set(Source.objects.due_for_recheck().values_list("pk", flat=True)) == {
        s.pk for s in due[:-3]
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_verifies_the_quote_then_sees_the_page_change_and_go(
    filesystem_broker, loopback, settings, researcher_client
):
    loopback.route("/grain", page(PAGE.encode()))
    filesystem_broker.start_worker(
        ARCHIVE_ALLOWED_NETWORKS="127.0.0.0/8", ARCHIVE_ALLOWED_PORTS=f"80,443,{loopback.port}"
    )
    source = SourceFactory(url=loopback.url("/grain"))
    claim = ClaimFactory(appearance=source, quote=QUOTE)
    capture_request(source=source)  # committed at once: this test has no transaction

    def quote_status() -> str:
        return Appearance.objects.get(pk=claim.first_appearance_id).quote_status

    assert wait_for(lambda: quote_status() == QuoteStatus.VERIFIED, timeout=30)
    html = researcher_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content
    assert b"<mark>carrying 26,000 tonnes of maize</mark>" in html

    def health() -> str:
        return Source.objects.get(pk=source.pk).health

    settings.ARCHIVE_RECHECK_DAYS = 0  # everything is due
    loopback.route("/grain", page(PAGE.replace("26,000", "12,000").encode()))
    assert recheck_due_sources() == 1
    assert wait_for(lambda: health() == Source.Health.CHANGED, timeout=30)
    latest = source.captures.latest()
    html = researcher_client.get(reverse("sources:archive", args=[latest.pk])).content.decode()
    assert "<del>26,000</del>" in html
    assert "<ins>12,000</ins>" in html
    assert quote_status() == QuoteStatus.VERIFIED, "still verified, in the first copy"
    at_risk = researcher_client.get(reverse("admin:claims_claim_changelist") + "?evidence=at-risk")
    assert claim.text in at_risk.content.decode()

    del loopback.routes["/grain"]
    assert recheck_due_sources() == 1
    assert wait_for(lambda: health() == Source.Health.GONE, timeout=30)
