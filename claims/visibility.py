"""What anonymous readers see: the one rule that every page, feed, sitemap, API view, export
and cache refresh asks, and whether a write touches it.

A claim is public while it shows a published verdict. That includes a claim back in review
while a correction is drafted: the services keep its earlier verdict published until the
correction replaces it, so readers go on seeing what we last stood behind. An unpublished
claim has no published verdict left, so it is hidden. The services record that verdict on
the claim row (`published_verdict`), and a constraint keeps a claim that has one past draft,
so the rule is one indexed column.

Everything else readers see follows from the public claims:
- appearances, their chains and the claim's citations: a public claim's page shows them;
- verdicts: a public claim's published version and the superseded ones before it, which are
  the record of what was corrected and when;
- claimants: those a public claim is attributed to (their page), and in the API also those
  named as a hop of a public claim's chain;
- topics and articles: those a public claim is filed under or appeared in;
- sources: those a public claim appeared in or cites; the archive shows anyone their archived
  copies (`ARCHIVE_PUBLIC_SOURCES` names `public_source_ids`).

In the API, staff with a model's view permission read every row of it (`visible_to`).

The models' own QuerySets hold no visibility rule: this module reads the models, so a rule
there would either repeat one of these or import this module back.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from config.api import is_staff_reader
from sources.models import Capture, Source

from .freshness import public_content_changed
from .models import (
    Appearance,
    Attribution,
    Citation,
    Claim,
    Claimant,
    ClaimantName,
    Discrepancy,
    Figure,
    Rating,
    Topic,
    Verdict,
    VerdictStatus,
)

SHOWN_VERDICTS = (VerdictStatus.PUBLISHED, VerdictStatus.SUPERSEDED)


def public_claim(prefix: str = "") -> Q:
    """What makes a claim public, as a condition on the claim at prefix ("claims__" from a
    source or claimant). The partial indexes on Claim cover exactly these rows. From a row
    that names one claim ("claim__"), this joins that claim: `claim__in=public_claims()`
    had SQLite read every public claim for each such lookup (0.9 s at 100,000 claims)."""
    return Q(**{f"{prefix}published_verdict__isnull": False})


def public_claims(claims: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """The claims anyone may see, of claims (all claims by default)."""
    return (Claim.objects.all() if claims is None else claims).filter(public_claim())


def is_public(claim_id: int) -> bool:
    return public_claims().filter(pk=claim_id).exists()


def public_verdicts(verdicts: QuerySet[Verdict] | None = None) -> QuerySet[Verdict]:
    """Published and superseded versions of public claims, of verdicts (all by default)."""
    verdicts = Verdict.objects.all() if verdicts is None else verdicts
    return verdicts.filter(public_claim("claim__"), status__in=SHOWN_VERDICTS)


def public_versions_prefetch() -> Prefetch:
    """Prefetches each claim's shown versions, newest first, into `claim.public_verdicts`;
    for claims that are already public, or whose drafts a page leaves out."""
    return Prefetch(
        "verdicts",
        queryset=Verdict.objects.filter(status__in=SHOWN_VERDICTS)
        .select_related("rating")
        .order_by("-version"),
        to_attr="public_verdicts",
    )


def public_versions(claim: Claim) -> list[Verdict]:
    """The claim's published and superseded verdicts, newest version first: what
    `public_versions_prefetch` put on the claim, or one query without it."""
    prefetched = getattr(claim, "public_verdicts", None)
    if prefetched is not None:
        return prefetched
    return list(
        claim.verdicts.filter(status__in=SHOWN_VERDICTS)
        .select_related("rating")
        .order_by("-version")
    )


def public_parts(parts: QuerySet) -> QuerySet:
    """Appearances or citations of public claims: their pages show them."""
    return parts.filter(public_claim("claim__"))


def public_hops(hops: QuerySet[Attribution]) -> QuerySet[Attribution]:
    """The chains of public claims' appearances."""
    return hops.filter(public_claim("appearance__claim__"))


def public_figures(figures: QuerySet[Figure]) -> QuerySet[Figure]:
    """The figures of public claims' appearances, as their pages show them."""
    return figures.filter(public_claim("appearance__claim__"), removed=False)


def public_discrepancies(
    discrepancies: QuerySet[Discrepancy] | None = None,
) -> QuerySet[Discrepancy]:
    """Figures that disagree as readers see them: confirmed by a reviewer, not outdated
    since, and between public claims only (the other side's quote is shown too, and a
    draft's words are no reader's business)."""
    discrepancies = Discrepancy.objects.all() if discrepancies is None else discrepancies
    return discrepancies.filter(
        public_claim("claim__"),
        public_claim("other_claim__"),
        status=Discrepancy.Status.CONFIRMED,
        outdated=False,
    )


def public_claimants(claimants: QuerySet[Claimant] | None = None) -> QuerySet[Claimant]:
    """Claimants a public claim is attributed to: those with a page and a track record."""
    claimants = Claimant.objects.all() if claimants is None else claimants
    return claimants.filter(Exists(public_claims().filter(claimant=OuterRef("pk"))))


def claimants_named_publicly(claimants: QuerySet[Claimant] | None = None) -> QuerySet[Claimant]:
    """Claimants a public claim names, as its claimant or as a hop of its chain."""
    claimants = Claimant.objects.all() if claimants is None else claimants
    public = public_claims()
    hop = Attribution.objects.filter(public_claim("appearance__claim__"), claimant=OuterRef("pk"))
    return claimants.filter(Q(Exists(public.filter(claimant=OuterRef("pk")))) | Q(Exists(hop)))


def public_topics() -> QuerySet[Topic]:
    """Topics a public claim is filed under. Asked topic by topic for its first public
    claim (a subquery PostgreSQL runs per topic through the filing's index), where an
    Exists let it join every public claim to every filing: 130 ms at 100,000 claims."""
    filed = Claim.topics.through.objects.filter(
        public_claim("claim__"), topic_id=OuterRef("pk")
    ).values("pk")[:1]
    return Topic.objects.annotate(first_public_filing=Subquery(filed)).filter(
        first_public_filing__isnull=False
    )


def _appeared_in() -> Exists:
    """A public claim appeared in the source at OuterRef("pk")."""
    return Exists(Appearance.objects.filter(public_claim("claim__"), source=OuterRef("pk")))


def public_articles() -> QuerySet[Source]:
    """Sources a public claim appeared in: the articles with a page."""
    return Source.objects.filter(_appeared_in())


def public_source_ids() -> QuerySet:
    """Ids of the sources a public claim appeared in or cites, as a subquery: the archive
    shows anyone their archived copies (the `ARCHIVE_PUBLIC_SOURCES` default)."""
    cited = Citation.objects.filter(public_claim("claim__"), source=OuterRef("pk"))
    return Source.objects.filter(Q(Exists(cited)) | Q(_appeared_in())).values("pk")


# What a reader of the API sees of each model it serves; staff with the model's view
# permission see every row.
_SHOWN_IN_THE_API = {
    Claim: public_claims,
    Verdict: public_verdicts,
    Claimant: claimants_named_publicly,
    Appearance: public_parts,
    Attribution: public_hops,
    Figure: public_figures,
    Citation: public_parts,
    Discrepancy: public_discrepancies,
}


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """queryset as user may read it: all of it for staff who may view the model's rows,
    otherwise what readers see. A row they may not see is as unknown to them as one that
    does not exist."""
    opts = queryset.model._meta
    if is_staff_reader(user, f"{opts.app_label}.view_{opts.model_name}"):
        return queryset
    return _SHOWN_IN_THE_API[queryset.model](queryset)


def shown_publicly(obj: models.Model) -> bool:
    """Whether a public page shows obj, so that changing it must refresh the pages.

    A claim is shown while it is public (under correction too); its appearances, their
    chains and figures, and its evidence with it; a claimant a public claim names, and their other
    names; a topic a public claim is filed under; a source a public claim appeared in or
    cites; every rating (the scale's page and badges).
    """
    match obj:
        case Claim():
            return is_public(obj.pk)
        case Appearance() | Citation():
            return is_public(obj.claim_id)
        case Attribution() | Figure():
            return public_claims().filter(appearances=obj.appearance_id).exists()
        case Claimant():
            return claimants_named_publicly().filter(pk=obj.pk).exists()
        case ClaimantName():
            return claimants_named_publicly().filter(pk=obj.claimant_id).exists()
        case Topic():
            return public_topics().filter(pk=obj.pk).exists()
        case Source():
            return public_source_ids().filter(pk=obj.pk).exists()
        case Rating():
            return True
    raise TypeError(f"No public page rule for {type(obj).__name__}.")


def refresh_if_shown(*objs: models.Model) -> None:
    """After a write to objs: if a public page shows one of them, mark every public page
    stale once the transaction commits. A row just added to a draft is on no page, so
    logging drafts all day leaves the readers' cache alone."""
    if any(obj.pk is not None and shown_publicly(obj) for obj in objs):
        public_content_changed()


@contextmanager
def refresh_around(*objs: models.Model) -> Iterator[None]:
    """Around a change or a delete of objs: refresh if a public page showed one of them
    before the write or shows one after it. Before, too: a citation moved from a published
    claim to a draft leaves the published claim's page. The admin and the API both edit
    through this."""
    shown = any(obj.pk is not None and shown_publicly(obj) for obj in objs)
    yield
    if shown:
        public_content_changed()
    else:
        # A deleted row has no pk left, so only rows still there are asked again.
        refresh_if_shown(*objs)


def _source_changed(source_id: int) -> None:
    if public_source_ids().filter(pk=source_id).exists():
        public_content_changed()


def on_capture_finished(sender, *, capture: Capture, **kwargs) -> None:
    """A capture of a source that public pages show changes its archived-copy link, its
    quote check or its "the original has changed" notice."""
    _source_changed(capture.source_id)


def on_change_accepted(sender, *, source: Source, **kwargs) -> None:
    """An accepted change takes the "original has changed" notice off the source's claims."""
    _source_changed(source.pk)
