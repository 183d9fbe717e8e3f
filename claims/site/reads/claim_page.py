"""The claim page's read: prepared queries, a fixed number whatever the appearances."""

from django.db.models import (
    Q,
)

from sources.models import Capture

from ... import quotes
from ...evidence import original_changed_notices
from ...figures.units import in_one_unit
from ...models import (
    Appearance,
    Attribution,
    Citation,
    FigureKind,
    QuoteStatus,
    Topic,
    Verdict,
)
from ...visibility import (
    public_claims,
    public_discrepancies,
)
from ..prepared import Param, Prepared, Row
from .lists import appeared_in, first_place_in

_VERDICT_FIELDS = (
    "id",
    "status",
    "version",
    "summary",
    "rationale_html",
    "published_at",
    "correction_note",
    "rating__slug",
    "rating__label",
    "rating__value",
)

_CLAIM = Prepared(
    lambda: (
        public_claims()
        .filter(slug=Param("slug"))
        # The slug is unique: no ordering, so no join for Claim's default one.
        .order_by()
        .values(
            "id",
            "slug",
            "text",
            "place",
            *(f"claimant__{name}" for name in ("name", "slug", "kind", "affiliation")),
            *(f"published_verdict__{name}" for name in _VERDICT_FIELDS),
        )[:1]
    )
)
# First appearance first, as Claim.first_appearance is chosen: the earliest, then the first
# logged; with each one's source, what the notice that it changed reads included.
_APPEARANCES = Prepared(
    lambda: (
        Appearance.objects.filter(claim_id=Param("claim"))
        .in_order()
        .values(
            "id",
            "quote",
            "language",
            "position",
            "made_on",
            "original_quote",
            "original_language",
            "translated_by",
            "translator",
            "quote_status",
            "quote_capture_id",
            "quote_start",
            "quote_end",
            "source_id",
            *(
                f"source__{name}"
                for name in (
                    "url",
                    "title",
                    "publisher",
                    "language",
                    "published_on",
                    "archived_copy_id",
                    "health",
                    "accepted_capture_id",
                )
            ),
        )
    )
)
_CHAINS = Prepared(
    lambda: (
        Attribution.objects.filter(appearance__claim_id=Param("claim"))
        .order_by("appearance_id", "position")
        .values("appearance_id", "verb", "claimant__name")
    )
)
# The archived texts the claim's verified words were found in, each once however many
# appearances were found in it.
_QUOTE_CAPTURES = Prepared(
    lambda: (
        Capture.objects.filter(
            pk__in=Appearance.objects.filter(
                claim_id=Param("claim"), quote_status=QuoteStatus.VERIFIED
            ).values("quote_capture_id")
        )
        .order_by()
        .values("id", "text", "finished_at")
    )
)
# Figures that disagree, as a reviewer confirmed them, of this claim with itself or with
# another public claim: the sides read from what the reviewer decided on (`stated`).
_DISCREPANCIES = Prepared(
    lambda: (
        public_discrepancies()
        .filter(Q(claim_id=Param("claim")) | Q(other_claim_id=Param("claim")))
        .order_by("kind", "pk")
        .values("id", "kind", "label", "stated", "note")
    )
)
_EVIDENCE = Prepared(
    lambda: (
        Citation.objects.filter(claim_id=Param("claim"))
        .order_by("position", "pk")
        .values(
            "role",
            "note",
            "quote",
            *(f"source__{name}" for name in ("url", "title", "publisher", "archived_copy_id")),
        )
    )
)
_TOPICS = Prepared(lambda: Topic.objects.filter(claims__id=Param("claim")).values("name", "slug"))
_EARLIER_VERDICTS = Prepared(
    lambda: (
        Verdict.objects.filter(claim_id=Param("claim"), status=Verdict.Status.SUPERSEDED)
        .order_by("-version")
        .values(*_VERDICT_FIELDS)
    )
)


_RELATED = Prepared(
    lambda: (
        public_claims()
        .filter(appeared_in(Param("source")))
        .exclude(pk=Param("claim"))
        .annotate(place_in_source=first_place_in(Param("source")))
        .order_by("place_in_source", "pk")
        .values(
            "slug",
            "text",
            "first_appearance__made_on",
            "claimant__name",
            "claimant__slug",
            "published_verdict__summary",
            "published_verdict__rating__slug",
            "published_verdict__rating__label",
        )[:10]
    )
)


def _appearances(claim_id: int) -> list[Row]:
    """The claim's appearances, first appearance first, each with its chain
    (`appearance.chain`), the verified words in their archived text (`appearance.excerpt`,
    with `appearance.quote_capture`) and the notice that its source changed
    (`appearance.original_changed`): two queries, and one each for the archived texts and
    the notices when there are any."""
    appearances = _APPEARANCES.rows(claim=claim_id)
    chains: dict[int, list[Row]] = {appearance.id: [] for appearance in appearances}
    for hop in _CHAINS.rows(claim=claim_id):
        chains[hop.appearance_id].append(hop)
    verified = any(
        a.quote_status == QuoteStatus.VERIFIED and a.quote_capture_id for a in appearances
    )
    captures = {c.id: c for c in _QUOTE_CAPTURES.rows(claim=claim_id)} if verified else {}
    notices = original_changed_notices(appearances)
    for appearance in appearances:
        appearance.chain = chains[appearance.id]
        appearance.quote_capture = captures.get(appearance.quote_capture_id)
        appearance.excerpt = quotes.excerpt(appearance)
        appearance.original_changed = notices.get(appearance.source_id)
    return appearances


def claim_page(slug: str) -> Row | None:
    """A public claim with everything its page shows, or None.

    Seven queries whatever the number of appearances: the claim with its claimant and
    verdict, its appearances with their sources (`claim.appearances`, first appearance
    first, so `claim.first_appearance` is the first), all their chains, its evidence
    (`claim.evidence`), its topics (`claim.topic_list`), the figures that disagree a
    reviewer confirmed (`claim.discrepancies`) and its related claims (`claim.related`).
    One more for the earlier versions when the verdict has been corrected, one for the
    archived texts of verified words, and one for the notices when a source has changed.
    Prepared queries (`claims.site.prepared`) rather than querysets: the claim page is the
    one most read, and building its SQL cost more than running it.
    The rows have the models' field names, so `claim_review` reads them like a Claim.
    """
    claim = _CLAIM.first(slug=slug)
    if claim is None:
        return None
    claim.appearances = _appearances(claim.id)
    # The services never leave a claim without an appearance; a row written around them
    # gets a page without one rather than an error.
    claim.first_appearance = claim.appearances[0] if claim.appearances else None
    claim.evidence = _EVIDENCE.rows(claim=claim.id)
    for citation in claim.evidence:
        citation.role_label = Citation.Role(citation.role).label
    claim.topic_list = _TOPICS.rows(claim=claim.id)
    claim.discrepancies = _DISCREPANCIES.rows(claim=claim.id)
    for discrepancy in claim.discrepancies:
        discrepancy.kind_label = FigureKind(discrepancy.kind).label
        discrepancy.sides = [_side(side) for side in discrepancy.stated]
    verdict = claim.published_verdict
    # Superseded versions are public too: readers see what was corrected and when.
    claim.public_verdicts = [verdict]
    if verdict.version > 1:
        claim.public_verdicts += _EARLIER_VERDICTS.rows(claim=claim.id)
    claim.corrections = list(zip(claim.public_verdicts, claim.public_verdicts[1:], strict=False))
    claim.related = (
        _RELATED.rows(source=claim.first_appearance.source_id, claim=claim.id)
        if claim.first_appearance
        else []
    )
    return claim


def _side(stated: dict) -> Row:
    """One figure of a confirmed discrepancy: its words marked in its quote, in one unit."""
    side = Row(stated)
    quote, start, end = stated["quote"], stated["start"], stated["end"]
    marked = quote[start:end] == stated["words"]
    side.before, side.after = (quote[:start], quote[end:]) if marked else ("", "")
    side.in_one_unit = in_one_unit(stated["normalised_value"], stated["normalised_unit"])
    return side
