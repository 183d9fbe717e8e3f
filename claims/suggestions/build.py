"""Reading a source's archived text for claims: its sentences scored, the best kept as
suggestions with their guesses, and the run's note. The worker's task after a capture
succeeds, and `manage.py suggest_claims` for sources captured before."""

import hashlib
import itertools
import logging
import re

from celery import signature
from django.db import IntegrityError, transaction
from kombu.exceptions import OperationalError

from sources.models import Capture, Source

from ..figures import extract_figures
from ..models import (
    Appearance,
    Claim,
    Claimant,
    ClaimantName,
    ClaimStatus,
    SuggestedClaim,
    SuggestionRun,
    name_key,
)
from ..quotes import find_quote
from ..similar.suggest import SimilarInputError, suggest
from ..similar.text import dominant_script
from .attribution import attribute
from .scoring import score
from .sentences import MAX_SENTENCE, split

logger = logging.getLogger(__name__)

# A page longer than this is read up to here, with a note: a book-length page (a report's
# full text, a live blog) is not an article, and the worker has others to read.
MAX_WORDS = 20_000
# Below this a sentence is not worth a researcher's look.
KEEP_FROM = 0.15
# At most this many suggestions a source, best first; the similar claims of the first
# MATCHED of them are looked up (one question to the similarity engine each).
KEEP_AT_MOST, MATCHED = 100, 40
COVERED_LANGUAGES = ("en", "ru", "uk")
COVERED_SCRIPTS = ("Latn", "Cyrl")  # ISO 15924, as claims.similar.text names them
PREVIOUS = 3  # sentences before, for a pronoun
LONGEST_NAME = 5  # words


def sentence_key(sentence: str) -> str:
    """The same sentence, however spaced or cased, is one suggestion."""
    return hashlib.sha256(" ".join(sentence.casefold().split()).encode()).hexdigest()


LATEST_FIRST = ("-finished_at", "-pk")


def _latest_text(source: Source) -> Capture | None:
    return (
        Capture.objects.filter(source=source, status=Capture.Status.SUCCEEDED)
        .exclude(text="")
        .order_by(*LATEST_FIRST)
        .only("pk", "text", "text_sha256", "source_id")
        .first()
    )


def _no_text_note(source: Source) -> str:
    last = Capture.objects.filter(source=source).order_by("-requested_at", "-pk").first()
    if last is None:
        return "No suggestions: the source has not been archived yet."
    if last.status == Capture.Status.SUCCEEDED:
        return (
            "No suggestions: its archived copy has no text to read (an image, or a page "
            "of scripts)."
        )
    if last.status in Capture.ACTIVE_STATUSES:
        return "No suggestions yet: its capture is still under way."
    why = last.error_message or last.get_status_display()
    return f"No suggestions: it has no archived text, since its capture failed ({why})."


class _Names:
    """Every name a logged claimant goes by, to find in sentences by their words."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        # The claimant known by each name key; None where two claimants share one.
        self._ids: dict[str, int | None] = {}
        names = itertools.chain(
            Claimant.objects.values_list("pk", "name").iterator(),
            ClaimantName.objects.values_list("claimant_id", "name").iterator(),
        )
        for claimant_id, name in names:
            key = name_key(name)
            self.by_key.setdefault(key, name)
            known = self._ids.setdefault(key, claimant_id)
            if known != claimant_id:
                self._ids[key] = None
        self._claimants: dict[int, Claimant | None] = {}

    def named_in(self, sentence: str) -> list[str]:
        words = name_key(sentence).split()
        found = []
        for size in range(LONGEST_NAME, 0, -1):
            for i in range(len(words) - size + 1):
                name = self.by_key.get(" ".join(words[i : i + size]))
                if name and name not in found and len(name) > 2:
                    found.append(name)
        return found

    def claimant(self, name: str) -> Claimant | None:
        """The logged claimant known by name, in any script, case or accents (its name key).
        A name only like another's ("Ukrainian army", "Russian army") is not guessed to be
        them: a researcher matches it when logging."""
        claimant_id = self._ids.get(name_key(name))
        if claimant_id is None:
            return None
        if claimant_id not in self._claimants:
            self._claimants[claimant_id] = Claimant.objects.filter(pk=claimant_id).first()
        return self._claimants[claimant_id]


FIGURE_FIELDS = ("value", "upper", "qualifier", "unit", "kind")


def _figures(sentence: str) -> list[dict]:
    return [
        {"words": sentence[f.start : f.end]} | {name: getattr(f, name) for name in FIGURE_FIELDS}
        for f in extract_figures(sentence)
    ]


def _matches(sentence: str) -> list[dict]:
    """The claims already logged that sentence is likely to be, best first."""
    try:
        found = suggest(
            sentence, among=Claim.objects.exclude(status=ClaimStatus.MERGED), limit=3
        ).results
    except SimilarInputError:
        return []
    return [
        {"claim": s.claim.pk, "text": s.claim.text, "score": s.score, "level": s.level}
        for s in found
    ]


def _cut(text: str) -> tuple[str, int, bool]:
    """text up to MAX_WORDS words, its word count, and whether it was cut."""
    words = 0
    for match in re.finditer(r"\S+", text):
        words += 1
        if words > MAX_WORDS:
            return text[: match.start()], words - 1 + len(text[match.start() :].split()), True
    return text, words, False


def _language_note(source: Source, text: str) -> str:
    language = (source.language or "").split("-")[0].lower()
    script = dominant_script(text[:5_000]) or "an unlisted"
    if language and language not in COVERED_LANGUAGES:
        return (
            f"Its language ({source.language}) is not one the attribution rules read "
            "(English, Russian, Ukrainian): figures and quotations count, who said it is not "
            "guessed."
        )
    if script not in COVERED_SCRIPTS:
        return (
            f"Its text is in {script} script, which the attribution rules do not read: "
            "figures and quotations count, who said it is not guessed."
        )
    return ""


def suggest_for_source(source: Source, *, again: bool = False) -> SuggestionRun:
    """Read source's latest archived text for claims: suggestions written, updated or
    withdrawn (an open one whose sentence is gone), decisions kept, and the run's note.
    A text read before (a recheck that found the page as it was) is not read again unless
    again."""
    capture = _latest_text(source)
    if capture is None:
        return _write(source, None, [], note=_no_text_note(source))
    run = SuggestionRun.objects.filter(source=source).select_related("capture").first()
    if run is not None and run.capture is not None and not again:
        digest = capture.text_sha256
        if run.capture_id == capture.pk or (digest and run.capture.text_sha256 == digest):
            return run
    return suggest_for_capture(source, capture)


def suggest_for_capture(source: Source, capture: Capture) -> SuggestionRun:
    """Read capture, an archived text of source, for claims and write its suggestions and
    run; unless, by the time they are written, a newer capture of source has been read:
    that reading stands, and its run is returned."""
    text, words, cut = _cut(capture.text)
    notes = []
    if cut:
        notes.append(f"Only the first {MAX_WORDS:,} of its {words:,} words were read.")
    language = _language_note(source, text)
    if language:
        notes.append(language)
    names = _Names()
    sentences = split(text)
    # A passage cut into parts is a table, a list or scripts run together: not read.
    too_long = sum(sentence.part == 1 for sentence in sentences)
    if too_long:
        notes.append(
            f"{too_long} {'passage' if too_long == 1 else 'passages'} of more than "
            f"{MAX_SENTENCE:,} characters without a full stop (tables, lists) "
            f"{'was' if too_long == 1 else 'were'} not read as sentences."
        )
    scored, seen = [], set()
    for i, sentence in enumerate(sentences):
        if sentence.part:
            continue
        key = sentence_key(sentence.text)
        if key in seen:
            continue  # the same sentence twice: the first place it stands
        seen.add(key)
        value, reasons = score(sentence.text, claimants_named=names.named_in(sentence.text))
        if value >= KEEP_FROM:
            scored.append((value, i, key, sentence, reasons))
    scored.sort(key=lambda row: (-row[0], row[1]))
    kept = scored[:KEEP_AT_MOST]
    logged = list(Appearance.objects.filter(source=source).values_list("pk", "quote"))
    rows = []
    for rank, (value, i, key, sentence, reasons) in enumerate(kept):
        previous = [s.text for s in sentences[max(0, i - PREVIOUS) : i]]
        said = attribute(sentence.text, previous) if not language else None
        who = said.claimant if said and said.claimant else source.publisher
        appearance = next(
            (pk for pk, quote in logged if find_quote(quote, sentence.text) is not None), None
        )
        # fmt: off
        rows.append(SuggestedClaim(
            source=source, capture=capture, sentence=sentence.text, sentence_key=key,
            start=sentence.start, end=sentence.end, position=i + 1, score=value,
            reasons=[{"kind": r.kind, "message": r.message} for r in reasons],
            claimant=names.claimant(who) if who else None,
            claimant_name=who[:200],
            claimant_kind=(said.kind if said and said.claimant else "media")[:20],
            claimant_how=(said.how if said else "")[:200],
            chain=[[hop.name, hop.verb] for hop in said.chain] if said else [],
            figures=_figures(sentence.text),
            matches=_matches(sentence.text) if rank < MATCHED else [],
            appearance_id=appearance,
        ))
        # fmt: on
    note = " ".join(notes) if kept else " ".join([*notes, "No sentence reads as a claim."])
    return _write(
        source, capture, rows, note=note, words=words, sentences=len(sentences), suggested=len(rows)
    )


GUESSES = (
    "capture", "sentence", "start", "end", "position", "score", "reasons", "claimant",
    "claimant_name", "claimant_kind", "claimant_how", "chain", "figures", "matches",
)  # fmt: skip


def _write(
    source: Source, capture: Capture | None, rows: list[SuggestedClaim], **run: str | int
) -> SuggestionRun:
    """Write rows, the suggestions read from capture (None: no text to read), over source's,
    and the run; nothing if a newer capture has been read meanwhile.

    Readings of one source are written one at a time: its row is locked first, FOR NO KEY
    UPDATE, so that logging a claim from a suggestion, which refers to the source, does not
    wait for it."""
    with transaction.atomic():
        Source.objects.select_for_update(no_key=True).only("pk").get(pk=source.pk)
        last = SuggestionRun.objects.filter(source=source).first()
        if last is not None and _is_newer(last.capture_id, capture):
            return last
        _write_suggestions(source, rows)
        return _record(source, capture, **run)


def _write_suggestions(source: Source, rows: list[SuggestedClaim]) -> None:
    existing = {
        s.sentence_key: s for s in SuggestedClaim.objects.select_for_update().filter(source=source)
    }
    for row in rows:
        before = existing.pop(row.sentence_key, None) or _insert(row)
        if before is None:
            continue
        for name in GUESSES:
            setattr(before, name, getattr(row, name))
        if row.appearance_id and before.status == SuggestedClaim.Status.OPEN:
            before.appearance_id, before.status = row.appearance_id, SuggestedClaim.Status.LOGGED
        before._change_reason = "read again"
        before.save()
    for gone in existing.values():
        if gone.status == SuggestedClaim.Status.OPEN:
            gone._change_reason = "withdrawn: no longer in the text, or no longer among the best"
            gone.delete()


def _is_newer(capture_id: int | None, capture: Capture | None) -> bool:
    """Whether capture_id is a newer text than capture (None when there was no text: older
    than any), by the order the latest text is chosen in."""
    if capture_id is None or (capture is not None and capture_id == capture.pk):
        return False
    if capture is None:
        return True
    latest = Capture.objects.filter(pk__in=[capture_id, capture.pk]).order_by(*LATEST_FIRST)
    return latest.values_list("pk", flat=True).first() == capture_id


def _insert(row: SuggestedClaim) -> SuggestedClaim | None:
    """Insert row, a sentence new to its source; or, where a writer not holding the source's
    lock has written the sentence meanwhile, return that suggestion, to update instead."""
    if row.appearance_id:
        row.status = SuggestedClaim.Status.LOGGED
    row._change_reason = "suggested"
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        written = (
            SuggestedClaim.objects.select_for_update()
            .filter(source_id=row.source_id, sentence_key=row.sentence_key)
            .first()
        )
        if written is None:
            raise
        return written
    return None


def _record(source: Source, capture: Capture | None, **fields) -> SuggestionRun:
    run, _ = SuggestionRun.objects.update_or_create(
        source=source, defaults={"capture": capture, **fields}
    )
    return run


SUGGEST_TASK = "claims.tasks.suggest_claims"
# The kinds of source a researcher reads for claims; a dataset or a video's page is cited,
# not read sentence by sentence.
READ_FOR_CLAIMS = (Source.Kind.ARTICLE, Source.Kind.REPORT, Source.Kind.STATEMENT)


def suggest_send(source_id: int) -> None:
    """Send the reading task for source_id; a broker that is down costs the suggestions a
    delay: `manage.py suggest_claims` reads what a capture did not."""
    try:
        signature(SUGGEST_TASK).apply_async((source_id,))
    except OperationalError:
        logger.warning(
            "Source %s was archived, but its text was not sent to be read for claims: the "
            "broker could not be reached; run manage.py suggest_claims --source %s.",
            source_id,
            source_id,
        )


def on_capture_finished(sender, *, capture: Capture, **kwargs) -> None:
    """A new archived text of an article is read for claims, once the capture is committed."""
    if capture.status != Capture.Status.SUCCEEDED:
        return
    if not Source.objects.filter(pk=capture.source_id, kind__in=READ_FOR_CLAIMS).exists():
        return
    transaction.on_commit(lambda: suggest_send(capture.source_id))
