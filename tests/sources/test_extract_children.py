"""Text is read in child processes (sources/extract/children.py): off the worker's
interpreter lock, and stopped when a page takes too long, as real pages sometimes do."""

import logging
import os
import signal
import threading
import time

import pytest
from warcio.archiveiterator import ArchiveIterator

from sources import extract as extract_module
from sources.extract.children import Children
from sources.extract.readers import Limits
from sources.models import Capture
from sources.services import capture_request, capture_run
from tests.factories import SourceFactory
from tests.loopback import page
from tests.loopback.articles import article
from tests.workers import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A 2 MB table of 100,000 cells: several seconds of trafilatura (34 s on a slower page).
TABLE = (
    "<html><head><title>Results by polling station</title></head><body><table>"
    + "".join(
        "<tr>" + "".join(f"<td>station {r} cell {c}</td>" for c in range(10)) + "</tr>"
        for r in range(10_000)
    )
    + "</table></body></html>"
).encode()


@pytest.fixture
def pool(monkeypatch):
    """Text readers of this test's own, so a test may kill them."""
    readers = Children(2)
    monkeypatch.setattr(extract_module, "children", lambda: readers)
    yield readers
    readers.close()


def _capture(loopback, path: str, body: bytes) -> Capture:
    loopback.route(path, page(body))
    source = SourceFactory(url=loopback.url(path))
    return capture_run(capture_id=capture_request(source=source, send=False).pk)


def _archived(capture: Capture) -> list[bytes]:
    with open(capture.warc.path, "rb") as warc:
        return [
            r.content_stream().read() for r in ArchiveIterator(warc) if r.rec_type == "response"
        ]


def test_a_page_whose_text_takes_too_long_keeps_its_warc_and_the_next_page_is_read(
    archive_from_loopback, media, pool, settings, caplog
):
    settings.ARCHIVE_EXTRACT_SECONDS = 1
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="sources.extract"):
        slow = _capture(archive_from_loopback, "/stations", TABLE)
    took = time.monotonic() - started

    assert slow.status == Capture.Status.SUCCEEDED
    assert _archived(slow) == [TABLE]
    assert slow.title == slow.text == ""
    assert "reading took longer than 1 seconds (ARCHIVE_EXTRACT_SECONDS)" in caplog.text
    assert took < 5, "stopped at the limit, not after the whole reading"

    fine = _capture(archive_from_loopback, "/article", article(1))
    assert "(report 1)" in fine.title
    assert "by accident" in fine.text or "said on Tuesday" in fine.text


def test_a_reader_killed_mid_reading_costs_that_page_its_text_and_nothing_else(
    archive_from_loopback, media, pool, settings, caplog
):
    settings.ARCHIVE_EXTRACT_SECONDS = 30
    done: list[Capture] = []
    with caplog.at_level(logging.WARNING, logger="sources.extract"):
        capturing = threading.Thread(
            target=lambda: done.append(_capture(archive_from_loopback, "/stations", TABLE))
        )
        capturing.start()
        assert wait_for(lambda: pool.pids, timeout=20), "a reader started"
        (reader,) = pool.pids
        time.sleep(0.5)  # inside the reading, which takes seconds
        os.kill(reader, signal.SIGKILL)
        capturing.join(30)

    (killed,) = done
    assert killed.status == Capture.Status.SUCCEEDED
    assert _archived(killed) == [TABLE]
    assert killed.text == ""
    assert "ended without an answer (exit code -9" in caplog.text
    assert reader not in pool.pids

    after = _capture(archive_from_loopback, "/article", article(2))
    assert "(report 2)" in after.title
    assert after.text


def test_readings_run_in_other_processes_side_by_side(media, pool, tmp_path, settings):
    settings.ARCHIVE_EXTRACT_SECONDS = 30
    pages = []
    for n in range(2):
        pages.append(tmp_path / f"table-{n}.html")
        pages[-1].write_bytes(TABLE)
    threads = [
        threading.Thread(
            target=extract_module.extract, args=(p,), kwargs={"content_type": "text/html"}
        )
        for p in pages
    ]
    for thread in threads:
        thread.start()
    assert wait_for(lambda: len(pool.pids) == 2, timeout=20), pool.pids
    assert os.getpid() not in pool.pids
    for thread in threads:
        thread.join(60)
    found = extract_module.extract(pages[0], content_type="text/html")
    assert "station 9999 cell 9" in found.text
    assert len(pool.pids) == 2, "the same two readers, kept warm"


def test_when_every_reader_is_busy_a_capture_waits_no_longer_than_the_limit(
    media, monkeypatch, tmp_path, settings, caplog
):
    readers = Children(1)
    monkeypatch.setattr(extract_module, "children", lambda: readers)
    settings.ARCHIVE_EXTRACT_SECONDS = 1
    table = tmp_path / "table.html"
    table.write_bytes(TABLE)
    small = tmp_path / "article.html"
    small.write_bytes(article(3))
    try:
        # The one reader busy for longer than a capture waits (a reading of its own limit).
        job = (table, "text/html", "", Limits(pdf_pages=1, pdf_chars=1))
        busy = threading.Thread(target=readers.run, args=(job,), kwargs={"seconds": 30})
        busy.start()
        assert wait_for(lambda: readers.pids, timeout=20)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="sources.extract"):
            found = extract_module.extract(small, content_type="text/html")
        assert time.monotonic() - started < 3
        assert found.text == ""
        assert "all 1 text readers were busy for 1 seconds" in found.note
        busy.join(30)
        assert "(report 3)" in extract_module.extract(small, content_type="text/html").title
    finally:
        readers.close()


def test_warming_starts_the_readers_not_lent_out_and_the_readings_use_them(
    media, pool, tmp_path, settings
):
    settings.ARCHIVE_EXTRACT_SECONDS = 30
    table, article_page = tmp_path / "table.html", tmp_path / "article.html"
    table.write_bytes(TABLE)
    article_page.write_bytes(article(3))
    reading = threading.Thread(
        target=extract_module.extract, args=(table,), kwargs={"content_type": "text/html"}
    )
    reading.start()
    assert wait_for(lambda: len(pool.pids) == 1, timeout=20), "a reader is lent out"

    pool.warm()

    assert len(pool.pids) == 2, "the other one started beside it, and no more"
    reading.join(60)
    warm = set(pool.pids)
    pool.warm()
    assert extract_module.extract(article_page, content_type="text/html").text
    assert pool.pids == warm, "no reader started again: the readings took the warm ones"
