"""Addresses and messages of the admin's review pages, for its tests."""

from django.contrib.messages import get_messages
from django.urls import reverse

CHANGELIST = reverse("admin:claims_claim_changelist")
VERDICT_ADD = reverse("admin:claims_verdict_add")


def claim_page(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def verdict_page(verdict) -> str:
    return reverse("admin:claims_verdict_change", args=[verdict.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]
