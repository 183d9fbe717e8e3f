"""Quote verification: is the claim's quote in the archived text of the article it is from?

The lookup forgives what copying a quote out of a page changes: runs of whitespace,
typographic quotes and apostrophes, the kind of dash and the spaces around it, ellipses,
soft hyphens and case. The match is stored as a span of the capture's own text, so the
excerpt shows the words exactly as archived.
"""

from django.utils import timezone

from sources.models import Capture

from .models import Claim, QuoteStatus

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


def verify(claim: Claim, candidates: list[Capture] | None = None) -> str:
    """Check claim's quote against its appearance's captures and store the result."""
    if candidates is None:
        candidates = _candidates(claim.appearance_id)
    fields = {
        "quote_status": QuoteStatus.NOT_CAPTURED,
        "quote_capture": None,
        "quote_start": None,
        "quote_end": None,
        "quote_checked_at": timezone.now(),
    }
    if candidates:
        fields.update(quote_status=QuoteStatus.NOT_FOUND, quote_capture=candidates[0])
    for capture in candidates:
        span = find_quote(claim.quote, capture.text)
        if span is not None:
            fields.update(
                quote_status=QuoteStatus.VERIFIED,
                quote_capture=capture,
                quote_start=span[0],
                quote_end=span[1],
            )
            break
    # An update, not a save: the check is derived data, not an edit, so it leaves the
    # claim's revision (and anyone's open form) alone.
    Claim.objects.filter(pk=claim.pk).update(**fields)
    for name, value in fields.items():
        setattr(claim, name, value)
    return fields["quote_status"]


def verify_source(source_id: int) -> int:
    """Re-check the quotes of every claim that appeared in source; how many were checked."""
    candidates = _candidates(source_id)
    claims = list(Claim.objects.filter(appearance_id=source_id).only("pk", "quote"))
    for claim in claims:
        verify(claim, candidates)
    return len(claims)


def excerpt(claim: Claim, *, context: int = 160) -> tuple[str, str, str] | None:
    """The verified quote as archived, with up to context characters either side cut at a
    word, as (before, match, after); None unless the quote is verified.

    Reads claim.quote_capture: select_related("quote_capture") where claims are listed.
    """
    if claim.quote_status != QuoteStatus.VERIFIED or claim.quote_capture is None:
        return None
    text, start, end = claim.quote_capture.text, claim.quote_start, claim.quote_end
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


def on_claim_saved(sender, *, instance: Claim, created: bool, update_fields=None, **kwargs):
    if kwargs.get("raw"):
        return
    if update_fields is not None and not {"quote", "appearance"} & set(update_fields):
        return
    verify(instance)
