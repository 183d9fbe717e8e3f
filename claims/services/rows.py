"""How the workflow reads and writes its rows: under the claim's lock, and with who acted and
why in the row's history."""

from django.contrib.auth.models import AbstractBaseUser

from ..models import Claim, Verdict


def locked_claim(claim: Claim) -> Claim:
    # Every workflow write locks the claim row first, so two people acting on one claim
    # take turns and the second sees what the first did.
    return Claim.objects.select_for_update().get(pk=claim.pk)


def locked_verdict(verdict: Verdict) -> tuple[Claim, Verdict]:
    claim = locked_claim(verdict.claim)
    return claim, Verdict.objects.select_for_update().get(pk=verdict.pk)


def save_with_reason(obj, *, by: AbstractBaseUser, reason: str, **kwargs) -> None:
    """Save obj with by as the author and reason as the history entry's change reason."""
    obj._history_user = by
    obj._change_reason = reason
    obj.save(**kwargs)


# An appearance's fields that are the words a verdict rates, as opposed to where they are.
WORDS_FIELDS = ("quote", "original_quote")


def record_rewording(claim: Claim, *, by: AbstractBaseUser) -> None:
    """Record by as the one who last changed the words claim's verdict rates, which the
    four-eyes rule reads. An update, not a save: the change itself is in the history of the
    row that changed."""
    Claim.objects.filter(pk=claim.pk).update(wording_changed_by=by)
    claim.wording_changed_by = by
