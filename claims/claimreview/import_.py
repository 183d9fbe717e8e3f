"""Reading other fact-checkers' schema.org ClaimReview JSON-LD into claims and verdicts.

The inverse of claims.claimreview.export: a document that the export wrote imports into an empty
database as the claims, claimants, sources and verdicts that export them again unchanged.
The document is read by `claims.claimreview.parse`. A document imports whole or not at all:
one refused review keeps every other out, and the refusal names each refused review and the
field at fault, so the sender corrects the document and imports it again.

Every page the review names (`itemReviewed.firstAppearance` and `itemReviewed.appearance`,
one or a list) becomes an appearance of the imported claim, first appearance first.

A review is skipped, not duplicated, when its url was imported before or its words already
appeared in one of the sources it names. A review of a claim already logged in other words
(claims.similar rates it `same`) is attached to that claim instead: its pages become that
claim's appearances, in the review's words, and its verdict is not imported (the claim keeps
its own). A claim only `related` to it is named in the report beside the claim created.
"""

from dataclasses import asdict, dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q

from config.validators import BidiControlsRefused
from sources.services import source_create

from .. import services, similar
from ..markdown import markdown_literal
from ..models import Appearance, Claim, Claimant, unique_slug
from .parse import EntryRefused, Review, entries, parse, text_of


@dataclass
class Entry:
    """What happened to one review: where it sat in the document and why, for a person."""

    index: int
    where: str
    url: str = ""
    claim_reviewed: str = ""
    claim: int | None = None
    code: str = ""
    reason: str = ""
    # The field at fault in a refused review, as a path inside it ("reviewRating.ratingValue").
    field: str = ""
    # The claim already logged most like the review: {"claim", "score", "level"}.
    similar: dict | None = None

    @property
    def at(self) -> str:
        """Where in the document the fault is: the entry, then the field inside it."""
        return f"{self.where}.{self.field}" if self.field else self.where


@dataclass
class ImportReport:
    """What an import did with each review; a document with a refused review raises
    ImportRefused instead, so nothing here was refused."""

    created: list[Entry] = field(default_factory=list)
    attached: list[Entry] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)

    def as_dict(self) -> dict:
        # An entry's field names a refusal's; none of these was refused.
        return {
            kind: [{k: v for k, v in entry.items() if k != "field"} for entry in entries]
            for kind, entries in asdict(self).items()
        }


class ImportRefused(Exception):
    """Some of a document's reviews were refused, so none of them was imported. refused
    are their entries, each with its code, reason and field; total counts the reviews."""

    def __init__(self, *, refused: list[Entry], total: int) -> None:
        self.refused = refused
        self.total = total
        self.message = (
            f"{len(refused)} of {total} reviews were refused, so nothing was imported; "
            "correct them (or leave them out) and import the document again."
        )
        super().__init__(self.message)

    def fields(self) -> dict[str, list[str]]:
        """Each refusal under the path of the field at fault: "[2].reviewRating.ratingValue"."""
        return {entry.at: [entry.reason] for entry in self.refused}


def claimreview_import(*, document: object, by: AbstractBaseUser, origin: str = "") -> ImportReport:
    """Import every ClaimReview in document as a published claim, or none of them.

    origin says where the document came from (a file, a URL, "the API") for the history
    of what is imported. Raises NotPermitted when by may not import, DocumentNotClaimReview
    when the document is none of the shapes above, and ImportRefused, having written
    nothing, when any review is refused: every review is read before the first is written,
    so the refusal names each bad one, and the writes are one transaction.
    """
    services.require_may_import_reviews(by)
    read: list[tuple[Entry, Review]] = []
    refused: list[Entry] = []
    for index, (where, item) in enumerate(entries(document)):
        entry = Entry(index=index, where=where)
        if isinstance(item, dict):
            entry.url = text_of(item.get("url"))
            entry.claim_reviewed = text_of(item.get("claimReviewed"))
        try:
            read.append((entry, parse(item)))
        except EntryRefused as refusal:
            entry.code, entry.reason, entry.field = refusal.code, refusal.reason, refusal.field
            refused.append(entry)
    total = len(read) + len(refused)
    if refused:
        raise ImportRefused(refused=refused, total=total)
    report = ImportReport()
    with transaction.atomic():
        for entry, review in read:
            try:
                with transaction.atomic():
                    _write(review, entry, report, by=by, origin=origin)
            except services.WorkflowError as error:
                entry.code, entry.reason = error.code, error.message
                entry.field = error.field or ""
                refused.append(entry)
            except BidiControlsRefused as error:
                # A text the review gives a source or claimant (a headline, a publisher)
                # holds a control its field refuses.
                entry.code = error.code
                entry.reason = " ".join(
                    f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
                )
                refused.append(entry)
            except IntegrityError:
                # Another import of the same review committed between our look and our insert.
                duplicate = _duplicate_of(review)
                if duplicate is None:
                    raise
                entry.claim, entry.code, entry.reason = duplicate
                report.skipped.append(entry)
        if refused:
            raise ImportRefused(refused=refused, total=total)
    return report


def _write(review: Review, entry: Entry, report: ImportReport, *, by, origin: str) -> None:
    """Import one review, or skip or attach it, and file its entry in the report."""
    duplicate = _duplicate_of(review)
    if duplicate is not None:
        entry.claim, entry.code, entry.reason = duplicate
        report.skipped.append(entry)
        return
    entry.similar = _most_like(review)
    if entry.similar is not None and entry.similar["level"] == "same":
        _attach(review, entry, by=by)
        (report.attached if entry.code == "attached" else report.skipped).append(entry)
        return
    entry.claim = _import(review, by=by, origin=review.url or origin).pk
    if entry.similar is not None:
        entry.reason = (
            f"Created; claim {entry.similar['claim']} is related (score "
            f"{entry.similar['score']:.2f}): look whether they are one claim."
        )
    report.created.append(entry)


# Writing -----------------------------------------------------------------------------------


def _duplicate_of(review: Review) -> tuple[int, str, str] | None:
    if review.url:
        claim = Claim.objects.filter(imported_from_url=review.url).only("pk").first()
        if claim is not None:
            return claim.pk, "duplicate", f"Already imported from this url as claim {claim.pk}."
    urls = [appearance.url for appearance in review.appearances]
    # The claim's words, or an appearance's: a review attached to a claim before comes back
    # as its appearance's words.
    seen = (
        Appearance.objects.filter(Q(claim__text=review.text) | Q(quote=review.text))
        .filter(source__url__in=urls)
        .order_by("claim_id", "pk")
        .values_list("claim_id", "source__url")
        .first()
    )
    if seen is not None:
        claim_id, url = seen
        return claim_id, "duplicate", f"Claim {claim_id} has these words from {url} already."
    return None


def _most_like(review: Review) -> dict | None:
    """The claim already logged most like the review, as claims.similar rates it, or None."""
    try:
        found = similar.suggest(review.text, claimant=review.claimant_name, limit=1).results
    except similar.SimilarInputError:
        # Words the matcher cannot compare (a claim of figures alone) match nothing.
        return None
    if not found:
        return None
    best = found[0]
    return {"claim": best.claim.pk, "score": best.score, "level": best.level}


def _attach(review: Review, entry: Entry, *, by: AbstractBaseUser) -> None:
    """Log the review's pages as appearances of the claim it is the same as, in its words;
    the pages that claim appeared in already are left as they are."""
    claim = Claim.objects.get(pk=entry.similar["claim"])
    entry.claim = claim.pk
    added = 0
    for page in review.appearances:
        source = source_create(url=page.url, by=by, **page.source_fields)[0]
        if claim.appearances.filter(source=source).exists():
            continue
        services.appearance_add(
            claim=claim, by=by, source=source, quote=review.text, made_on=page.made_on
        )
        added += 1
    score = f"score {entry.similar['score']:.2f}"
    if not added:
        entry.code = "duplicate"
        entry.reason = f"Claim {claim.pk} is the same claim ({score}) and appeared there already."
        return
    entry.code = "attached"
    entry.reason = (
        f"Attached to claim {claim.pk}, the same claim ({score}): the review's {added} "
        f"page(s) are its appearances now. The review's verdict was not imported; the claim "
        "keeps its own."
    )


def _claimant(review: Review) -> Claimant:
    existing = Claimant.objects.filter(name=review.claimant_name).order_by("pk").first()
    if existing is not None:
        return existing
    return Claimant.objects.create(
        name=review.claimant_name,
        slug=unique_slug(Claimant, review.claimant_name),
        kind=review.claimant_kind,
    )


def _import(review: Review, *, by: AbstractBaseUser, origin: str) -> Claim:
    appearances = [
        (source_create(url=page.url, by=by, **page.source_fields)[0], page.made_on)
        for page in review.appearances
    ]
    # The author's name is the sender's words, shown as words: never a link or markup. The
    # url was refused by parse if it held anything an autolink would end at.
    by_whom = (
        markdown_literal(review.author_name) if review.author_name else "the original publisher"
    )
    rationale = f"Reviewed by {by_whom}" + (f": <{review.url}>" if review.url else ".")
    return services.claim_import_reviewed(
        by=by,
        text=review.text,
        appearances=appearances,
        claimant=_claimant(review),
        rating=review.rating,
        summary=review.summary,
        rationale=rationale,
        published_at=review.published_at,
        corrected_at=review.corrected_at,
        imported_from_url=review.url,
        origin=origin or "a ClaimReview document",
    )
