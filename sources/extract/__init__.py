"""Readable text out of an archived payload: the main text of HTML, the text of PDFs.

`readers` reads, in child processes that `children` keeps warm and kills when a reading
overruns ARCHIVE_EXTRACT_SECONDS; a capture whose text could not be read still succeeds
with its whole WARC, and says why in its note and the log.
"""

import functools
import logging
from pathlib import Path

from django.conf import settings

from .children import ChildDied, Children, Overrun
from .readers import HTML_TYPES, MAX_EXTRACT_BYTES, WARC_IS_WHOLE, Extracted, Limits

__all__ = ["HTML_TYPES", "MAX_EXTRACT_BYTES", "Extracted", "children", "extract"]

logger = logging.getLogger(__name__)

# What a well-behaved but huge PDF may send back to be stored (read when each job is sent).
MAX_PDF_PAGES = 1000
MAX_PDF_CHARS = 4_000_000
READ_TYPES = (*HTML_TYPES, "application/pdf", "text/plain")


@functools.cache
def children() -> Children:
    """This process's text readers, made on first use."""
    return Children(settings.ARCHIVE_EXTRACT_PROCESSES)


def extract(path: Path, *, content_type: str, content_encoding: str = "") -> Extracted:
    """Title and main text of the payload at path; empty when there is none to be had."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in READ_TYPES:
        return Extracted()
    seconds: float = settings.ARCHIVE_EXTRACT_SECONDS
    job = (path, media_type, content_encoding, Limits(MAX_PDF_PAGES, MAX_PDF_CHARS))
    what = "this PDF" if media_type == "application/pdf" else "this page"
    try:
        found = children().run(job, seconds=seconds)
    except Overrun as overrun:
        found = Extracted(
            note=f"The text of {what} was not read: {overrun} (ARCHIVE_EXTRACT_SECONDS), so "
            f"it was stopped and no text was kept; {WARC_IS_WHOLE}"
        )
    except ChildDied as died:
        found = Extracted(
            note=f"The process reading the text of {what} ended without an answer ({died}; "
            f"the worker's log has its error), so no text was kept; {WARC_IS_WHOLE}"
        )
    if found.note:
        logger.warning("Text of %s: %s", path, found.note)
    # PostgreSQL text cannot hold a NUL character, and a page or PDF may contain one; it
    # carries no readable text, so it goes rather than the whole capture failing on save.
    return Extracted(
        title=found.title.replace("\x00", ""),
        text=found.text.replace("\x00", ""),
        note=found.note,
    )
