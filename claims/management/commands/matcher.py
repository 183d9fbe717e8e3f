"""Run the matcher: the process that holds the sentence model and every stored vector."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.similar import matcher


def _default_address() -> str:
    parts = urlsplit(settings.SIMILAR_MATCHER_URL or "http://127.0.0.1:8011")
    return f"{parts.hostname or '127.0.0.1'}:{parts.port or 8011}"


class Command(BaseCommand):
    help = (
        "Serve similar-claim matching by meaning over HTTP (GET /health, POST /search, "
        "POST /embed) at SIMILAR_MATCHER_URL's address. It answers at once; the model "
        "(SIMILAR_MODEL) and the stored vectors load in the background."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--address",
            default=None,
            metavar="HOST:PORT",
            help="Where to listen; SIMILAR_MATCHER_URL's host and port by default.",
        )

    def handle(self, *args, address: str | None, **options) -> None:
        host, _, port = (address or _default_address()).rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--address is HOST:PORT, such as 127.0.0.1:8011, not {address!r}")
        try:
            matcher.serve(host, int(port))
        except OSError as error:
            raise CommandError(f"The matcher cannot listen at {host}:{port}: {error}") from error
        except KeyboardInterrupt:
            pass
