"""Normalising source URLs, so that one page is one Source however it was pasted."""

from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from config.validators import NoBidiControls

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that identify a campaign or a click, never the page itself.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "cmpid",
        "ocid",
        "smid",
        "at_campaign",
        "at_medium",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")

_shape = URLValidator(schemes=list(ALLOWED_SCHEMES))
# Raw, an override in a path makes `/\u202egnp.exe` read as `/exe.png`; percent-encoded
# (%E2%80%AE) it is an ordinary byte of the path, kept and shown encoded.
_no_bidi = NoBidiControls("This address")


def _is_tracking(pair: str) -> bool:
    name = pair.split("=", 1)[0].lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def normalize_url(raw: str) -> str:
    """Return the canonical form of an http(s) URL, or raise ValidationError saying why not.

    Scheme and host are lower-cased, the host is IDNA-encoded, a default port and the
    fragment are dropped, and so are tracking parameters; the path and the remaining query
    are kept byte for byte, because servers may treat them case- and order-sensitively.
    """
    value = raw.strip()
    _no_bidi(value)
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ValidationError(
            "This is not a valid web address (%(reason)s).",
            code="bad_url",
            params={"reason": exc},
        ) from exc
    scheme = parts.scheme.lower()
    if not scheme and not value.startswith("//") and "." in value.split("/", 1)[0]:
        raise ValidationError(
            "Add http:// or https:// to the start of the address.", code="no_scheme"
        )
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise ValidationError(
            "Only http:// and https:// addresses can be sources; this one has %(scheme)s.",
            code="bad_scheme",
            params={"scheme": shown},
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            "Remove the user name or password from the address; sources must be public.",
            code="credentials",
        )
    host = parts.hostname
    if not host:
        raise ValidationError("This address has no host name.", code="no_host")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError(
            "The host name %(host)s is not a valid domain name.",
            code="bad_host",
            params={"host": host},
        ) from exc
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p))
    normalized = urlunsplit((scheme, netloc, parts.path or "/", query, ""))
    try:
        _shape(normalized)
    except ValidationError as exc:
        raise ValidationError("This is not a valid web address.", code="bad_url") from exc
    return normalized
