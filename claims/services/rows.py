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
