"""A suggested claim logged as a claim, with its claimant and chain, or dismissed with a
reason: a researcher's decision, which a later reading of the article never undoes."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.validators import BIDI_CONTROLS
from sources.models import Source

from ..models import Attribution, Claim, Claimant, SuggestedClaim, save_with_unique_slug
from .appearances import claim_create
from .errors import ReasonRequired, SuggestionDecided, SuggestionInvalid, WorkflowError
from .rows import save_with_reason
from .rules import require_permission

Status = SuggestedClaim.Status


@contextmanager
def _refused_as_invalid(what: str, *, field: str | None = None) -> Iterator[None]:
    """A row's own validation (a name holding a bidi control, a verb too long) refused as
    SuggestionInvalid, saying what it is about, rather than as an error no form can place.
    field is the one it is about; else the row's field, where the error names one."""
    try:
        yield
    except WorkflowError:
        raise
    except ValidationError as error:
        named = list(getattr(error, "error_dict", {}))
        raise SuggestionInvalid(
            f"{what}: {' '.join(error.messages)}",
            field=field or (named[0] if len(named) == 1 else None),
        ) from error


def _visible(words: str) -> str:
    """words without the bidi controls, which would reorder the message quoting them."""
    return "".join(ch for ch in words if ch not in BIDI_CONTROLS)


def _open(suggestion: SuggestedClaim) -> SuggestedClaim:
    suggestion = SuggestedClaim.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Status.OPEN:
        raise SuggestionDecided(
            f"This sentence was {suggestion.get_status_display()} already"
            + (f" (“{suggestion.dismissed_reason}”)" if suggestion.dismissed_reason else "")
            + "; reload the article's page."
        )
    return suggestion


@transaction.atomic
def suggestion_dismiss(
    *, suggestion: SuggestedClaim, by: AbstractBaseUser, reason: str
) -> SuggestedClaim:
    """Set a suggested sentence aside, saying why ("scene-setting", "logged as claim 12"):
    it is not suggested again."""
    require_permission(by, "claims.change_suggestedclaim", "dismiss suggested claims")
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(
            "Say why this sentence is not a claim to log; it is kept with the sentence.",
            field="reason",
        )
    suggestion = _open(suggestion)
    suggestion.status, suggestion.dismissed_reason = Status.DISMISSED, reason
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    save_with_reason(suggestion, by=by, reason=f"dismissed: {reason}")
    return suggestion


def claimant_for(*, name: str, kind: str, by: AbstractBaseUser) -> Claimant:
    """The claimant named name: a new one of kind, since a person chose to log it so."""
    require_permission(by, "claims.add_claimant", "add claimants")
    name = name.strip()
    if not name:
        raise SuggestionInvalid("Name who made the claim.", field="claimant_name")
    if kind not in Claimant.Kind.values:
        raise SuggestionInvalid(
            f"A claimant's kind is one of: {', '.join(Claimant.Kind.values)}.",
            field="claimant_kind",
        )
    claimant = Claimant(name=name[:200], kind=kind)
    with _refused_as_invalid(f"The claimant “{_visible(name)}”", field="claimant_name"):
        claimant.full_clean(exclude=["slug"])
        claimant._history_user, claimant._change_reason = by, "added for a suggested claim"
        save_with_unique_slug(claimant, name, claimant.save)
    return claimant


@transaction.atomic
def suggestion_log(
    *,
    suggestion: SuggestedClaim,
    by: AbstractBaseUser,
    text: str,
    claimant: Claimant,
    quote: str,
    chain: list[tuple[Claimant, str]] = (),  # type: ignore[assignment]
    position: int = 0,
) -> Claim:
    """Log a suggested sentence as a new claim (a draft) that appeared in its source in
    quote, with its chain, hop by hop from the outlet outward; the suggestion is then
    marked logged, with the appearance. What a claim, an appearance or a hop may not hold
    is refused as SuggestionInvalid, and nothing is written."""
    suggestion = _open(suggestion)
    source = Source.objects.get(pk=suggestion.source_id)
    with _refused_as_invalid("The claim or its quote"):
        claim = claim_create(
            by=by, text=text, claimant=claimant, source=source, quote=quote, position=position
        )
    appearance = claim.first_appearance
    for hop, (hop_claimant, verb) in enumerate(chain, start=1):
        attribution = Attribution(
            appearance=appearance, position=hop, claimant=hop_claimant, verb=verb
        )
        shown = f"{_visible(hop_claimant.name)} ({_visible(verb)})"
        with _refused_as_invalid(f"Hop {hop} of the chain, “{shown}”", field="chain"):
            attribution.full_clean()
            save_with_reason(attribution, by=by, reason="logged from a suggested claim")
    suggestion.status, suggestion.appearance = Status.LOGGED, appearance
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    save_with_reason(suggestion, by=by, reason=f"logged as claim {claim.pk}")
    return claim
