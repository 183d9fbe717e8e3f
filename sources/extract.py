"""Readable text out of an archived payload: the main text of HTML, the text of PDFs."""

import hashlib
import io
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# Text extraction reads the decoded payload into memory; past this size the capture keeps
# its WARC, type and size, and goes without extracted text.
MAX_EXTRACT_BYTES = 20 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Extracted:
    title: str = ""
    text: str = ""

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
    # PostgreSQL text cannot hold a NUL character, and a page or PDF may contain one; it
    # carries no readable text, so it goes rather than the whole capture failing on save.
    return Extracted(title=found.title.replace("\x00", ""), text=found.text.replace("\x00", ""))


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
            reader = PdfReader(io.BytesIO(_decoded(path, content_encoding)))
            text = "\n".join(page.extract_text() or "" for page in reader.pages).strip()
            title = (reader.metadata.title if reader.metadata else None) or ""
            return Extracted(title=str(title)[:500], text=text)
        if media_type == "text/plain":
            return Extracted(text=_decoded(path, content_encoding).decode("utf-8", "replace"))
    except _TooLarge:
        logger.info("Payload at %s is too large to extract text from", path)
    except (ValueError, zlib.error, PyPdfError) as exc:
        logger.info("No text extracted from %s: %s", path, exc)
    return Extracted()
