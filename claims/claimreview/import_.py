"""Reading other fact-checkers' schema.org ClaimReview JSON-LD into claims and verdicts.

The inverse of claims.claimreview.export: a document that the export wrote imports into an empty
database as the claims, claimants, sources and verdicts that export them again unchanged.
The document is read by `claims.claimreview.parse`. Each review is imported in a transaction of
its own, so a bad one is refused whole and the good ones around it still go in.

Every page the review names (`itemReviewed.firstAppearance` and `itemReviewed.appearance`,
one or a list) becomes an appearance of the imported claim, first appearance first.

A review is skipped, not duplicated, when its url was imported before or a claim with the
same words already appeared in one of the sources it names.
"""

from dataclasses import asdict, dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from sources.services import source_create

from .. import services
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


@dataclass
class ImportReport:
    created: list[Entry] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)
    refused: list[Entry] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def claimreview_import(*, document: object, by: AbstractBaseUser, origin: str = "") -> ImportReport:
    """Import every ClaimReview in document as a published claim; report each one's fate.

    origin says where the document came from (a file, a URL, "the API") for the history
    of what is imported. Raises NotPermitted when by may not import, and
    DocumentNotClaimReview when the document is none of the shapes above.
    """
    services.require_may_import_reviews(by)
    report = ImportReport()
    for index, (where, item) in enumerate(entries(document)):
        entry = Entry(index=index, where=where)
        if isinstance(item, dict):
            entry.url = text_of(item.get("url"))
            entry.claim_reviewed = text_of(item.get("claimReviewed"))
        try:
            review = parse(item)
            with transaction.atomic():
                duplicate = _duplicate_of(review)
                if duplicate is not None:
                    entry.claim, entry.code, entry.reason = duplicate
                    report.skipped.append(entry)
                    continue
                entry.claim = _import(review, by=by, origin=review.url or origin).pk
        except EntryRefused as refusal:
            entry.code, entry.reason = refusal.code, refusal.reason
            report.refused.append(entry)
            continue
        except services.WorkflowError as error:
            entry.code, entry.reason = error.code, error.message
            report.refused.append(entry)
            continue
        except IntegrityError:
            # Another import of the same review committed between our look and our insert.
            duplicate = _duplicate_of(review)
            if duplicate is None:
                raise
            entry.claim, entry.code, entry.reason = duplicate
            report.skipped.append(entry)
            continue
        report.created.append(entry)
    return report


# Writing -----------------------------------------------------------------------------------


def _duplicate_of(review: Review) -> tuple[int, str, str] | None:
    if review.url:
        claim = Claim.objects.filter(imported_from_url=review.url).only("pk").first()
        if claim is not None:
            return claim.pk, "duplicate", f"Already imported from this url as claim {claim.pk}."
    urls = [appearance.url for appearance in review.appearances]
    seen = (
        Appearance.objects.filter(claim__text=review.text, source__url__in=urls)
        .order_by("claim_id", "pk")
        .values_list("claim_id", "source__url")
        .first()
    )
    if seen is not None:
        claim_id, url = seen
        return claim_id, "duplicate", f"Claim {claim_id} has these words from {url} already."
    return None


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
    by_whom = review.author_name or "the original publisher"
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
