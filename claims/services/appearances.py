"""Where and in what words a claim was published: a claim logged with its first appearance,
appearances added, changed, removed and split out into claims of their own, and what the
claim row keeps of them (its first appearance, and their words for search).

On a public claim every one of these is a reviewer's act: the verdict readers see rates the
claim as it appeared, so a researcher's change would show them words nobody rated.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from sources.models import Source

from .. import visibility
from ..freshness import public_content_changed
from ..models import Appearance, Claim, Claimant, Topic, quote_words_key, standard_language_tag
from .discrepancies import discrepancies_refresh
from .errors import (
    AppearanceChangedSinceOpened,
    AppearanceExists,
    AppearanceInvalid,
    LastAppearance,
    ReasonRequired,
)
from .figures import figures_read
from .rows import WORDS_FIELDS, locked_claim, record_rewording, save_with_reason
from .rules import (
    require_appearances_editable,
    require_permission,
    require_reviewer,
)

# What a person writes of an appearance; the rest is the services' and the quote check's.
APPEARANCE_FIELDS = (
    "source",
    "quote",
    "language",
    "position",
    "made_on",
    "original_quote",
    "original_language",
    "translated_by",
    "translator",
)


def clean_appearance(fields: dict) -> dict:
    """fields as an appearance stores them, or AppearanceInvalid naming the field at fault:
    a quote with words, language tags in BCP 47 and in their standard form, and a
    translation that says its original language and who translated it."""
    fields = dict(fields)
    for name in ("quote", "original_quote", "translator"):
        fields[name] = (fields.get(name) or "").strip()
    if not fields["quote"]:
        raise AppearanceInvalid("Give the exact words as they were published there.", field="quote")
    for name in ("language", "original_language"):
        try:
            fields[name] = standard_language_tag(fields.get(name) or "")
        except ValidationError as error:
            raise AppearanceInvalid(error.messages[0], field=name) from error
    fields["translated_by"] = fields.get("translated_by") or ""
    if fields["translated_by"] not in ("", *Appearance.TranslatedBy.values):
        raise AppearanceInvalid(
            f"Say who translated with one of: {', '.join(Appearance.TranslatedBy.values)}.",
            field="translated_by",
        )
    if (fields["original_quote"] or fields["original_language"]) and not fields["translated_by"]:
        raise AppearanceInvalid(
            "These words are given as a translation: say who translated them.",
            field="translated_by",
        )
    if fields["translated_by"] and not fields["original_language"]:
        raise AppearanceInvalid(
            "Say which language the words were first said in (a BCP 47 tag such as ru).",
            field="original_language",
        )
    if fields["translated_by"] == Appearance.TranslatedBy.TRANSLATOR:
        if not fields["translator"]:
            raise AppearanceInvalid("Name the translator.", field="translator")
    elif fields["translator"]:
        raise AppearanceInvalid(
            "A translator's name goes with “a named translator” only.", field="translator"
        )
    fields["position"] = fields.get("position") or 0
    return fields


def require_free_place(appearance: Appearance) -> None:
    """Refuse words logged already at the same place in the same source, on any claim."""
    taken = (
        Appearance.objects.filter(
            source=appearance.source,
            position=appearance.position,
            words_key=quote_words_key(appearance.quote),
        )
        .exclude(pk=appearance.pk)
        .select_related("claim")
        .first()
    )
    if taken is not None:
        raise AppearanceExists(
            f"These words at this place in “{appearance.source}” are logged already, as an "
            f"appearance of claim {taken.claim_id} (“{taken.claim}”). Attach nothing twice: "
            "if this is that claim, there is nothing to add; the same words elsewhere in the "
            "source (a caption, say) go in at another position.",
            field="quote",
        )


def appearances_changed(claim: Claim) -> None:
    """Record on the claim row its first appearance (the earliest, the first logged among
    equals) and the words of every appearance, which search reads, and bring the figures
    that disagree up to date with them. An update, not a save: derived data leaves the
    claim's revision and history alone."""
    rows = list(claim.appearances.in_order().values_list("pk", "quote"))
    first = rows[0][0] if rows else None
    words = "\n".join(quote for _, quote in rows)
    Claim.objects.filter(pk=claim.pk).update(first_appearance_id=first, appearance_words=words)
    claim.first_appearance_id, claim.appearance_words = first, words
    # The cached related object may be another appearance now.
    claim._state.fields_cache.pop("first_appearance", None)
    # Figures that disagree, too, follow the appearances wherever they went.
    discrepancies_refresh([claim], by=None)


def _refresh_if_public(*claims: Claim) -> None:
    if any(visibility.is_public(claim.pk) for claim in claims):
        public_content_changed()


def _save_appearance(appearance: Appearance, *, by: AbstractBaseUser, reason: str, **kwargs):
    require_free_place(appearance)
    save_with_reason(appearance, by=by, reason=reason, **kwargs)
    if kwargs.get("update_fields") is None or "quote" in kwargs["update_fields"]:
        figures_read(appearance)


@transaction.atomic
def claim_create(
    *,
    by: AbstractBaseUser,
    text: str,
    claimant: Claimant,
    source: Source,
    quote: str,
    language: str = "",
    position: int = 0,
    made_on: datetime.date | None = None,
    original_quote: str = "",
    original_language: str = "",
    translated_by: str = "",
    translator: str = "",
    place: str = "",
    slug: str = "",
    topics: list[Topic] | tuple = (),
) -> Claim:
    """Log a claim, as a draft, with the place it appeared in as its first appearance."""
    require_permission(by, "claims.add_claim", "log claims")
    fields = clean_appearance(
        {
            "source": source,
            "quote": quote,
            "language": language,
            "position": position,
            "made_on": made_on,
            "original_quote": original_quote,
            "original_language": original_language,
            "translated_by": translated_by,
            "translator": translator,
        }
    )
    claim = Claim(
        text=text,
        claimant=claimant,
        place=place,
        slug=slug,
        created_by=by,
        wording_changed_by=by,
    )
    save_with_reason(claim, by=by, reason="logged")
    claim.topics.set(topics)
    _save_appearance(Appearance(claim=claim, created_by=by, **fields), by=by, reason="logged")
    appearances_changed(claim)
    return claim


@transaction.atomic
def appearance_add(*, claim: Claim, by: AbstractBaseUser, **fields) -> Appearance:
    """Record another place the claim was published, in the words it was published in."""
    require_permission(by, "claims.add_appearance", "add appearances")
    claim = locked_claim(claim)
    require_appearances_editable(claim, by)
    appearance = Appearance(claim=claim, created_by=by, **clean_appearance(fields))
    _save_appearance(appearance, by=by, reason="added")
    appearances_changed(claim)
    record_rewording(claim, by=by)
    _refresh_if_public(claim)
    return appearance


@transaction.atomic
def appearance_update(
    *,
    appearance: Appearance,
    by: AbstractBaseUser,
    seen_revision: int | None = None,
    reason: str = "edited",
    **changes,
) -> Appearance:
    """Change what is recorded of one appearance; changes names only what changes.

    seen_revision is the appearance's revision as the person read it: a save made since is
    not overwritten. reason is the history entry's.
    """
    require_permission(by, "claims.change_appearance", "change appearances")
    claim = locked_claim(appearance.claim)
    appearance = Appearance.objects.select_for_update().get(pk=appearance.pk)
    if seen_revision is not None and appearance.revision != seen_revision:
        raise AppearanceChangedSinceOpened(
            "Someone changed this appearance since you opened it, so your save would "
            "overwrite their work. Open it again to see their changes, then make yours."
        )
    unknown = set(changes) - set(APPEARANCE_FIELDS)
    if unknown:
        raise AppearanceInvalid(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    current = {name: getattr(appearance, name) for name in APPEARANCE_FIELDS}
    fields = clean_appearance({**current, **changes})
    changed = [name for name in APPEARANCE_FIELDS if fields[name] != current[name]]
    if not changed:
        return appearance
    require_appearances_editable(claim, by)
    for name in changed:
        setattr(appearance, name, fields[name])
    _save_appearance(appearance, by=by, reason=reason, update_fields=changed)
    appearances_changed(claim)
    if set(changed) & set(WORDS_FIELDS):
        record_rewording(claim, by=by)
    _refresh_if_public(claim)
    return appearance


@transaction.atomic
def appearance_remove(*, appearance: Appearance, by: AbstractBaseUser, reason: str = "") -> Claim:
    """Remove an appearance logged by mistake; a claim keeps at least one."""
    require_permission(by, "claims.delete_appearance", "remove appearances")
    claim = locked_claim(appearance.claim)
    require_appearances_editable(claim, by)
    if not claim.appearances.exclude(pk=appearance.pk).exists():
        raise LastAppearance(
            "This is the claim's only appearance, and a claim needs the words it was said "
            "in. Add where it really appeared first, then remove this one."
        )
    appearance._history_user = by
    appearance._change_reason = f"removed: {reason.strip()}" if reason.strip() else "removed"
    appearance.delete()
    appearances_changed(claim)
    record_rewording(claim, by=by)
    _refresh_if_public(claim)
    return claim


@transaction.atomic
def appearance_split(
    *, appearance: Appearance, by: AbstractBaseUser, reason: str, text: str = ""
) -> Claim:
    """Make an appearance a claim of its own: a draft with the same claimant, place and
    topics, and the claim's text unless text is given. Merging it back undoes the split."""
    require_reviewer(by, "split claims")
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(
            "Say why these words are a claim of their own; the reason is kept in history.",
            field="reason",
        )
    claim = locked_claim(appearance.claim)
    require_appearances_editable(claim, by)
    appearance = Appearance.objects.select_for_update().get(pk=appearance.pk)
    if not claim.appearances.exclude(pk=appearance.pk).exists():
        raise LastAppearance(
            "This is the claim's only appearance, so it is already a claim of its own."
        )
    new = Claim(
        text=text.strip() or claim.text,
        claimant=claim.claimant,
        place=claim.place,
        created_by=by,
    )
    save_with_reason(new, by=by, reason=f"split from claim {claim.pk}: {reason}")
    new.topics.set(claim.topics.all())
    appearance.claim = new
    save_with_reason(
        appearance, by=by, reason=f"split into claim {new.pk}: {reason}", update_fields=["claim"]
    )
    appearances_changed(claim)
    appearances_changed(new)
    _refresh_if_public(claim)
    return new
