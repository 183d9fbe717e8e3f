from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.models import Rating

register = template.Library()


@register.simple_tag
def rating_badge(rating: Rating) -> SafeString:
    """A rating's badge, coloured by /ratings.css: a tag, not an include, since list pages
    draw one per row."""
    return format_html('<span class="rating rating--{}">{}</span>', rating.slug, rating.label)
