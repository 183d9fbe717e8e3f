"""`manage.py archive` (sources/management/commands/archive.py)."""

import pytest
from django.core.management import CommandError, call_command

from sources.models import Capture
from tests.loopback import page
from tests.sources.articles import ARTICLE

pytestmark = pytest.mark.django_db


def test_the_archive_command_captures_in_process_and_prints_each_outcome(
    archive_from_loopback, settings, tmp_path, capsys
):
    settings.MEDIA_ROOT = str(tmp_path)
    loopback = archive_from_loopback
    loopback.route("/ok", page(ARTICLE))
    loopback.route("/gone", page(b"", status=410))
    urls = [loopback.url("/ok"), loopback.url("/gone"), "ftp://example.org/file"]
    with pytest.raises(CommandError, match="2 of 3 URLs were not archived"):
        call_command("archive", *urls, "--sync")
    out = capsys.readouterr().out
    assert "succeeded" in out
    assert "Inside the Donetsk morgue" in out
    assert "410" in out
    assert "Only http:// and https:// addresses" in out
    assert Capture.objects.filter(status="succeeded").count() == 1


def test_the_archive_command_without_waiting_still_fails_for_a_refused_url(
    archive_from_loopback, capsys
):
    good = archive_from_loopback.url("/ok")
    with pytest.raises(CommandError, match="1 of 2 URLs were not archived"):
        call_command("archive", good, "http://[::1", "--no-wait")
    out = capsys.readouterr().out
    assert "queued" in out
    assert "refused" in out
    assert Capture.objects.filter(status="queued").count() == 1


def test_the_archive_command_prints_the_urls_in_the_order_given(archive_from_loopback, capsys):
    first, last = archive_from_loopback.url("/first"), archive_from_loopback.url("/last")
    with pytest.raises(CommandError, match="1 of 3 URLs were not archived"):
        call_command("archive", first, "ftp://example.org/file", last, "--no-wait")
    lines = capsys.readouterr().out.splitlines()[1:]
    assert [line.split()[0] for line in lines] == ["queued", "refused", "queued"]
    assert (first in lines[0], "ftp://example.org/file" in lines[1], last in lines[2]) == (
        True,
        True,
        True,
    )
