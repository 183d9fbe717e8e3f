"""Archived copies: the capture's facts around a sandboxed frame, the raw payload streamed
from its WARC, the extracted text, the WARC itself, and Memento TimeMaps (RFC 7089).

Which copies anyone may see is not decided here but in sources.visibility.
"""

from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .health import MAX_DIFF_WORDS, word_diff
from .middleware import on_playback_host
from .models import Capture, Source
from .playback import Unavailable, flag_for_fixity, open_playback
from .visibility import visible_captures

Status = Capture.Status
RAW_LINK_SALT = "sources.archive.raw"
RAW_TOKEN_MAX_AGE = 3600
# What an archived page may load: its own inline styles and data: images and fonts. No
# scripts, no connections, no forms, no plugins, nothing from another host.
SANDBOX_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "media-src data:; form-action 'none'; base-uri 'none'"
)


class _LoginRequired(Exception):
    pass


def archive_view(view):
    """Sends an anonymous reader of a copy that is not public to the staff login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))

    return require_safe(wrapper)


def _capture_or_404(request, pk: int) -> Capture:
    capture = (
        visible_captures(request.user).select_related("source", "revisit_of").filter(pk=pk).first()
    )
    if capture is None:
        if not request.user.is_authenticated:
            raise _LoginRequired
        raise Http404("No archived copy here, or not one you may see.")
    return capture


def _memento_datetime(capture: Capture) -> str:
    return http_date((capture.warc_date or capture.finished_at).timestamp())


def _link_target(url: str) -> str:
    """url as a link-format target: a source's address may hold characters (> " ,) that
    would end the target and let the rest of it pose as links of its own."""
    return iri_to_uri(url).replace(",", "%2C")


def _memento_headers(request, response: HttpResponse, capture: Capture) -> HttpResponse:
    timemap = request.build_absolute_uri(reverse("sources:timemap", args=[capture.source_id]))
    response["Memento-Datetime"] = _memento_datetime(capture)
    response["Link"] = (
        f'<{_link_target(capture.source.url)}>; rel="original", '
        f'<{_link_target(timemap)}>; rel="timemap"; type="application/link-format"'
    )
    return response


def _playback_host() -> str:
    return settings.ARCHIVE_PLAYBACK_HOST.strip().lower()


def _raw_url(request, capture: Capture) -> str:
    path = reverse("sources:archive-raw", args=[capture.pk])
    host = _playback_host()
    if not host:
        return path
    # The playback host has no session cookie; a short-lived signed token lets it serve
    # the one capture this page was allowed to show.
    token = signing.dumps(capture.pk, salt=RAW_LINK_SALT)
    return f"{request.scheme}://{host}{path}?token={quote(token)}"


def _unavailable(request, capture: Capture, reason: str) -> HttpResponse:
    flag_for_fixity(capture, reason)
    return render(
        request,
        "sources/archive_unavailable.html",
        {"capture": capture, "reason": reason},
        status=503,
    )


def _previous_good(capture: Capture) -> Capture | None:
    return (
        Capture.objects.filter(
            source_id=capture.source_id,
            status=Status.SUCCEEDED,
            finished_at__lt=capture.finished_at,
        )
        .only("pk", "finished_at", "text", "text_sha256", "sha256")
        .order_by("-finished_at", "-pk")
        .first()
    )


@archive_view
def archive_capture(request, pk: int) -> HttpResponse:
    """The archived copy page: facts, the difference from the previous copy, the frame."""
    capture = _capture_or_404(request, pk)
    try:
        # Reading the record headers here finds a missing or broken WARC before the frame
        # would; the body is not read.
        open_playback(capture).body.close()
    except Unavailable as exc:
        return _unavailable(request, capture, str(exc))
    previous = _previous_good(capture)
    changed = previous is not None and previous.text_sha256 != capture.text_sha256
    diff = word_diff(previous.text, capture.text) if changed else None
    media_type = capture.content_type.split(";", 1)[0].strip().lower()
    response = render(
        request,
        "sources/archive_capture.html",
        {
            "capture": capture,
            "source": capture.source,
            "previous": previous,
            "changed": changed,
            "diff": diff,
            "max_diff_words": f"{MAX_DIFF_WORDS:,}",
            "is_html": media_type in ("text/html", "application/xhtml+xml"),
            "raw_url": _raw_url(request, capture),
            "memento_datetime": _memento_datetime(capture),
        },
    )
    if host := _playback_host():
        # The site's policy allows frames from its own origin only; this page frames one more.
        response._csp_update = {"frame-src": ["'self'", f"{request.scheme}://{host}"]}
    return _memento_headers(request, response, capture)


def _raw_capture(request, pk: int) -> Capture:
    host = _playback_host()
    if host and not on_playback_host(request):
        raise Http404("Archived content is served from the playback host only.")
    token = request.GET.get("token")
    if host and token:
        try:
            signed = signing.loads(token, salt=RAW_LINK_SALT, max_age=RAW_TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise Http404("This link to an archived copy has expired; reload its page.") from None
        if signed != pk:
            raise Http404("This link is for another archived copy.")
        capture = (
            Capture.objects.filter(pk=pk, status=Status.SUCCEEDED)
            .select_related("source", "revisit_of")
            .first()
        )
        if capture is None:
            raise Http404
        return capture
    return _capture_or_404(request, pk)


@archive_view
def archive_raw(request, pk: int) -> HttpResponse:
    """The archived payload itself, streamed from the WARC inside a sandbox."""
    capture = _raw_capture(request, pk)
    try:
        playback = open_playback(capture)
    except Unavailable as exc:
        return _unavailable(request, capture, str(exc))
    response = StreamingHttpResponse(playback.body, content_type=playback.content_type)
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    if not playback.is_html:
        name = capture.source.url.rstrip("/").rsplit("/", 1)[-1] or f"capture-{capture.pk}"
        response["Content-Disposition"] = f'attachment; filename="{quote(name)}"'
    if _playback_host():
        # Framed by the main host's page, which X-Frame-Options cannot name; the sandbox
        # keeps the content inert wherever it is framed.
        response.xframe_options_exempt = True
    else:
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] += "; frame-ancestors 'self'"
    return _memento_headers(request, response, capture)


@archive_view
def archive_text(request, pk: int) -> HttpResponse:
    capture = _capture_or_404(request, pk)
    response = render(request, "sources/archive_text.html", {"capture": capture})
    return _memento_headers(request, response, capture)


def _warc_response(capture: Capture) -> FileResponse:
    return FileResponse(
        capture.warc.open("rb"),
        as_attachment=True,
        filename=capture.warc.name.rsplit("/", 1)[-1],
        content_type="application/warc",
    )


@archive_view
def archive_warc(request, pk: int) -> HttpResponse:
    """The capture's WARC file as a download (a revisit's refers to the earlier one's)."""
    capture = _capture_or_404(request, pk)
    if not capture.warc:
        return _unavailable(request, capture, "This capture has no WARC file.")
    try:
        return _warc_response(capture)
    except OSError:
        return _unavailable(request, capture, "The WARC file is missing from storage.")


# The admin's WARC link, kept for bookmarks: the same rule as the archive's.
capture_warc = archive_warc


@archive_view
def timemap(request, source_id: int) -> HttpResponse:
    """RFC 7089 TimeMap of a source's archived copies, in application/link-format."""
    visible = visible_captures(request.user).filter(source_id=source_id)
    captures = list(
        visible.select_related("source")
        .only("pk", "warc_date", "finished_at", "source__url")
        .order_by("finished_at", "pk")
    )
    if not captures:
        if not request.user.is_authenticated:
            raise _LoginRequired
        raise Http404("No archived copies of this source that you may see.")
    source: Source = captures[0].source
    self_url = _link_target(request.build_absolute_uri())
    dates = [_memento_datetime(c) for c in captures]
    lines = [
        f'<{_link_target(source.url)}>; rel="original"',
        f'<{self_url}>; rel="self"; type="application/link-format"; '
        f'from="{dates[0]}"; until="{dates[-1]}"',
    ]
    for index, (capture, date) in enumerate(zip(captures, dates, strict=True)):
        rel = "memento"
        if index == 0:
            rel = "first memento"
        if index == len(captures) - 1:
            rel = "last memento" if index else "first last memento"
        url = request.build_absolute_uri(reverse("sources:archive", args=[capture.pk]))
        lines.append(f'<{url}>; rel="{rel}"; datetime="{date}"')
    return HttpResponse(",\n".join(lines) + "\n", content_type="application/link-format")
