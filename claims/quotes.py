"""Quote verification: are an appearance's words in the archived text of the source they were
published in, and its original words (for a translation) in a cited source in their language?

The lookup forgives what copying a quote out of a page changes: runs of whitespace,
typographic quotes and apostrophes, the kind of dash and the spaces around it, ellipses,
soft hyphens and case. The match is stored as a span of the capture's own text, so the
excerpt shows the words exactly as archived.
"""

from django.utils import timezone

from sources.models import Capture

from .models import Appearance, Citation, QuoteStatus, same_language

_SAME = str.maketrans(
    {
        # typographic single and double quotes, primes, guillemets
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a", '"'),
        # hyphen, non-breaking hyphen, figure dash, en and em dash, bar, minus
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
        # soft hyphen and the zero-width characters
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    }
)
_TRIM = " \"'"


def normalize(text: str) -> tuple[str, list[int]]:
    """text in the form quotes are compared in, and for each of its characters the index
    of the character of text it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for ch in char.translate(_SAME).casefold():
            if ch.isspace():
                if not out or out[-1] in " -":
                    continue
                ch = " "
            elif ch == "-" and out and out[-1] == " ":
                out.pop()
                origin.pop()
            out.append(ch)
            origin.append(index)
    return "".join(out), origin


def find_quote(quote: str, text: str) -> tuple[int, int] | None:
    """The span of text holding quote, as indexes into text, or None."""
    needle = normalize(quote)[0].strip(_TRIM)
    if not needle:
        return None
    haystack, origin = normalize(text)
    at = haystack.find(needle)
    if at < 0:
        return None
    return origin[at], origin[at + len(needle) - 1] + 1


def _candidates(source_id: int) -> list[Capture]:
    """The latest good capture with text, then the first: the page as it stands and as it
    stood when we first archived it (a quote edited out since is still verified)."""
    with_text = Capture.objects.filter(
        source_id=source_id, status=Capture.Status.SUCCEEDED
    ).exclude(text="")
    latest = with_text.order_by("-finished_at", "-pk").only("pk", "text").first()
    if latest is None:
        return []
    first = with_text.order_by("finished_at", "pk").only("pk", "text").first()
    return [latest] if first.pk == latest.pk else [latest, first]


def _look_up(words: str, candidates: list[Capture], status_if_absent: str) -> dict:
    """Where words first stand in candidates, as the fields of a quote check."""
    found = {"status": status_if_absent, "capture": None, "start": None, "end": None}
    if candidates:
        found.update(status=QuoteStatus.NOT_FOUND, capture=candidates[0])
    for capture in candidates:
        span = find_quote(words, capture.text)
        if span is not None:
            return {
                "status": QuoteStatus.VERIFIED,
                "capture": capture,
                "start": span[0],
                "end": span[1],
            }
    return found


def _store(appearance: Appearance, fields: dict) -> None:
    # An update, not a save: the check is derived data, not an edit, so it leaves the
    # appearance's revision (and anyone's open form) alone.
    Appearance.objects.filter(pk=appearance.pk).update(**fields)
    for name, value in fields.items():
        setattr(appearance, name, value)


def verify(appearance: Appearance, candidates: list[Capture] | None = None) -> str:
    """Check the published words against their source's captures and store the result."""
    if candidates is None:
        candidates = _candidates(appearance.source_id)
    found = _look_up(appearance.quote, candidates, QuoteStatus.NOT_CAPTURED)
    _store(
        appearance,
        {
            "quote_status": found["status"],
            "quote_capture": found["capture"],
            "quote_start": found["start"],
            "quote_end": found["end"],
            "quote_checked_at": timezone.now(),
        },
    )
    return found["status"]


def verify_original(appearance: Appearance) -> str:
    """Check a translation's original words against the claim's cited sources in their
    language, and store the result: "no source" when none is cited in that language."""
    if not appearance.original_quote:
        found = {"status": QuoteStatus.NOT_CAPTURED, "capture": None, "start": None, "end": None}
    else:
        sources = Citation.objects.filter(claim_id=appearance.claim_id).values_list(
            "source_id", "source__language"
        )
        in_language = [
            source_id
            for source_id, language in sources
            if same_language(language, appearance.original_language)
        ]
        candidates = [capture for pk in in_language for capture in _candidates(pk)]
        absent = QuoteStatus.NOT_CAPTURED if in_language else QuoteStatus.NO_SOURCE
        found = _look_up(appearance.original_quote, candidates, absent)
    _store(
        appearance,
        {
            "original_status": found["status"],
            "original_capture": found["capture"],
            "original_start": found["start"],
            "original_end": found["end"],
        },
    )
    return found["status"]


def verify_source(source_id: int) -> int:
    """Check again every appearance a capture of source can settle: the words published
    in it, and the original words of translations whose claims cite it. How many."""
    published = list(Appearance.objects.filter(source_id=source_id).only("pk", "quote"))
    if published:  # most sources are cited, not quoted: their texts need not be read
        candidates = _candidates(source_id)
        for appearance in published:
            verify(appearance, candidates)
    originals = list(
        Appearance.objects.filter(claim__citations__source_id=source_id)
        .exclude(original_quote="")
        .distinct()
    )
    for appearance in originals:
        verify_original(appearance)
    return len(published) + len(originals)


def excerpt(appearance, *, context: int = 160) -> tuple[str, str, str] | None:
    """The verified words as archived, with up to context characters either side cut at
    a word, as (before, match, after); None unless the words are verified.

    Reads appearance.quote_capture: select_related("quote_capture") where appearances are
    listed.
    """
    if appearance.quote_status != QuoteStatus.VERIFIED or appearance.quote_capture is None:
        return None
    text, start, end = appearance.quote_capture.text, appearance.quote_start, appearance.quote_end
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    if start > context and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + context < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, text[start:end], after


def on_capture_finished(sender, *, capture: Capture, **kwargs) -> None:
    if capture.status == Capture.Status.SUCCEEDED:
        verify_source(capture.source_id)


def on_appearance_saved(sender, *, instance: Appearance, update_fields=None, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    checked = {"quote", "source", "original_quote", "original_language"}
    if update_fields is not None and not checked & set(update_fields):
        return
    verify(instance)
    verify_original(instance)


def on_citation_saved(sender, *, instance: Citation, **kwargs) -> None:
    """A newly cited source may be the one in a translation's original language."""
    if kwargs.get("raw"):
        return
    for appearance in Appearance.objects.filter(claim_id=instance.claim_id).exclude(
        original_quote=""
    ):
        verify_original(appearance)
