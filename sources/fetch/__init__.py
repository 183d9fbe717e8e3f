"""Fetching a cited page for the archive, safely.

Anyone who can cite a URL can point the archiver at it, so every fetch is treated as hostile:
only http(s) on allowed ports, no credentials, the host resolved once with every address
checked, the connection made to the checked address (so DNS rebinding cannot swap it), each
redirect hop checked the same way, and the body streamed to disk under a size cap and a total
deadline. Failures are FetchErrors carrying a Capture error code and a sentence for a
researcher.

One module per part of that: `errors` (FetchError and the redirect hops it reports),
`addresses` (which URLs and addresses are refused), `transport` (the connection to the
checked address), `deadline` (the total time), `body` (the payload under the size cap) and
`redirects` (the fetch itself, hop by hop). The names callers use are re-exported here.
"""

from .addresses import DEFAULT_PORTS, check_address, resolve
from .body import FetchResult
from .errors import ErrorCode, FetchError, Hop
from .redirects import MAX_URL_LENGTH, REDIRECT_STATUSES, fetch
from .transport import ACCEPT, ACCEPT_ENCODING

__all__ = [
    "ACCEPT",
    "ACCEPT_ENCODING",
    "DEFAULT_PORTS",
    "MAX_URL_LENGTH",
    "REDIRECT_STATUSES",
    "ErrorCode",
    "FetchError",
    "FetchResult",
    "Hop",
    "check_address",
    "fetch",
    "resolve",
]
