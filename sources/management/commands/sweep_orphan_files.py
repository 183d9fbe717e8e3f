"""`manage.py sweep_orphan_files`: remove the archive files no capture names, and list them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sources.services import orphan_sweep


class Command(BaseCommand):
    help = (
        "Remove the WARC files no capture names (a worker killed between storing a file and "
        "writing its row leaves one) and the scratch files of unfinished writes, once older "
        "than the grace period; print each one removed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--grace",
            type=float,
            default=None,
            help="seconds old a file must be to go (default ARCHIVE_ORPHAN_GRACE, "
            f"{settings.ARCHIVE_ORPHAN_GRACE:g}); younger ones may belong to a capture in flight",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would go, and remove nothing"
        )

    def handle(self, *args, grace: float | None, dry_run: bool, **options) -> None:
        if grace is not None and grace < 0:
            raise CommandError("--grace is a number of seconds, 0 or more.")
        outcome = orphan_sweep(grace=grace, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for name in outcome.removed:
            self.stdout.write(f"{verb} {name}")
        summary = f"{len(outcome.removed)} file(s) no capture names {verb}"
        if outcome.too_recent:
            summary += f"; {outcome.too_recent} younger than the grace period left in place"
        self.stdout.write(summary + ".")
