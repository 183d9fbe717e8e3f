"""`manage.py backup DIR`: a consistent copy of the database and the WARC store, with a
manifest of SHA-256 sums (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from config.ops.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the WARC files its captures name into DIR (new or empty), "
        "with a manifest of every file's size and SHA-256."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("dir", type=Path, help="a new or empty folder for the backup")

    def handle(self, *args, dir: Path, **options) -> None:
        report = backup(dir)
        manifest = report.manifest
        for name in manifest.missing:
            self.stderr.write(
                f"missing: {name} is named by a capture but is not in MEDIA_ROOT; "
                "it is listed in the manifest as missing."
            )
        self.stdout.write(
            f"Backed up the {manifest.engine} database and {len(manifest.warcs())} WARC "
            f"file(s), {report.size} bytes, into {report.folder}"
            + (f"; {len(manifest.missing)} WARC file(s) missing" if manifest.missing else "")
            + "."
        )
