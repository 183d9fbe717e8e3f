import pytest

from claims.markdown import render_markdown


def test_it_renders_markdown_to_html():
    html = render_markdown("The figure is **out of date**:\n\n- 2,000 killed\n- 344,000 fled")
    assert html == (
        "<p>The figure is <strong>out of date</strong>:</p>\n"
        "<ul>\n<li>2,000 killed</li>\n<li>344,000 fled</li>\n</ul>"
    )


def test_links_get_nofollow_noopener():
    html = render_markdown("[UN report](https://un.example.org/report)")
    assert html == (
        '<p><a href="https://un.example.org/report" rel="nofollow noopener">UN report</a></p>'
    )


def test_a_rel_written_by_hand_is_replaced():
    html = render_markdown('<a href="https://example.org" rel="opener">x</a>')
    assert 'rel="nofollow noopener"' in html
    assert 'opener"' not in html.replace('rel="nofollow noopener"', "")


def test_script_elements_are_removed_with_their_content():
    html = render_markdown("Before <script>alert(document.cookie)</script> after")
    assert "<script" not in html
    assert "alert" not in html
    assert "Before" in html
    assert "after" in html


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<a href="  javascript:alert(1)">click</a>',
    ],
)
def test_javascript_links_lose_their_target(text):
    html = render_markdown(text)
    assert "href" not in html
    assert "click" in html


@pytest.mark.parametrize(
    "text",
    [
        '<p onclick="alert(1)">hi</p>',
        '<strong onmouseover="alert(1)">hi</strong>',
        '<img src="x" onerror="alert(1)">hi',
        '<a href="https://example.org" onfocus="alert(1)">hi</a>',
    ],
)
def test_inline_event_handlers_are_removed(text):
    html = render_markdown(text)
    assert "alert" not in html
    assert " on" not in html
    assert "hi" in html


def test_iframes_are_removed():
    html = render_markdown('Watch: <iframe src="https://video.example.org/embed"></iframe>')
    assert "iframe" not in html
    assert "video.example.org" not in html
    assert "Watch:" in html


def test_images_and_styles_do_not_survive():
    html = render_markdown('![pixel](https://tracker.example.org/p.gif) <b style="x">b</b>')
    assert "<img" not in html
    assert "tracker" not in html
    assert "style" not in html


def test_an_empty_rationale_renders_to_nothing():
    assert render_markdown("  \n") == ""
