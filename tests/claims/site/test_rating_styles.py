"""The rating badges' colours come from the Rating rows, through /ratings.css."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import Rating
from claims.site.styles import rating_css
from tests.adminforms import form_data

pytestmark = pytest.mark.django_db

STYLESHEET = "/ratings.css"
RULE = re.compile(
    r"\.rating--(?P<slug>\S+) \{ background: (?P<bg>#\w{6}); color: (?P<fg>#\w{6}); \}"
)


def _rules(css: str) -> dict[str, tuple[str, str]]:
    return {m["slug"]: (m["bg"], m["fg"]) for m in RULE.finditer(css)}


def _contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, worked out here rather than taken from the code under test."""

    def luminance(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _admin_page(rating: Rating) -> str:
    return reverse("admin:claims_rating_change", args=[rating.pk])


def test_the_stylesheet_has_a_rule_per_rating_with_its_colour(client):
    response = client.get(STYLESHEET)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    rules = _rules(response.content.decode())
    assert {slug: bg for slug, (bg, _) in rules.items()} == dict(
        Rating.objects.values_list("slug", "colour")
    )
    assert len(rules) == 6


def test_every_badge_keeps_at_least_4_5_to_1_contrast_whatever_its_colour(client):
    rules = _rules(client.get(STYLESHEET).content.decode())
    assert rules["true"] == ("#1a7f37", "#ffffff")
    # The seeded "Mostly true" green is too light for white text (4.2:1): it gets black.
    assert rules["mostly-true"] == ("#4d8a1f", "#000000")
    for bg, fg in rules.values():
        assert _contrast(bg, fg) >= 4.5
    # Every grey (near the middle, white and black both come close to 4.5:1) and a spread
    # of colours across the whole cube.
    colours = [f"#{v:02x}{v:02x}{v:02x}" for v in range(256)]
    colours += [
        f"#{r:02x}{g:02x}{b:02x}"
        for r in range(0, 256, 17)
        for g in range(0, 256, 17)
        for b in range(0, 256, 51)
    ]
    css = rating_css((f"c{i}", colour) for i, colour in enumerate(colours))
    worst = min(_contrast(bg, fg) for bg, fg in _rules(css).values())
    assert len(_rules(css)) == len(colours)
    assert worst >= 4.5


def test_the_site_links_the_rating_stylesheet_after_its_own(client):
    html = client.get("/ratings/").content.decode()
    site = html.index('<link rel="stylesheet" href="/static/claims/site.css">')
    assert html.index(f'<link rel="stylesheet" href="{STYLESHEET}">') > site
    # The badges' colours are in no page: the CSP forbids inline style, and it still does.
    assert "style=" not in html
    assert "<style" not in html
    assert "'unsafe-inline'" not in client.get("/ratings/")["Content-Security-Policy"]


def test_the_stylesheet_costs_one_query_however_many_ratings(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get(STYLESHEET).status_code == 200
    for n in range(4):
        Rating.objects.create(
            label=f"Extra {n}", slug=f"extra-{n}", description="-", colour="#0550ae"
        )
    cache.clear()
    with django_assert_num_queries(1):
        assert len(_rules(client.get(STYLESHEET).content.decode())) == 10


def test_the_stylesheet_is_cached_and_revalidated_by_its_etag(client, django_assert_num_queries):
    first = client.get(STYLESHEET)
    with django_assert_num_queries(0):
        again = client.get(STYLESHEET)
        unchanged = client.get(STYLESHEET, headers={"If-None-Match": first["ETag"]})
    assert again.content == first.content
    assert again["Content-Type"].startswith("text/css")
    assert unchanged.status_code == 304


def test_a_colour_changed_in_the_admin_changes_the_stylesheet_and_its_etag(
    client, editor_client, django_capture_on_commit_callbacks
):
    before = client.get(STYLESHEET)
    rating = Rating.objects.get(slug="mixed")
    data = form_data(editor_client, _admin_page(rating))
    data["colour"] = "#0550ae"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(_admin_page(rating), data)
    assert response.status_code == 302

    after = client.get(STYLESHEET, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert _rules(after.content.decode())["mixed"] == ("#0550ae", "#ffffff")
    assert _rules(before.content.decode())["mixed"] == ("#9a6700", "#ffffff")


@pytest.mark.parametrize(
    "colour",
    ["red", "#1a7f3", "#1a7f37;", "#fff;} body { display: none", "#1a7f37 }</style><script>"],
)
def test_a_hostile_or_invalid_colour_is_refused_with_a_clear_message(
    client, editor_client, colour, django_capture_on_commit_callbacks
):
    before = client.get(STYLESHEET)
    rating = Rating.objects.get(slug="false")
    data = form_data(editor_client, _admin_page(rating))
    data["colour"] = colour
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_client.post(_admin_page(rating), data)
    assert response.status_code == 200
    assert (
        "Write the colour as # and six hex digits (0-9, a-f), such as #1a7f37."
        in response.content.decode()
    )
    assert callbacks == []
    rating.refresh_from_db()
    assert rating.colour == "#cf222e"
    assert client.get(STYLESHEET).content == before.content


def test_nothing_in_a_row_written_around_validation_escapes_its_rule():
    # Rows the admin would refuse, as a migration or the shell could still write them.
    css = rating_css(
        [
            ("x{}</style>body{color:red", "#123456"),
            ("plain", "#fff;} body { display: none"),
            ("ok", "#ABCDEF"),
        ]
    )
    assert css == (
        ".rating--x\\7b \\7d \\3c \\2f style\\3e body\\7b color\\3a red "
        "{ background: #123456; color: #ffffff; }\n"
        ".rating--ok { background: #abcdef; color: #000000; }\n"
    )
