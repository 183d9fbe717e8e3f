"""A ClaimReview's reviewRating read as one of our ratings: by its name, or by its value on
the review's own scale carried onto ours (1 to 5)."""

import math

from ..models import Rating
from .export import BEST_RATING, WORST_RATING
from .reviewed import EntryRefused, text_of

RATING = "reviewRating"


def _number(value: object, what: str) -> float | None:
    if value is None or value == "":
        return None
    field = f"reviewRating.{what}"
    if isinstance(value, bool):
        raise EntryRefused(
            "unknown_rating", f"{what} must be a number, not {value!r}.", field=field
        )
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
    try:
        # A whole number of 400 digits is JSON, and too large for a float.
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise EntryRefused(
            "unknown_rating", f"{what} {shown} is not a number we can read.", field=field
        )
    return number


def rating_of(review_rating: object) -> Rating:
    """Our rating for a schema.org Rating: by its name, else by its value on our 1-5 scale."""
    if not isinstance(review_rating, dict):
        raise EntryRefused(
            "unknown_rating", "reviewRating is missing; give the verdict's rating.", field=RATING
        )
    name = text_of(review_rating.get("alternateName"))
    by_name = Rating.objects.filter(label__iexact=name).first() if name else None
    by_value, value_problem, field = None, "", f"{RATING}.alternateName" if name else RATING
    try:
        by_value = _rating_by_value(review_rating)
    except EntryRefused as refusal:
        value_problem, field = refusal.reason, refusal.field
    if by_name and by_value and by_name != by_value:
        raise EntryRefused(
            "rating_conflict",
            f"alternateName {name!r} and ratingValue {review_rating.get('ratingValue')!r} "
            f"mean different ratings here ({by_name.label} and {by_value.label}); make them agree.",
            field=f"{RATING}.ratingValue",
        )
    if by_name or by_value:
        return by_name or by_value
    labels = ", ".join(Rating.objects.values_list("label", flat=True))
    raise EntryRefused(
        "unknown_rating",
        " ".join(
            part
            for part in (
                f"alternateName {name!r} is none of our ratings." if name else "",
                value_problem,
                f"Use a ratingValue from {WORST_RATING} to {BEST_RATING} or one of: {labels}.",
            )
            if part
        ),
        field=field,
    )


def _rating_by_value(review_rating: dict) -> Rating | None:
    value = _number(review_rating.get("ratingValue"), "ratingValue")
    if value is None:
        return None
    best = _number(review_rating.get("bestRating"), "bestRating")
    worst = _number(review_rating.get("worstRating"), "worstRating")
    # schema.org's defaults when a Rating leaves its scale out.
    best = BEST_RATING if best is None else best
    worst = WORST_RATING if worst is None else worst
    if best == worst:
        raise EntryRefused(
            "unknown_rating",
            "bestRating and worstRating are the same number.",
            field=f"{RATING}.bestRating",
        )
    if not min(best, worst) <= value <= max(best, worst):
        raise EntryRefused(
            "unknown_rating",
            f"ratingValue {value:g} is outside its scale ({worst:g} to {best:g}).",
            field=f"{RATING}.ratingValue",
        )
    steps = BEST_RATING - WORST_RATING
    ours = WORST_RATING + (value - worst) * steps / (best - worst)
    if abs(ours - round(ours)) > 1e-9:
        raise EntryRefused(
            "unknown_rating",
            f"ratingValue {value:g} on a {worst:g}-to-{best:g} scale falls between two of our "
            f"ratings ({ours:.2f} of {BEST_RATING}).",
            field=f"{RATING}.ratingValue",
        )
    return Rating.objects.filter(value=round(ours)).first()
