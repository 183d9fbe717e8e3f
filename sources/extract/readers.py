"""The readers that turn a payload into text, run in the extraction's child processes: the
main text of HTML, the text of PDFs, plain text as it is.

trafilatura and pypdf are imported where they read, not here: every process that archives
imports this module for its results, and only the children (whose fork server preloads
both) read, so a command or a worker starts without their 0.13 s of imports.
"""

import hashlib
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

# Text extraction reads the decoded payload into memory; past this size the capture keeps
# its WARC, type and size, and goes without extracted text.
MAX_EXTRACT_BYTES = 20 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
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


@dataclass(frozen=True)
class Limits:
    """What a well-behaved but huge PDF may send back to be stored."""

    pdf_pages: int
    pdf_chars: int


def read(path: Path, media_type: str, content_encoding: str, limits: Limits) -> Extracted:
    """Title and main text of the payload at path; empty when there is none to be had."""
    try:
        if media_type in HTML_TYPES:
            import trafilatura

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
            return _pdf(
                path, content_encoding, max_pages=limits.pdf_pages, max_chars=limits.pdf_chars
            )
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


def _pdf(path: Path, content_encoding: str, *, max_pages: int, max_chars: int) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

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
