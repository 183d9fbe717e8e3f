"""The rating badges' colours: a stylesheet made from the Rating rows.

Editors set each rating's colour in the admin. The public site's CSP allows no inline style,
so the colours reach pages as a stylesheet of their own, cached with the public pages and
made stale by the same content version when a rating is saved.

Badge text is white or black, whichever contrasts more with the colour. For any colour one
of the two reaches at least 4.58:1, above the 4.5:1 WCAG AA asks of normal text, so no
colour an editor picks can make a badge unreadable.
"""

import re
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from ..models import Rating
from .cache import public_page

WHITE = "#ffffff"
BLACK = "#000000"
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    linear = []
    for start in (1, 3, 5):
        channel = int(colour[start : start + 2], 16) / 255
        linear.append(channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4)
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def text_colour(background: str) -> str:
    """White or black, whichever contrasts more with background (#rrggbb)."""
    luminance = _relative_luminance(background)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return WHITE if on_white >= on_black else BLACK


def _identifier_tail(text: str) -> str:
    """text escaped to continue a CSS identifier: no character of it can end the selector."""
    return "".join(
        char if char.isascii() and (char.isalnum() or char in "-_") else f"\\{ord(char):x} "
        for char in text
    )


def rating_css(ratings: Iterable[tuple[str, str]]) -> str:
    """One rule per (slug, colour), for the badges the rating_badge template tag draws."""
    rules = []
    for slug, colour in ratings:
        # The model refuses such a colour, but a row written around its validation (a
        # migration, the shell) must not put what it holds into the stylesheet: its badge
        # keeps site.css's grey.
        if not _HEX_COLOUR.fullmatch(colour):
            continue
        background = colour.lower()
        rules.append(
            f".rating--{_identifier_tail(slug)} "
            f"{{ background: {background}; color: {text_colour(background)}; }}\n"
        )
    return "".join(rules)


@require_safe
@public_page
def rating_styles(request: HttpRequest) -> HttpResponse:
    ratings = Rating.objects.order_by("slug").values_list("slug", "colour")
    return HttpResponse(rating_css(ratings), content_type="text/css; charset=utf-8")
