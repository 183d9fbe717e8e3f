"""The playback host serves archived payloads and nothing else.

Archived pages are hostile HTML held inert by a sandbox; the playback host is a second origin
for them, so that a sandbox escape still reaches no session, no admin and no API. Pointed at
the same app, it would otherwise answer every URL the main host does, `/admin/login/`
included: this refuses them all before any other middleware (static files among them) sees
the request.
"""

from django.conf import settings
from django.http import HttpResponseNotFound
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve

# The views the playback host serves: the raw payload, through a link signed for one capture.
PLAYBACK_VIEWS = frozenset({"sources:archive-raw"})


def on_playback_host(request) -> bool:
    host = settings.ARCHIVE_PLAYBACK_HOST.strip().lower()
    return bool(host) and split_domain_port(request.get_host())[0] == host


class PlaybackHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if on_playback_host(request) and not _is_playback(request.path_info):
            return HttpResponseNotFound(
                "Not found: this host serves archived copies only, through the links on "
                "their pages.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _is_playback(path: str) -> bool:
    try:
        return resolve(path).view_name in PLAYBACK_VIEWS
    except Resolver404:
        return False
