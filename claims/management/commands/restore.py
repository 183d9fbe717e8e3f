"""`manage.py restore DIR`: a backup onto an empty install, every file checked against the
manifest before anything is written (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from config.ops.restore import restore


class Command(BaseCommand):
    help = (
        "Restore the backup in DIR onto this install, whose database and MEDIA_ROOT must be "
        "empty; every file is checked against the manifest first, and the WARC store again "
        "after."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("dir", type=Path, help="a folder written by `manage.py backup`")

    def handle(self, *args, dir: Path, **options) -> None:
        report = restore(dir)
        manifest = report.manifest
        self.stdout.write(
            f"Restored the {manifest.engine} database of {manifest.created_at} and "
            f"{report.files} WARC file(s), each matching the manifest."
        )
        if manifest.missing:
            self.stderr.write(
                f"{len(manifest.missing)} WARC file(s) were already missing when the backup "
                f"was taken: {', '.join(manifest.missing)}"
            )
        if report.behind:
            self.stdout.write(
                f"The backup predates migrations of {', '.join(report.behind)}: "
                "run `manage.py migrate`."
            )
