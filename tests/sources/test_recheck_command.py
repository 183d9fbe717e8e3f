"""manage.py recheck: an operator recaptures due, named or all sources and sees what happened."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sources.models import Capture, Source
from sources.services import capture_request, capture_run
from tests.factories import SourceFactory
from tests.loopback import page

ARTICLE = (
    "<html><head><title>Grain corridor</title></head><body><article><p>The first ship left "
    "Odesa on Monday carrying 26,000 tonnes of maize, the ministry said.</p><p>Two more are "
    "expected to sail this week if the weather holds.</p></article></body></html>"
)


@pytest.fixture
def server(archive_from_loopback, media, settings):
    settings.ARCHIVE_RECHECK_DAYS = 7
    return archive_from_loopback


def _archived(server, path: str, *, days_ago: float) -> Source:
    """A source on the loopback server, captured once for real, asked for days_ago."""
    server.route(path, page(ARTICLE.encode()))
    source = SourceFactory(url=server.url(path))
    capture = capture_run(capture_id=capture_request(source=source, send=False).pk)
    assert capture.status == Capture.Status.SUCCEEDED
    Capture.objects.filter(pk=capture.pk).update(
        requested_at=timezone.now() - timedelta(days=days_ago)
    )
    return source


def _row(out: str, text: str) -> list[str]:
    """The words of the one table row that mentions text."""
    rows = [line for line in out.splitlines() if text in line]
    assert len(rows) == 1, out
    return rows[0].split()


@pytest.mark.django_db
def test_it_recaptures_the_sources_due_and_no_others(server, capsys):
    due = _archived(server, "/old", days_ago=8)
    fresh = _archived(server, "/new", days_ago=1)

    call_command("recheck", "--sync")

    out = capsys.readouterr().out
    assert _row(out, due.url)[:4] == [str(due.pk), "succeeded", "200", "ok"]
    assert fresh.url not in out
    assert "1 source: 1 succeeded; link health now: 1 ok." in out
    assert due.captures.filter(status=Capture.Status.SUCCEEDED).count() == 2
    assert fresh.captures.count() == 1
    assert not Source.objects.due_for_recheck().exists()


@pytest.mark.django_db
def test_with_nothing_due_it_says_so(server, capsys):
    _archived(server, "/new", days_ago=1)
    call_command("recheck", "--sync")
    assert capsys.readouterr().out.strip() == "No source is due for a recheck."
    assert Capture.objects.count() == 1


@pytest.mark.django_db
def test_all_recaptures_every_source_due_or_not(server, capsys):
    due = _archived(server, "/old", days_ago=8)
    fresh = _archived(server, "/new", days_ago=1)

    call_command("recheck", "--all", "--sync")

    out = capsys.readouterr().out
    assert _row(out, due.url)[1] == "succeeded"
    assert _row(out, fresh.url)[1] == "succeeded"
    assert "2 sources: 2 succeeded" in out
    assert due.captures.count() == fresh.captures.count() == 2


@pytest.mark.django_db
def test_a_dry_run_lists_what_would_be_recaptured_and_changes_nothing(server, capsys):
    due = _archived(server, "/old", days_ago=8)
    fresh = _archived(server, "/new", days_ago=1)
    requests = len(server.requests)

    call_command("recheck", "--dry-run", "--sync")
    out = capsys.readouterr().out
    assert "would recapture" in " ".join(_row(out, due.url))
    assert fresh.url not in out

    call_command("recheck", "--all", "--dry-run", "--sync")
    out = capsys.readouterr().out
    assert "would recapture" in " ".join(_row(out, due.url))
    assert "would recapture" in " ".join(_row(out, fresh.url))
    assert "2 sources: 2 would recapture; link health now: 2 ok." in out

    assert Capture.objects.count() == 2
    assert len(server.requests) == requests, "nothing was fetched"
    assert list(Source.objects.due_for_recheck()) == [due]


@pytest.mark.django_db
def test_named_sources_are_found_by_id_or_by_url_as_sources_normalise_it(server, capsys):
    by_url = _archived(server, "/by-url", days_ago=1)
    by_id = _archived(server, "/by-id", days_ago=1)
    other = _archived(server, "/other", days_ago=8)

    pasted = by_url.url + "?utm_source=newsletter#top"
    call_command("recheck", "--sync", pasted, str(by_id.pk), by_url.url)

    out = capsys.readouterr().out
    assert _row(out, by_url.url)[:2] == [str(by_url.pk), "succeeded"]
    assert _row(out, by_id.url)[:2] == [str(by_id.pk), "succeeded"]
    assert other.url not in out, "only the sources named, though another is due"
    assert by_url.captures.count() == by_id.captures.count() == 2
    assert other.captures.count() == 1


@pytest.mark.django_db
def test_an_unknown_url_or_id_is_an_error_on_its_row_and_the_others_still_run(server, capsys):
    known = _archived(server, "/known", days_ago=1)
    missing = server.url("/never-archived")

    with pytest.raises(CommandError, match="3 of 4 rechecks failed"):
        call_command("recheck", "--sync", missing, "999999", "ftp://example.org/f", known.url)

    out = capsys.readouterr().out
    assert "No source with this URL; use manage.py archive to add it." in out
    assert _row(out, missing)[:2] == ["not", "found"]
    assert "No source with this id." in " ".join(_row(out, "999999"))
    assert "Only http:// and https:// addresses" in " ".join(_row(out, "ftp://"))
    assert _row(out, known.url)[1] == "succeeded"
    assert Source.objects.count() == 1, "recheck adds no sources"


@pytest.mark.django_db
def test_naming_sources_and_all_at_once_is_refused(server):
    source = _archived(server, "/old", days_ago=8)
    with pytest.raises(CommandError, match="not both"):
        call_command("recheck", "--all", source.url)
    assert source.captures.count() == 1


@pytest.mark.django_db
def test_a_source_already_queued_is_reported_and_not_queued_again(server, capsys):
    busy = _archived(server, "/busy", days_ago=8)
    idle = _archived(server, "/idle", days_ago=8)
    queued = capture_request(source=busy, send=False)

    call_command("recheck", "--all", "--sync")

    out = capsys.readouterr().out
    row = " ".join(_row(out, busy.url))
    assert "already queued" in row
    assert f"Capture {queued.pk} is queued; not queued again." in row
    assert _row(out, idle.url)[1] == "succeeded"
    assert "2 sources: 1 already queued, 1 succeeded; link health now: 2 ok." in out
    assert busy.captures.count() == 2
    queued.refresh_from_db()
    assert queued.status == Capture.Status.QUEUED, "left to the worker it was queued for"

    call_command("recheck", "--sync", busy.url)
    assert "already queued" in capsys.readouterr().out
    assert busy.captures.count() == 2


@pytest.mark.django_db
def test_a_page_that_now_fails_makes_the_command_fail_and_says_why(server, capsys):
    source = _archived(server, "/story", days_ago=8)
    server.route("/story", page(b"gone", status=404))

    with pytest.raises(CommandError, match="1 of 1 rechecks failed"):
        call_command("recheck", "--sync")

    out = capsys.readouterr().out
    row = _row(out, source.url)
    assert row[:4] == [str(source.pk), "failed", "404", "gone"]
    assert "http_status:" in row
    assert "link health now: 1 gone" in out


@pytest.mark.django_db
def test_a_page_edited_since_it_was_archived_shows_as_changed(server, capsys):
    source = _archived(server, "/story", days_ago=8)
    server.route("/story", page(ARTICLE.replace("26,000", "12,000").encode()))

    call_command("recheck", "--sync")

    out = capsys.readouterr().out
    assert _row(out, source.url)[:4] == [str(source.pk), "succeeded", "200", "changed"]
    assert "link health now: 1 changed" in out
    source.refresh_from_db()
    assert source.health == Source.Health.CHANGED


@pytest.mark.django_db
def test_no_wait_queues_the_recaptures_and_returns(server, capsys):
    source = _archived(server, "/old", days_ago=8)
    requests = len(server.requests)

    call_command("recheck", "--no-wait")

    assert _row(capsys.readouterr().out, source.url)[1] == "queued"
    assert source.captures.filter(status=Capture.Status.QUEUED).count() == 1
    assert len(server.requests) == requests


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_waits_for_a_real_worker_to_recapture(filesystem_broker, loopback, capsys):
    loopback.route("/story", page(ARTICLE.encode()))
    filesystem_broker.start_worker(
        ARCHIVE_ALLOWED_NETWORKS="127.0.0.0/8", ARCHIVE_ALLOWED_PORTS=f"80,443,{loopback.port}"
    )
    never_captured = SourceFactory(url=loopback.url("/story"))

    call_command("recheck", "--timeout", "30")

    out = capsys.readouterr().out
    assert _row(out, never_captured.url)[:4] == [
        str(never_captured.pk),
        "succeeded",
        "200",
        "ok",
    ]
    assert never_captured.captures.get().status == Capture.Status.SUCCEEDED
