"""Readable text out of an archived payload: the main text of HTML, the text of PDFs."""

import hashlib
import io
import logging
import multiprocessing
import zlib
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import trafilatura
from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# Text extraction reads the decoded payload into memory; past this size the capture keeps
# its WARC, type and size, and goes without extracted text.
MAX_EXTRACT_BYTES = 20 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
# A PDF's cost is not its size: a few kilobytes can inflate to megabytes of text operators
# that pypdf reads for minutes while holding the GIL every capture in the worker shares. So
# PDFs are read in a child process, killed past ARCHIVE_EXTRACT_SECONDS; these caps bound
# what a well-behaved but huge document sends back to be stored.
MAX_PDF_PAGES = 1000
MAX_PDF_CHARS = 4_000_000
# forkserver, not fork: the worker runs threads, and a fork of a threaded process can
# inherit a lock some other thread held. Preloading makes each child a cheap fork of a
# process that has already imported pypdf, and of __main__, which a child would otherwise
# run again on every start.
_CHILDREN = multiprocessing.get_context("forkserver")
_CHILDREN.set_forkserver_preload(["__main__", __name__])
WARC_IS_WHOLE = "the archived copy in the WARC is complete, so read the document there."


@dataclass(frozen=True)
class Extracted:
    title: str = ""
    text: str = ""
    # Why the text is missing or partial, for a person to act on; empty when all went well.
    note: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest() if self.text else ""


class _TooLarge(Exception):
    pass


def _decoded(path: Path, content_encoding: str) -> bytes:
    """The payload with its Content-Encoding undone, refusing to inflate past the limit."""
    raw = path.read_bytes() if path.stat().st_size <= MAX_EXTRACT_BYTES else None
    if raw is None:
        raise _TooLarge
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ValueError(f"unsupported content encoding {encoding!r}")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(raw, MAX_EXTRACT_BYTES + 1)
    except zlib.error:
        if encoding != "deflate":
            raise
        # Some servers send raw deflate without the zlib header.
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        out = inflater.decompress(raw, MAX_EXTRACT_BYTES + 1)
    if len(out) > MAX_EXTRACT_BYTES:
        raise _TooLarge
    return out


def extract(path: Path, *, content_type: str, content_encoding: str = "") -> Extracted:
    """Title and main text of the payload at path; empty when there is none to be had."""
    found = _extract(path, content_type=content_type, content_encoding=content_encoding)
    if found.note:
        logger.warning("Text of %s: %s", path, found.note)
    # PostgreSQL text cannot hold a NUL character, and a page or PDF may contain one; it
    # carries no readable text, so it goes rather than the whole capture failing on save.
    return Extracted(
        title=found.title.replace("\x00", ""),
        text=found.text.replace("\x00", ""),
        note=found.note,
    )


def _extract(path: Path, *, content_type: str, content_encoding: str) -> Extracted:
    media_type = content_type.split(";", 1)[0].strip().lower()
    try:
        if media_type in HTML_TYPES:
            # fast skips trafilatura's fallback extractors, whose stop-word tables cost a
            # quarter of a second of CPU per page; the main algorithm alone keeps a worker
            # full of threads waiting on the network instead of on the GIL.
            document = trafilatura.bare_extraction(
                _decoded(path, content_encoding), with_metadata=True, favor_recall=True, fast=True
            )
            if document is None:
                return Extracted()
            return Extracted(title=(document.title or "")[:500], text=document.text or "")
        if media_type == "application/pdf":
            return _pdf_in_child(path, content_encoding)
        if media_type == "text/plain":
            return Extracted(text=_decoded(path, content_encoding).decode("utf-8", "replace"))
    except (_TooLarge, ValueError, zlib.error) as exc:
        return _unreadable(exc)
    return Extracted()


def _unreadable(error: Exception) -> Extracted:
    if isinstance(error, _TooLarge):
        reason = f"the payload is larger than {MAX_EXTRACT_BYTES // 2**20} MB once decoded"
    else:
        reason = f"it could not be read ({error})"
    return Extracted(note=f"No text was extracted because {reason}; {WARC_IS_WHOLE}")


def _pdf_in_child(path: Path, content_encoding: str) -> Extracted:
    seconds: float = settings.ARCHIVE_EXTRACT_SECONDS
    receiving, sending = _CHILDREN.Pipe(duplex=False)
    child = _CHILDREN.Process(
        target=_pdf_child,
        args=(sending, path, content_encoding, MAX_PDF_PAGES, MAX_PDF_CHARS),
        name=f"pdf-text-{path.name}",
        daemon=True,
    )
    child.start()
    # Only the child may hold the sending end, so its death reads here as EOF, not silence.
    sending.close()
    try:
        if not receiving.poll(seconds):
            child.kill()
            return Extracted(
                note=f"Reading the text of this PDF took longer than {seconds:g} seconds "
                f"(ARCHIVE_EXTRACT_SECONDS), so it was stopped and no text was kept; "
                f"{WARC_IS_WHOLE}"
            )
        try:
            return receiving.recv()
        except EOFError:
            child.join()
            return Extracted(
                note=f"The process reading the text of this PDF ended without an answer "
                f"(exit code {child.exitcode}; the worker's log has its error), so no text "
                f"was kept; {WARC_IS_WHOLE}"
            )
    finally:
        receiving.close()
        child.join(timeout=seconds)
        if child.is_alive():
            child.kill()
            child.join()
        child.close()


def _pdf_child(
    answer: Connection, path: Path, content_encoding: str, max_pages: int, max_chars: int
) -> None:
    with answer:
        answer.send(_pdf(path, content_encoding, max_pages=max_pages, max_chars=max_chars))


def _pdf(path: Path, content_encoding: str, *, max_pages: int, max_chars: int) -> Extracted:
    try:
        reader = PdfReader(io.BytesIO(_decoded(path, content_encoding)))
        title = str((reader.metadata.title if reader.metadata else None) or "")[:500]
        texts: list[str] = []
        chars = 0
        note = ""
        for number, page in enumerate(reader.pages):
            if number == max_pages:
                note = (
                    f"Only the text of the first {max_pages} of this PDF's "
                    f"{len(reader.pages)} pages was kept; {WARC_IS_WHOLE}"
                )
                break
            texts.append(page.extract_text() or "")
            chars += len(texts[-1])
            if chars > max_chars:
                note = (
                    f"The text of this PDF was cut at {max_chars:,} characters, in page "
                    f"{number + 1}; {WARC_IS_WHOLE}"
                )
                break
        return Extracted(title=title, text="\n".join(texts).strip()[:max_chars], note=note)
    except (_TooLarge, ValueError, zlib.error, PyPdfError) as exc:
        return _unreadable(exc)
