"""The admin's template tags: the reviewer's waiting count, and an appearance's checks and
chain as the admin's pages show them."""

from django import template
from django.utils.safestring import SafeString

from claims.admin import display
from claims.models import Appearance, Claim
from claims.services import is_reviewer

register = template.Library()


@register.simple_tag(takes_context=True)
def newly_assigned_count(context) -> int:
    """How many claims wait for the signed-in reviewer with no verdict started: one query."""
    user = context["request"].user
    if not user.is_authenticated or not is_reviewer(user):
        return 0
    return Claim.objects.newly_assigned_to(user).count()


@register.simple_tag
def quote_check(appearance: Appearance) -> SafeString:
    return display.quote_check(appearance)


@register.simple_tag
def original_check(appearance: Appearance) -> SafeString:
    return display.original_check(appearance)
