"""Archived copy pages: facts, sandboxed raw playback streamed from the WARC, visibility,
the playback host, unavailable copies, fixity checks and Memento TimeMaps."""

import gzip
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Verdict
from sources.models import Capture
from sources.services import capture_request, capture_run, fixity_sweep
from tests.factories import CaptureFactory, ClaimFactory, SourceFactory, VerdictFactory
from tests.loopback import page
from tests.sources.articles import capture_page

pytestmark = pytest.mark.django_db

HOSTILE = (
    b"<html><head><title>Ceasefire holds</title><meta http-equiv=refresh content='0;url=https://evil.example/'>"
    b"<style>body{background:url(https://evil.example/track.png)}</style></head><body><article>"
    b"<p>The ceasefire held overnight in most of the region, officials said on Friday.</p>"
    b"<script>document.cookie='owned=1'; fetch('https://evil.example/x'); top.location='https://evil.example/';</script>"
    b"</article></body></html>"
)


def _capture(loopback, path="/story", body=HOSTILE, **kwargs) -> Capture:
    loopback.route(path, page(body, **kwargs))
    source = SourceFactory(url=loopback.url(path))
    return capture_run(capture_id=capture_request(source=source, send=False).pk)


def _recapture(capture: Capture) -> Capture:
    return capture_run(capture_id=capture_request(source=capture.source, send=False).pk)


def _publish(source) -> Claim:
    claim = ClaimFactory(appearance=source, status=Claim.Status.PUBLISHED)
    VerdictFactory(claim=claim, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    return claim


@pytest.fixture
def captured(archive_from_loopback, media) -> Capture:
    return _capture(archive_from_loopback)


def test_staff_see_the_facts_and_a_sandboxed_frame_with_memento_headers(
    captured, researcher_client
):
    response = researcher_client.get(reverse("sources:archive", args=[captured.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    raw = reverse("sources:archive-raw", args=[captured.pk])
    assert f'src="{raw}"' in html
    assert 'sandbox=""' in html
    assert "style=" not in html, "the site's policy allows no inline style"
    for fact in [
        captured.source.url,
        captured.sha256,
        "200",
        "text/html",
        str(captured.size_bytes),
    ]:
        assert fact in html
    assert "first copy we archived" in html
    assert response["Memento-Datetime"].endswith("GMT")
    assert f'<{captured.source.url}>; rel="original"' in response["Link"]
    assert 'rel="timemap"' in response["Link"]


def test_raw_playback_streams_the_payload_inside_a_sandbox(captured, researcher_client):
    response = researcher_client.get(reverse("sources:archive-raw", args=[captured.pk]))
    assert response.status_code == 200
    assert response.streaming, "the body is streamed from the WARC, not loaded whole"
    assert b"".join(response.streaming_content) == HOSTILE
    csp = [d.strip() for d in response["Content-Security-Policy"].split(";")]
    assert csp[0] == "sandbox", "a bare sandbox: no allow-scripts, no allow-same-origin"
    assert "default-src 'none'" in csp
    assert not any("script" in d or "connect" in d for d in csp)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_non_html_content_downloads_instead_of_rendering(
    archive_from_loopback, media, researcher_client
):
    capture = _capture(
        archive_from_loopback, "/report.pdf", b"%PDF-1.4 report", content_type="application/pdf"
    )
    response = researcher_client.get(reverse("sources:archive-raw", args=[capture.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"
    page_html = researcher_client.get(reverse("sources:archive", args=[capture.pk])).content
    assert b"<iframe" not in page_html


def test_copies_of_sources_no_published_claim_rests_on_need_staff(
    captured, client, outsider_client
):
    for name in ["archive", "archive-raw", "archive-text", "archive-warc"]:
        url = reverse(f"sources:{name}", args=[captured.pk])
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login"))
        assert outsider_client.get(url).status_code == 404, name
    timemap = reverse("sources:timemap", args=[captured.source_id])
    assert client.get(timemap).status_code == 302


def test_copies_of_sources_a_published_claim_appeared_in_are_public(captured, client):
    draft = ClaimFactory(appearance=captured.source)
    assert client.get(reverse("sources:archive", args=[captured.pk])).status_code == 302
    _publish(draft.first_appearance.source)
    assert client.get(reverse("sources:archive", args=[captured.pk])).status_code == 200
    text = client.get(reverse("sources:archive-text", args=[captured.pk]))
    assert "The ceasefire held overnight" in text.content.decode()
    warc = client.get(reverse("sources:archive-warc", args=[captured.pk]))
    assert b"".join(warc.streaming_content) == Path(captured.warc.path).read_bytes()


def test_with_no_visibility_rule_only_staff_see_copies(captured, client, settings):
    _publish(captured.source)
    settings.ARCHIVE_PUBLIC_SOURCES = ""
    assert client.get(reverse("sources:archive", args=[captured.pk])).status_code == 302


def test_a_playback_host_alone_serves_raw_content(captured, researcher_client, settings):
    settings.ARCHIVE_PLAYBACK_HOST = "archive-content.test"
    settings.ALLOWED_HOSTS = ["testserver", "archive-content.test"]
    raw = reverse("sources:archive-raw", args=[captured.pk])
    assert researcher_client.get(raw).status_code == 404, "refused on the main host"

    response = researcher_client.get(reverse("sources:archive", args=[captured.pk]))
    assert "frame-src 'self' http://archive-content.test" in response["Content-Security-Policy"]
    html = response.content.decode()
    src = html.split('class="archived-frame" src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert src.startswith(f"http://archive-content.test{raw}?token=")
    # The playback host has no session: the signed link alone lets it serve this capture.
    playback = Client(HTTP_HOST="archive-content.test")
    response = playback.get(src)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == HOSTILE
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "X-Frame-Options" not in response
    assert playback.get(raw + "?token=forged").status_code == 404
    other = reverse("sources:archive-raw", args=[captured.pk + 1])
    assert playback.get(f"{other}?{src.split('?', 1)[1]}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/admin/login/",
        "/admin/",
        "/api/v1/claims/",
        "/api/docs/",
        "/healthz",
        "/",
        "/claims/",
        "/static/admin/css/base.css",
        "/archive/sources/1/timemap",
        "/no-such-page",
    ],
)
def test_the_playback_host_serves_nothing_but_archived_content(path, settings, db):
    settings.ARCHIVE_PLAYBACK_HOST = "archive-content.test"
    settings.ALLOWED_HOSTS = ["testserver", "archive-content.test"]
    response = Client(HTTP_HOST="archive-content.test").get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert b"archived copies" in response.content


def test_the_playback_host_refuses_the_other_archive_pages_of_a_capture(captured, settings, editor):
    settings.ARCHIVE_PLAYBACK_HOST = "archive-content.test"
    settings.ALLOWED_HOSTS = ["testserver", "archive-content.test"]
    playback = Client(HTTP_HOST="archive-content.test")
    playback.force_login(editor)
    for name in ["archive", "archive-text", "archive-warc", "capture-warc"]:
        assert playback.get(reverse(f"sources:{name}", args=[captured.pk])).status_code == 404
    # The main host goes on serving the whole site.
    main = Client()
    main.force_login(editor)
    assert main.get("/admin/").status_code == 200
    assert main.get(reverse("sources:archive", args=[captured.pk])).status_code == 200


def test_a_missing_warc_shows_unavailable_and_is_flagged_for_fixity(captured, researcher_client):
    default_storage.delete(captured.warc.name)
    for name in ["archive", "archive-raw", "archive-warc"]:
        response = researcher_client.get(reverse(f"sources:{name}", args=[captured.pk]))
        assert response.status_code == 503, name
        assert "Archived copy unavailable" in response.content.decode()
    captured.refresh_from_db()
    assert captured.fixity == Capture.Fixity.FLAGGED
    assert fixity_sweep() == {"missing": 1}
    captured.refresh_from_db()
    assert captured.fixity == Capture.Fixity.MISSING


def test_a_corrupt_warc_shows_unavailable_and_the_fixity_check_finds_it(
    captured, researcher_client
):
    Path(captured.warc.path).write_bytes(gzip.compress(b"WARC/1.1\r\nnonsense") + b"\x00" * 40)
    response = researcher_client.get(reverse("sources:archive", args=[captured.pk]))
    assert response.status_code == 503
    assert "Archived copy unavailable" in response.content.decode()
    assert (
        researcher_client.get(reverse("sources:archive-raw", args=[captured.pk])).status_code == 503
    )
    assert fixity_sweep() == {"mismatch": 1}


def test_the_fixity_check_passes_intact_warcs_and_catches_a_flipped_byte(captured):
    assert captured.warc_sha256
    assert fixity_sweep() == {"ok": 1}
    path = Path(captured.warc.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    assert fixity_sweep() == {"mismatch": 1}
    captured.refresh_from_db()
    assert captured.fixity == Capture.Fixity.MISMATCH


def test_a_changed_page_shows_a_word_diff_against_the_copy_before(
    captured, archive_from_loopback, researcher_client
):
    archive_from_loopback.route(
        "/story", page(HOSTILE.replace(b"held overnight", b"collapsed overnight"))
    )
    later = _recapture(captured)
    html = researcher_client.get(reverse("sources:archive", args=[later.pk])).content.decode()
    assert "<del>held</del>" in html
    assert "<ins>collapsed</ins>" in html


def test_a_revisit_plays_back_the_original_payload(captured, researcher_client):
    again = _recapture(captured)
    assert again.revisit_of == captured
    response = researcher_client.get(reverse("sources:archive-raw", args=[again.pk]))
    assert b"".join(response.streaming_content) == HOSTILE
    html = researcher_client.get(reverse("sources:archive", args=[again.pk])).content.decode()
    assert "The text is the same" in html


def test_the_timemap_lists_every_copy_in_link_format(captured, client):
    _publish(captured.source)
    second = _recapture(captured)
    response = client.get(reverse("sources:timemap", args=[captured.source_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/link-format"
    lines = response.content.decode().strip().split(",\n")
    assert lines[0] == f'<{captured.source.url}>; rel="original"'
    assert 'rel="self"; type="application/link-format"; from="' in lines[1]
    first_url = "http://testserver" + reverse("sources:archive", args=[captured.pk])
    last_url = "http://testserver" + reverse("sources:archive", args=[second.pk])
    assert lines[2].startswith(f'<{first_url}>; rel="first memento"; datetime="')
    assert lines[3].startswith(f'<{last_url}>; rel="last memento"; datetime="')
    assert len(lines) == 4


def test_archive_pages_cost_the_same_queries_however_many_copies(
    captured, client, django_assert_num_queries
):
    _publish(captured.source)
    archive = reverse("sources:archive", args=[captured.pk])
    timemap = reverse("sources:timemap", args=[captured.source_id])
    with django_assert_num_queries(2):  # the capture with its rule; the copy before it
        assert client.get(archive).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(timemap).status_code == 200
    for _ in range(3):
        _recapture(captured)
    latest = captured.source.captures.order_by("-pk").first()
    with django_assert_num_queries(2):
        assert client.get(reverse("sources:archive", args=[latest.pk])).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(timemap).status_code == 200


def test_copies_too_long_to_diff_on_a_page_send_the_reader_to_both(
    archive_from_loopback, media, researcher_client
):
    words = [f"paragraph{n}" for n in range(100_000)]
    first = _capture(
        archive_from_loopback, body=" ".join(words).encode(), content_type="text/plain"
    )
    words[50_000] = "amended"
    archive_from_loopback.route("/story", page(" ".join(words).encode(), content_type="text/plain"))
    later = _recapture(first)
    assert later.changed is True

    response = researcher_client.get(reverse("sources:archive", args=[later.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "too long to compare word by word here" in html
    assert f'href="{reverse("sources:archive-text", args=[first.pk])}"' in html
    assert f'href="{reverse("sources:archive-text", args=[later.pk])}"' in html
    assert "<ins>" not in html
    # The change a researcher reviews in the admin is the same comparison.
    review = researcher_client.get(reverse("admin:sources_source_change", args=[first.source_id]))
    review_html = review.content.decode()
    assert "too long to compare word by word here" in review_html
    assert "<ins>" not in review_html


def test_a_source_address_cannot_forge_links_in_memento_headers_or_the_timemap(
    researcher_client,
):
    forged = 'https://news.example.org/a>;rel="x",<https://evil.example/>;rel="original"'
    capture = CaptureFactory(
        source=SourceFactory(url=forged),
        status=Capture.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    assert capture.source.url == forged, "the normaliser accepts the address as it is"

    link = researcher_client.get(reverse("sources:archive-text", args=[capture.pk]))["Link"]
    timemap = researcher_client.get(reverse("sources:timemap", args=[capture.source_id]))
    for text in (link, timemap.content.decode()):
        assert text.count('rel="original"') == 1
        assert "evil.example/%3E;rel=%22original%22" in text
        assert "<https://evil.example/>" not in text


def test_staff_download_the_warc_and_others_cannot(
    archive_from_loopback, settings, tmp_path, researcher_client, outsider_client, client
):
    settings.MEDIA_ROOT = str(tmp_path)
    capture = capture_page(archive_from_loopback)
    url = reverse("sources:capture-warc", args=[capture.pk])
    response = researcher_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == default_storage.open(capture.warc.name).read()
    assert outsider_client.get(url).status_code == 404
    assert client.get(url).status_code == 302
