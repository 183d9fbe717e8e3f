from django import template

from claims.models import Claim
from claims.services import is_reviewer

register = template.Library()


@register.simple_tag(takes_context=True)
def newly_assigned_count(context) -> int:
    """How many claims wait for the signed-in reviewer with no verdict started: one query."""
    user = context["request"].user
    if not user.is_authenticated or not is_reviewer(user):
        return 0
    return Claim.objects.newly_assigned_to(user).count()
