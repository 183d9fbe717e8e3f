"""Markdown to HTML for verdict rationales, sanitised so that what pages show is safe."""

import re
import string

import nh3
from markdown_it import MarkdownIt

# Raw HTML is allowed through the Markdown parser on purpose: reviewers paste <sup> or
# <abbr> from their notes, and nh3 decides what survives rather than the parser escaping it
# into visible tags.
_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# No <img> (a rationale must not load third-party pixels on the claim page) and no <h1>
# (the page owns its title). Everything else a rationale plausibly needs.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Readers follow links to evidence; search engines should not read them as our endorsement,
# and the opened page must not get a handle on ours.
LINK_REL = "nofollow noopener"


def render_markdown(text: str) -> str:
    """Markdown rendered to HTML, with only safe tags, attributes and link schemes kept."""
    if not text.strip():
        return ""
    return nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")


def markdown_literal(text: str) -> str:
    """text as Markdown that renders as exactly these words on one line: every ASCII
    punctuation character escaped (CommonMark lets each one be), so no link, image, tag or
    emphasis can be made of it."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
