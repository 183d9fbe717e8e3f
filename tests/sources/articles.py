"""An article page for the capture tests, and capturing a page from a loopback server in
this process, as a worker would."""

from sources.models import Capture
from sources.services import capture_request, capture_run
from tests.factories import SourceFactory
from tests.loopback import page

ARTICLE = (
    b"<html><head><title>Inside the Donetsk morgue</title></head><body><nav>Home | World</nav>"
    b"<article><h1>Inside the Donetsk morgue</h1><p>All the refrigerators are full, so we have "
    b"nowhere else to put them, the director of the city morgue said on Tuesday.</p><p>Nearly "
    b"all the 368 civilian casualties that have passed through the morgue since mid-April were "
    b"killed by explosion trauma or shrapnel wounds, the chief mortician said.</p></article>"
    b"<footer>Copyright</footer></body></html>"
)


def capture_page(loopback, path="/story", body=ARTICLE, **page_kwargs) -> Capture:
    loopback.route(path, page(body, **page_kwargs))
    source = SourceFactory(url=loopback.url(path))
    capture = capture_request(source=source, send=False)
    return capture_run(capture_id=capture.pk)
