import datetime
from functools import lru_cache

import langcodes
from django import template
from django.conf.locale import LANG_INFO
from django.urls import get_script_prefix, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.models import Appearance, Rating

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


@register.simple_tag
def time_element(value: datetime.date | datetime.datetime | None) -> SafeString:
    """A date or time as `<time>`: ISO 8601 for machines, "26 August 2014" for people, in
    the site's time zone; nothing for None."""
    if value is None:
        return SafeString("")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), _day(value.date()))
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), _day(value))


@lru_cache(maxsize=4096)
def _day(value: datetime.date) -> str:
    # Formatting is most of what a date costs a page, and list pages repeat the same days.
    return dateformat.format(value, "j F Y")


@register.filter
def language_name(tag: str) -> str:
    """A BCP 47 tag's language in English ("ru" and "ru-RU": Russian), from the names Django
    ships; the tag itself for a language Django has no name for."""
    return _language_name(tag)


@lru_cache(maxsize=512)
def _language_name(tag: str) -> str:
    try:
        language = langcodes.Language.get(tag).language if tag else ""
    except ValueError:
        # Not a tag langcodes can read (the services store none such): shown as written.
        language = ""
    for key in (tag.lower(), language):
        if key in LANG_INFO and "name" in LANG_INFO[key]:
            return LANG_INFO[key]["name"]
    return tag


@register.filter
def outlet(source) -> str:
    """What a reader calls the place a claim appeared: its publisher, else its title, else
    its address."""
    return source.publisher or source.title or source.url


_TRANSLATED_BY = {
    Appearance.TranslatedBy.OUTLET: "translated by the outlet",
    Appearance.TranslatedBy.NEWSROOM: "translated by this newsroom",
}


@register.simple_tag
def translation_credit(appearance) -> str:
    """Who translated an appearance's words, as a phrase: "translated by the outlet", "…by
    this newsroom", "…by <the translator>"; nothing when they are not a translation. Plain
    text, so the template escapes the translator's name."""
    if not appearance.translated_by:
        return ""
    return _TRANSLATED_BY.get(appearance.translated_by, f"translated by {appearance.translator}")
