"""`backup(folder)`: the database, then the WARC files its copy names, then the manifest,
all in a scratch folder inside the target that is moved into place only once complete."""

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from . import database
from .manifest import MANIFEST, MEDIA, Manifest, claimtrail_version, copy_hashed, file_entry

PARTIAL_PREFIX = ".partial-"


@dataclass(frozen=True)
class BackupReport:
    manifest: Manifest
    folder: Path

    @property
    def size(self) -> int:
        return sum(entry.size for entry in self.manifest.files)


def backup(folder: Path) -> BackupReport:
    """Back up the database and the WARC store into folder (made if absent).

    folder must not hold anything but the scratch folders of backups that were killed: a
    backup never mixes with another. Until the manifest is renamed in, last, the folder
    holds no manifest, so an interrupted backup never looks whole.
    """
    folder = folder.resolve()
    _refuse_occupied(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=folder))
    try:
        manifest = _write(scratch)
        for entry in sorted(os.listdir(scratch)):
            if entry != MANIFEST:
                os.replace(scratch / entry, folder / entry)
        os.replace(scratch / MANIFEST, folder / MANIFEST)
        _fsync_folder(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return BackupReport(manifest=manifest, folder=folder)


def _refuse_occupied(folder: Path) -> None:
    if (folder / MANIFEST).exists():
        raise CommandError(
            f"{folder} already holds a backup ({MANIFEST}); give a new or empty folder."
        )
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is a file; give a new or empty folder.")
    if folder.exists():
        other = sorted(p.name for p in folder.iterdir() if not p.name.startswith(PARTIAL_PREFIX))
        if other:
            raise CommandError(
                f"{folder} is not empty ({', '.join(other[:5])}); give a new or empty folder."
            )


def _write(scratch: Path) -> Manifest:
    engine = database.engine_of(connection)
    name = database.SUPPORTED[engine]
    created_at = datetime.now(UTC).isoformat()
    # The database first: the files to copy are those its copy names. A WARC stored after
    # the snapshot belongs to a row the copy does not have, and is left out.
    taken = database.snapshot(connection, scratch / name)
    files = [file_entry(scratch / name, relative_to=scratch)]
    media_root = Path(settings.MEDIA_ROOT)
    missing = []
    for warc in taken.warc_names:
        original = media_root / warc
        try:
            files.append(copy_hashed(original, scratch / MEDIA / warc, relative_to=scratch))
        except FileNotFoundError:
            missing.append(warc)
        except OSError as error:
            raise CommandError(
                f"Could not read {original}, which capture rows name: {error}. Nothing was "
                "backed up."
            ) from error
    manifest = Manifest(
        created_at=created_at,
        claimtrail_version=claimtrail_version(),
        engine=engine,
        database=name,
        migrations=taken.migrations,
        files=files,
        missing=missing,
    )
    manifest.write(scratch)
    return manifest


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
