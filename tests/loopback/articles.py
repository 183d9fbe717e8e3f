"""News-article pages as a newsroom's archiver meets them, for benchmarks and tests that must
cost what real pages cost: a head with meta tags, styles and scripts to strip, navigation,
images, a few hundred paragraphs, and footer links; no two pages alike."""

import json
import random

SUBJECTS = (
    "The defence ministry",
    "A spokesman for the border guard",
    "The United Nations refugee agency",
    "Residents of Donetsk",
    "The paratroopers' commander",
    "A Reuters correspondent",
    "Officials in Kiev",
    "The separatist leadership",
    "Monitors from the OSCE",
    "A Russian news agency",
)
VERBS = (
    "said on Tuesday that",
    "denied reports that",
    "confirmed late on Monday that",
    "told reporters that",
    "could not say whether",
    "insisted that",
    "estimated that",
)
OBJECTS = (
    "the soldiers had crossed the border by accident",
    "{n} people had fled the fighting since April",
    "the column of armoured vehicles moved {n} km overnight",
    "talks in Minsk would resume within {n} days",
    "at least {n} civilians were killed in the shelling",
    "the convoy carried only humanitarian aid",
    "the captured men belonged to the 98th airborne division",
    "shells landed {n} metres from the hospital",
    "the ceasefire held in most of the region",
)
NAV = ("World", "Europe", "Ukraine", "Russia", "Politics", "Video", "Opinion", "Newsletters")


def _sentence(rng: random.Random) -> str:
    obj = rng.choice(OBJECTS).format(n=rng.randint(2, 260_000))
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))


def article(n: int, *, paragraphs: int = 200) -> bytes:
    """Article number n: the same bytes for the same n, different for every other."""
    rng = random.Random(n)  # noqa: S311 - made-up text, the same for the same n
    title = f"{_sentence(rng)[:-1]} (report {n})"
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": f"2014-08-{1 + n % 28:02d}T10:{n % 60:02d}:00Z",
            "author": {"@type": "Person", "name": "Staff reporter"},
        }
    )
    nav = "".join(f'<li><a href="/section/{s.lower()}">{s}</a></li>' for s in NAV)
    body = []
    for i in range(paragraphs):
        if i and i % 40 == 0:
            body.append(f"<h2>{_sentence(rng)[:60]}</h2>")
        if i % 25 == 7:
            body.append(
                f'<figure><img src="/img/{n}-{i}.jpg" srcset="/img/{n}-{i}-2x.jpg 2x" '
                f'width="800" height="450" alt="Photograph {i} of report {n}" loading="lazy">'
                f"<figcaption>{_sentence(rng)}</figcaption></figure>"
            )
        body.append(f"<p>{_paragraph(rng)}</p>")
    related = "".join(
        f'<li><a href="/article/{rng.randint(1, 10**6)}">{_sentence(rng)[:70]}</a></li>'
        for _ in range(12)
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="description" content="{_sentence(rng)}">'
        f'<meta property="og:title" content="{title}">'
        '<meta property="og:type" content="article">'
        f'<meta name="author" content="Staff reporter"><link rel="canonical" href="/a/{n}">'
        '<link rel="stylesheet" href="/static/site.css">'
        "<style>body{font:16px/1.5 Georgia,serif;margin:0}nav ul{display:flex;gap:1em}"
        ".ad{min-height:250px}figure{margin:1em 0}figcaption{color:#555}</style>"
        f'<script type="application/ld+json">{ld}</script>'
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push("
        f"arguments)}}gtag('js',new Date());gtag('config','UA-{n}');</script>"
        '<script src="/static/app.js" defer></script></head><body>'
        f'<header><a href="/">News</a><nav><ul>{nav}</ul></nav></header>'
        '<div class="ad" data-slot="top"></div>'
        f"<main><article><h1>{title}</h1>"
        '<p class="byline">By Staff reporter, <time>August 2014</time></p>'
        f"{''.join(body)}</article>"
        f"<aside><h3>Related</h3><ul>{related}</ul></aside></main>"
        '<footer><p>&copy; 2014 News</p><a href="/privacy">Privacy</a></footer>'
        "</body></html>"
    ).encode()
