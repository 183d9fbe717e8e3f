import io
import logging
import multiprocessing
import time

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from warcio.archiveiterator import ArchiveIterator

from sources import extract as extract_module
from sources.extract import extract
from sources.models import Capture
from sources.services import capture_request, capture_run
from tests.factories import SourceFactory
from tests.loopback import page

pytestmark = pytest.mark.django_db


def _pdf(*page_contents: bytes, title: str = "") -> bytes:
    """A PDF whose pages draw the given content streams in Helvetica; pages given the same
    bytes share one stream object, as a PDF bomb's pages do."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    streams = {}
    for content in page_contents:
        if content not in streams:
            stream = DecodedStreamObject()
            stream.set_data(content)
            streams[content] = writer._add_object(stream.flate_encode())
        blank = writer.add_blank_page(612, 792)
        blank[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        blank[NameObject("/Contents")] = streams[content]
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _line(text: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (" + text.encode() + b") Tj ET"


def _capture_pdf(loopback, body: bytes) -> Capture:
    loopback.route("/report.pdf", page(body, content_type="application/pdf"))
    source = SourceFactory(url=loopback.url("/report.pdf"))
    return capture_run(capture_id=capture_request(source=source, send=False).pk)


def test_a_real_pdf_has_its_title_and_text_extracted(archive_from_loopback, media):
    body = _pdf(
        _line("All the refrigerators are full, the director said."),
        _line("Nearly all the 368 civilian casualties were killed by shrapnel."),
        title="Inside the Donetsk morgue",
    )
    capture = _capture_pdf(archive_from_loopback, body)

    assert capture.status == Capture.Status.SUCCEEDED
    assert capture.title == "Inside the Donetsk morgue"
    assert "All the refrigerators are full" in capture.text
    assert "368 civilian casualties" in capture.text
    assert capture.text.index("refrigerators") < capture.text.index("368")


def test_a_tiny_pdf_that_takes_too_long_to_read_is_archived_without_its_text(
    archive_from_loopback, media, settings, caplog
):
    settings.ARCHIVE_EXTRACT_SECONDS = 2
    # A few kilobytes that inflate to 3 MB of text operators on each of three pages: about
    # twenty seconds of pypdf, or minutes for a slightly bigger one.
    bomb = b"BT /F1 12 Tf " + b"(A) Tj " * 450_000 + b"ET"
    body = _pdf(bomb, bomb, bomb)
    assert len(body) < 10_000

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="sources.extract"):
        capture = _capture_pdf(archive_from_loopback, body)
    took = time.monotonic() - started

    assert capture.status == Capture.Status.SUCCEEDED
    with open(capture.warc.path, "rb") as warc:
        archived = [
            r.content_stream().read() for r in ArchiveIterator(warc) if r.rec_type == "response"
        ]
    assert archived == [body]
    assert capture.size_bytes == len(body)
    assert capture.text == ""
    assert capture.text_sha256 == ""
    assert "reading took longer than 2 seconds (ARCHIVE_EXTRACT_SECONDS)" in caplog.text
    assert "the archived copy in the WARC is complete" in caplog.text
    alive = {child.pid for child in multiprocessing.active_children()}
    assert alive == extract_module.children().pids, "the reading process was killed and reaped"
    assert took < 3 * settings.ARCHIVE_EXTRACT_SECONDS


def test_only_the_first_pages_of_a_long_pdf_are_read(monkeypatch, tmp_path):
    monkeypatch.setattr(extract_module, "MAX_PDF_PAGES", 2)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(_pdf(_line("first page"), _line("second page"), _line("third page")))

    found = extract(pdf, content_type="application/pdf")

    assert "first page" in found.text
    assert "second page" in found.text
    assert "third page" not in found.text
    assert found.note.startswith("Only the text of the first 2 of this PDF's 3 pages was kept")


def test_the_text_of_a_pdf_is_cut_at_the_character_cap(monkeypatch, tmp_path):
    monkeypatch.setattr(extract_module, "MAX_PDF_CHARS", 15)
    pdf = tmp_path / "wordy.pdf"
    pdf.write_bytes(_pdf(_line("twelve chars"), _line("more than enough"), _line("never read")))

    found = extract(pdf, content_type="application/pdf")

    assert len(found.text) == 15
    assert found.text.startswith("twelve chars")
    assert found.note.startswith("The text of this PDF was cut at 15 characters, in page 2")
