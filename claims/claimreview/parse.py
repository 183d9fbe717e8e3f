"""Reading a schema.org ClaimReview document: its shapes, its reviews, and what each says.

A document is one ClaimReview, a list of them, or a DataFeed whose dataFeedElement holds
ClaimReviews or DataFeedItems wrapping them. `entries` walks it; `parse` reads one review
into a `Review`, or refuses it with a reason a person can act on. Nothing here writes.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone

from config.validators import BIDI_CONTROLS, REORDERING, bidi_controls_in
from sources.urlnorm import normalize_url

from ..models import Claim, Claimant, ClaimantKind, Rating
from .ratings import rating_of
from .reviewed import EntryRefused, text_of

URL_MAX_LENGTH = Claim._meta.get_field("imported_from_url").max_length
SUMMARY_MAX_LENGTH = 280
END_OF_DAY = datetime.time(23, 59, 59)
CLAIMANT_FIELD = "itemReviewed.author.name"
# What RFC 3986 lets a URL hold, and letters of any script (an IRI); nothing that Markdown or
# HTML gives a meaning to, such as <, >, quotes and spaces.
_PLAIN_URL = re.compile(r"[\w\-.~:/?#\[\]@!$&'()*+,;=%]+")


class DocumentNotClaimReview(ValidationError):
    """The document as a whole is not one of the shapes we read; nothing was imported."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_claimreview")


@dataclass
class ReviewedAppearance:
    """A page the reviewed claim appeared in: its url, what a new Source is made with, and
    when the claim appeared there (known only for the first appearance)."""

    url: str
    source_fields: dict
    made_on: datetime.date | None


@dataclass
class Review:
    url: str
    text: str
    author_name: str
    claimant_name: str
    claimant_kind: str
    # first appearance first, each page once
    appearances: list[ReviewedAppearance]
    rating: Rating
    summary: str
    published_at: datetime.datetime
    corrected_at: datetime.datetime | None


def _type(item: object) -> str:
    """The schema.org type name, whether written "ClaimReview", "schema:ClaimReview" or as a
    full IRI; for a list of types, the first one we read."""
    if not isinstance(item, dict):
        return ""
    types = item.get("@type")
    names = [t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in _as_list(types) if isinstance(t, str)]
    return next((n for n in names if n in ("ClaimReview", "DataFeed", "DataFeedItem")), "")


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def entries(document: object) -> Iterator[tuple[str, object]]:
    """Each review in document with where it sits, as a person would find it again."""
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document = document["@graph"]
    if isinstance(document, list):
        for i, item in enumerate(document):
            yield from _feed_element(item, f"[{i}]")
        return
    if _type(document) == "ClaimReview":
        yield "$", document
        return
    if _type(document) == "DataFeed":
        elements = document.get("dataFeedElement")
        if not isinstance(elements, list):
            raise DocumentNotClaimReview(
                "This DataFeed has no dataFeedElement list; put the ClaimReviews in one."
            )
        for i, element in enumerate(elements):
            yield from _feed_element(element, f"dataFeedElement[{i}]")
        return
    raise DocumentNotClaimReview(
        "Send a ClaimReview, a list of ClaimReviews, or a DataFeed with dataFeedElement; "
        "this document is none of those."
    )


def _feed_element(element: object, where: str) -> Iterator[tuple[str, object]]:
    if _type(element) != "DataFeedItem":
        yield where, element
        return
    items = element.get("item")
    if isinstance(items, list):
        for i, item in enumerate(items):
            yield f"{where}.item[{i}]", item
    else:
        yield f"{where}.item", items


def _refuse_bidi(value: str, field: str, controls: dict, *, code: str = "bidi_control") -> None:
    found = bidi_controls_in(value, controls)
    if found:
        raise EntryRefused(
            code,
            f"{field} holds bidirectional-control characters ({', '.join(found)}) that can "
            "make it read as something else; remove them.",
            field=field,
        )


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _fit(value: str, length: int) -> str:
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"


def _url(value: object, what: str, *, field: str, required: bool, source: bool) -> str:
    """A checked http(s) URL; a source's is normalised as every source URL is."""
    raw = text_of(value)
    if not raw:
        if required:
            raise EntryRefused(
                "bad_url", f"{what} is missing; give the page's http(s) URL.", field=field
            )
        return ""
    shown = raw if len(raw) <= 200 else raw[:199] + "…"
    if source:
        try:
            url = normalize_url(raw)
        except ValidationError as error:
            raise EntryRefused(
                "bad_url", f"{what} {shown!r}: {' '.join(error.messages)}", field=field
            ) from None
    else:
        # Only a key to recognise the review by, but the rationale links to it: a plain
        # absolute web address, with nothing that Markdown or a reader's eye reads otherwise.
        parts = urlsplit(raw)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise EntryRefused("bad_url", f"{what} {shown!r} is not an http(s) URL.", field=field)
        if not _PLAIN_URL.fullmatch(raw) or bidi_controls_in(raw):
            raise EntryRefused(
                "bad_url",
                f"{what} {shown!r} holds characters a web address cannot (spaces, quotes, "
                "<, >, \\, bidirectional controls); percent-encode them.",
                field=field,
            )
        url = raw
    if len(url) > URL_MAX_LENGTH:
        raise EntryRefused(
            "bad_url", f"{what} is longer than {URL_MAX_LENGTH} characters.", field=field
        )
    return url


def _date(value: object, what: str) -> datetime.date | datetime.datetime | None:
    raw = text_of(value)
    if not raw:
        return None
    try:
        if len(raw) == 10:
            return datetime.date.fromisoformat(raw)
        moment = datetime.datetime.fromisoformat(raw)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # The database stores UTC: a moment that cannot be written in it is no date to us.
        moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise EntryRefused(
            "bad_date", f"{what} {raw[:40]!r} is not a date; write it as YYYY-MM-DD.", field=what
        ) from None
    return moment


def _day(value: object, what: str) -> datetime.date | None:
    moment = _date(value, what)
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment)
    return moment


def _moment(value: object, what: str, *, at: datetime.time) -> datetime.datetime | None:
    moment = _date(value, what)
    if moment is None or isinstance(moment, datetime.datetime):
        return moment
    combined = timezone.make_aware(datetime.datetime.combine(moment, at))
    try:
        combined.astimezone(datetime.UTC)
    except OverflowError:
        raise EntryRefused("bad_date", f"{what} {moment} is out of range.", field=what) from None
    return combined


def parse(item: object) -> Review:
    if _type(item) != "ClaimReview":
        found = item.get("@type") if isinstance(item, dict) else type(item).__name__
        raise EntryRefused(
            "wrong_type", f"This entry is a {found!r}, not a ClaimReview.", field="@type"
        )
    text = text_of(item.get("claimReviewed"))
    if not text:
        raise EntryRefused(
            "missing_claim_reviewed",
            "claimReviewed is missing; give the claim in words.",
            field="claimReviewed",
        )
    _refuse_bidi(text, "claimReviewed", REORDERING)
    claim = item.get("itemReviewed")
    claim = claim if isinstance(claim, dict) else {}
    author = _first(claim.get("author"))
    claimant_name = text_of(author.get("name")) if isinstance(author, dict) else text_of(author)
    if not claimant_name:
        raise EntryRefused(
            "missing_claimant",
            "itemReviewed.author.name is missing; say who made the claim.",
            field=CLAIMANT_FIELD,
        )
    if len(claimant_name) > Claimant._meta.get_field("name").max_length:
        raise EntryRefused(
            "bad_claimant", "itemReviewed.author.name is too long for a name.", field=CLAIMANT_FIELD
        )
    _refuse_bidi(claimant_name, CLAIMANT_FIELD, BIDI_CONTROLS, code="bad_claimant")
    appearances = _appearances(claim)
    rating = rating_of(item.get("reviewRating"))
    review_author = _first(item.get("author"))
    author_name = text_of(review_author.get("name")) if isinstance(review_author, dict) else ""
    _refuse_bidi(author_name, "author.name", BIDI_CONTROLS, code="bad_author")
    url = _url(item.get("url"), "The review's url", field="url", required=False, source=False)
    # A review published and updated on the same day still comes out with both dates: a
    # date alone is read as the start of that day when published, and its end when modified.
    published_at = (
        _moment(item.get("datePublished"), "datePublished", at=datetime.time.min) or timezone.now()
    )
    corrected_at = _moment(item.get("dateModified"), "dateModified", at=END_OF_DAY)
    if corrected_at is not None and corrected_at < published_at:
        raise EntryRefused(
            "bad_date",
            "dateModified is before datePublished; a review is changed after it is out.",
            field="dateModified",
        )
    summary = next(
        (
            text_of(value)
            for value in (
                (item.get("reviewRating") or {}).get("ratingExplanation"),
                item.get("reviewBody"),
                item.get("description"),
            )
            if text_of(value)
        ),
        f"Rated {rating.label} by {author_name or 'the original publisher'}.",
    )
    return Review(
        url=url,
        text=text,
        author_name=author_name,
        claimant_name=claimant_name,
        claimant_kind=ClaimantKind.PERSON
        if isinstance(author, dict) and _type_name(author) == "Person"
        else ClaimantKind.ORGANISATION,
        appearances=appearances,
        rating=rating,
        summary=_fit(summary, SUMMARY_MAX_LENGTH),
        published_at=published_at,
        corrected_at=corrected_at,
    )


def _appearances(claim: dict) -> list[ReviewedAppearance]:
    """Every page itemReviewed names, firstAppearance first, then appearance (one page or a
    list) in its order; a page named twice is one appearance. itemReviewed.datePublished is
    when the claim first appeared: the first appearance's date."""
    named = [("itemReviewed.firstAppearance", _first(claim.get("firstAppearance")))]
    listed = claim.get("appearance")
    if isinstance(listed, list):
        named += [(f"itemReviewed.appearance[{i}]", item) for i, item in enumerate(listed)]
    else:
        named.append(("itemReviewed.appearance", listed))
    appearances: dict[str, ReviewedAppearance] = {}
    for where, work in named:
        if work is None or work == "" or work == []:
            continue
        page = _creative_work(work, where)
        if page.url not in appearances:
            appearances[page.url] = page
    if not appearances:
        raise EntryRefused(
            "missing_appearance",
            "itemReviewed.appearance is missing; give the URL of the page the claim appeared in.",
            field="itemReviewed.appearance",
        )
    first, *others = appearances.values()
    first.made_on = _day(claim.get("datePublished"), "itemReviewed.datePublished")
    return [first, *others]


def _creative_work(work: object, where: str) -> ReviewedAppearance:
    if isinstance(work, str):
        work = {"url": work}
    if not isinstance(work, dict):
        raise EntryRefused(
            "missing_appearance",
            f"{where} is neither a page nor a URL; give the URL of the page the claim appeared in.",
            field=where,
        )
    publisher = _first(work.get("publisher"))
    publisher = publisher.get("name") if isinstance(publisher, dict) else publisher
    return ReviewedAppearance(
        url=_url(work.get("url"), f"{where}.url", field=f"{where}.url", required=True, source=True),
        source_fields={
            "title": _fit(text_of(work.get("headline") or work.get("name")), 500),
            "publisher": _fit(text_of(publisher), 200),
            "published_on": _day(work.get("datePublished"), f"{where}.datePublished"),
        },
        made_on=None,
    )


def _type_name(item: dict) -> str:
    types = [t for t in _as_list(item.get("@type")) if isinstance(t, str)]
    return types[0].rsplit("/", 1)[-1].rsplit(":", 1)[-1] if types else ""
