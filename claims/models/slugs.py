"""Slugs a person can read, made from a row's text, free of every other row's."""

from collections.abc import Callable

from anyascii import anyascii
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

# How many slugs a save tries when other writers keep taking the one it chose.
SLUG_ATTEMPTS = 3


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 80) -> str:
    """A slug made from text that no row of model has yet: "text", then "text-2", ...

    Text in another script is transliterated first, so a claim in Ukrainian or Russian gets
    a slug a person can read rather than the model's name and a number. One query, however
    many rows share the slug's start.
    """
    base = slugify(anyascii(text))[: max_length - 4].strip("-") or model._meta.model_name
    # slugify leaves only [a-z0-9_-], none of which a regular expression treats specially.
    # The prefix lets the database walk the slug's index; the pattern keeps "text-2" and
    # drops "text-and-more".
    taken = set(
        model._default_manager.filter(slug__startswith=base, slug__regex=rf"^{base}(-[0-9]+)?$")
        .order_by()
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def save_with_unique_slug(obj: models.Model, text: str, save: Callable[[], None]) -> None:
    """Give obj a free slug made from text and save it with save().

    Another writer can take the same slug between the check and the insert; the unique
    index then refuses this one, and it tries again with the next free slug instead of
    failing the request.
    """
    model = type(obj)
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        obj.slug = unique_slug(model, text)
        try:
            with transaction.atomic():
                save()
        except IntegrityError:
            if (
                attempt == SLUG_ATTEMPTS
                or not model._default_manager.filter(slug=obj.slug).exists()
            ):
                raise
        else:
            return
