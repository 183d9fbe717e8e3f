from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import Capture


@staff_member_required
def capture_warc(request, pk: int) -> FileResponse:
    """The capture's WARC file, as a download, for staff who may view captures."""
    if not request.user.has_perm("sources.view_capture"):
        raise Http404
    capture = get_object_or_404(Capture, pk=pk)
    if not capture.warc:
        raise Http404("This capture has no WARC file.")
    return FileResponse(
        capture.warc.open("rb"),
        as_attachment=True,
        filename=capture.warc.name.rsplit("/", 1)[-1],
        content_type="application/warc",
    )
