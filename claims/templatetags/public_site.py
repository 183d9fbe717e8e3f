from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.models import Rating

register = template.Library()


@register.simple_tag
def rating_badge(rating: Rating) -> SafeString:
    """A rating's badge, coloured by /ratings.css: a tag, not an include, since list pages
    draw one per row."""
    return format_html('<span class="rating rating--{}">{}</span>', rating.slug, rating.label)


@register.simple_tag
def cached_url(name: str, *args) -> str:
    """`{% url %}` for the public pages, reversed once per process for each name, arguments
    and script prefix: the URLconf doesn't change while the process runs, and reversing was
    the costliest thing a claim page's template did (seventeen times a page)."""
    return _reverse(get_script_prefix(), name, args)


@lru_cache(maxsize=20_000)
def _reverse(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)
