"""Dedupe: an unchanged page is stored as a WARC revisit record, and still plays back."""

import base64
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from sources.models import Capture
from sources.playback import open_playback
from sources.services import capture_request, capture_run
from tests.factories import SourceFactory
from tests.loopback import page

pytestmark = pytest.mark.django_db

WARCIO = str(Path(sys.executable).with_name("warcio"))
BODY = b"<html><head><title>Ilovaisk</title></head><body><article><p>%s</p></article></body>"
FIELDS = "warc-type,warc-record-id,warc-date,warc-profile,warc-refers-to,warc-refers-to-target-uri"
FIELDS += ",warc-refers-to-date,warc-payload-digest,http:status"


# Incompressible filler, so the size of a WARC shows whether it holds the body.
FILLER = base64.b64encode(random.Random(7).randbytes(30_000))  # noqa: S311 - filler


def _body(words: str = "The column crossed the border at dawn.") -> bytes:
    return BODY % (words.encode() + b" <!-- " + FILLER + b" -->")


def _recapture(source) -> Capture:
    return capture_run(capture_id=capture_request(source=source, send=False).pk)


def _index(capture: Capture) -> list[dict]:
    path = capture.warc.path
    check = subprocess.run([WARCIO, "check", "-v", path], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run(
        [WARCIO, "index", "-f", FIELDS, path], capture_output=True, text=True, check=True
    )
    return [json.loads(line) for line in index.stdout.splitlines()]


@pytest.fixture
def source(archive_from_loopback, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    archive_from_loopback.route("/story", page(_body()))
    return SourceFactory(url=archive_from_loopback.url("/story"))


def test_an_unchanged_page_is_stored_as_a_revisit_of_the_first_copy(source):
    first = _recapture(source)
    second = _recapture(source)

    assert second.status == Capture.Status.SUCCEEDED
    assert second.revisit_of == first
    assert first.revisit_of is None
    original = _index(first)
    revisit = _index(second)
    assert [r["warc-type"] for r in revisit] == ["warcinfo", "request", "revisit"]
    response, visit = original[2], revisit[2]
    assert visit["warc-profile"] == (
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
    )
    assert visit["warc-refers-to"] == response["warc-record-id"] == first.warc_record_id
    assert visit["warc-refers-to-target-uri"] == source.url
    assert visit["warc-refers-to-date"] == response["warc-date"]
    assert visit["warc-payload-digest"] == response["warc-payload-digest"]
    assert visit["http:status"] == "200"
    assert Path(second.warc.path).stat().st_size < Path(first.warc.path).stat().st_size / 2
    with open(second.warc.path, "rb") as stream:
        record = next(r for r in ArchiveIterator(stream) if r.rec_type == "revisit")
        assert record.content_stream().read() == b"", "the revisit holds no second body"


def test_a_third_identical_capture_refers_to_the_copy_that_holds_the_body(source):
    first = _recapture(source)
    _recapture(source)
    third = _recapture(source)
    assert third.revisit_of == first
    assert _index(third)[2]["warc-refers-to"] == first.warc_record_id


def test_playback_of_a_revisit_streams_the_original_payload(source):
    _recapture(source)
    second = _recapture(source)
    playback = open_playback(second)
    assert playback.http_headers.get_statuscode() == "200"
    assert playback.is_html
    assert b"".join(playback.body) == _body()


def test_a_changed_page_is_stored_in_full_and_not_as_a_revisit(source, archive_from_loopback):
    _recapture(source)
    archive_from_loopback.route("/story", page(_body("The column turned back.")))
    changed = _recapture(source)
    assert changed.revisit_of is None
    assert [r["warc-type"] for r in _index(changed)] == ["warcinfo", "request", "response"]
    assert b"".join(open_playback(changed).body) == _body("The column turned back.")
    again = _recapture(source)
    assert again.revisit_of == changed, "a revisit refers to the last good copy, not the first"
