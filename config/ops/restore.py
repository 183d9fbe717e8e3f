"""`restore(folder)`: every check first (the manifest, the engine, the migrations, every
file's bytes, an empty target), then the database, then the WARC files, verified again
where they landed."""

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from claims.models import Claim
from sources.models import Source

from . import database
from .manifest import (
    MEDIA,
    FileEntry,
    Manifest,
    copy_hashed,
    differences,
    unknown_migrations,
)

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    files: int
    # apps whose code has migrations the backup had not applied: `migrate` brings them on
    behind: list[str]


def restore(folder: Path) -> RestoreReport:
    """Restore the backup in folder onto this install, which must be empty."""
    folder = folder.resolve()
    manifest = _checked_manifest(folder)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    _refuse_non_empty(manifest, media_root)

    database.restore(connection, folder / manifest.database)
    for entry in manifest.warcs():
        target = media_root / _warc_name(entry.path)
        partial = target.with_name(target.name + ".restoring")
        copy_hashed(folder / entry.path, partial, relative_to=media_root)
        os.replace(partial, target)
    # Checked where they landed: a disk that returns other bytes than it was given shows now,
    # not on the day a reader asks for the archived copy.
    landed = differences(
        [FileEntry(_warc_name(e.path), e.size, e.sha256) for e in manifest.warcs()],
        media_root,
    )
    if landed:
        raise CommandError(
            "The database is restored, but the WARC store does not match the manifest: "
            + "; ".join(landed)
        )
    return RestoreReport(manifest=manifest, files=len(manifest.warcs()), behind=_behind(manifest))


def _warc_name(path: str) -> str:
    return path.removeprefix(MEDIA + "/")


def _checked_manifest(folder: Path) -> Manifest:
    try:
        manifest = Manifest.read(folder)
    except ValueError as error:
        raise CommandError(str(error)) from error
    engine = database.engine_of(connection)
    if manifest.engine != engine:
        raise CommandError(
            f"This backup is of a {ENGINES.get(manifest.engine, manifest.engine)} database and "
            f"this install uses {ENGINES[engine]}; restore supports SQLite to SQLite and "
            "PostgreSQL to PostgreSQL only (move the data across with dumpdata and loaddata)."
        )
    newer = unknown_migrations(manifest.migrations)
    if newer:
        raise CommandError(
            f"This backup was taken by a newer Claimtrail ({manifest.claimtrail_version}): this "
            f"code lacks its migrations {', '.join(newer)}. Restore it with that version or later."
        )
    outside = [e.path for e in manifest.files if not _inside(folder, e.path)]
    if outside:
        raise CommandError(f"The manifest names files outside the backup: {', '.join(outside)}")
    if manifest.database not in {e.path for e in manifest.files}:
        raise CommandError(f"The manifest does not list the database copy {manifest.database}.")
    changed = differences(manifest.files, folder)
    if changed:
        raise CommandError(
            "The backup does not match its manifest, so nothing was restored: " + "; ".join(changed)
        )
    return manifest


def _inside(folder: Path, relative: str) -> bool:
    return (folder / relative).resolve().is_relative_to(folder) and relative != ""


def _refuse_non_empty(manifest: Manifest, media_root: Path) -> None:
    held = {}
    tables = set(connection.introspection.table_names())
    for label, model in (
        ("claims", Claim),
        ("sources", Source),
        ("users", get_user_model()),
    ):
        if model._meta.db_table in tables:
            count = model._default_manager.count()
            if count:
                held[label] = count
    if held:
        rows = ", ".join(f"{count} {label}" for label, count in held.items())
        raise CommandError(
            f"The database already holds {rows}; restore only onto an empty install. Point "
            "DATABASE_URL at a new database (a new SQLite file, or `createdb` on PostgreSQL), "
            "run `manage.py migrate` there if you like, and restore again."
        )
    there = [
        _warc_name(entry.path)
        for entry in manifest.warcs()
        if (media_root / _warc_name(entry.path)).exists()
    ]
    if there:
        raise CommandError(
            f"MEDIA_ROOT ({media_root}) already holds files the backup would write "
            f"({', '.join(there[:5])}); restore into an empty MEDIA_ROOT."
        )


def _behind(manifest: Manifest) -> list[str]:
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    return sorted({app for app, name in leaves if manifest.migrations.get(app, "") < name})
