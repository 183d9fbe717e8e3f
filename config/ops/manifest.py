"""The manifest of a backup: what it holds (every file with its size and SHA-256), the state
of the database it was taken from, and the checks both commands run against it."""

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

MANIFEST = "manifest.json"
FORMAT = 1
# Inside a backup: the database copy at the top, the WARC store under MEDIA, laid out as it
# is under MEDIA_ROOT.
MEDIA = "media"
_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the backup folder, with forward slashes
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    claimtrail_version: str
    engine: str  # "sqlite" or "postgresql"
    database: str  # the path of the database copy among files
    # app label -> name of the last migration applied at the snapshot
    migrations: dict[str, str]
    files: list[FileEntry] = field(default_factory=list)
    # WARC names a capture row named at the snapshot but that were not on disk
    missing: list[str] = field(default_factory=list)
    format: int = FORMAT

    def write(self, folder: Path) -> None:
        path = folder / MANIFEST
        with open(path, "w", encoding="utf-8") as out:
            json.dump(asdict(self), out, indent=2, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        """The manifest in folder; ValueError with a sentence when there is none or it is
        not one this version reads."""
        path = folder / MANIFEST
        if not path.is_file():
            raise ValueError(f"{folder} holds no backup: {MANIFEST} is missing.")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(
                    f"{path} is in backup format {data.get('format')!r}; "
                    f"this version of Claimtrail reads format {FORMAT}."
                )
            data["files"] = [FileEntry(**entry) for entry in data["files"]]
            return cls(**data)
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path} is not a Claimtrail backup manifest ({error}).") from error

    def warcs(self) -> list[FileEntry]:
        prefix = MEDIA + "/"
        return [entry for entry in self.files if entry.path.startswith(prefix)]


def claimtrail_version() -> str:
    try:
        return metadata.version("claimtrail")
    except metadata.PackageNotFoundError:
        return "unknown"


def copy_hashed(source: Path, target: Path, *, relative_to: Path) -> FileEntry:
    """Copy source to target (made with its folders, fsynced) and return target's entry
    with its path relative to relative_to, hashed from the bytes as they were written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as reading, open(target, "wb") as writing:
        for block in iter(lambda: reading.read(_BLOCK), b""):
            digest.update(block)
            size += len(block)
            writing.write(block)
        writing.flush()
        os.fsync(writing.fileno())
    return FileEntry(
        path=target.relative_to(relative_to).as_posix(), size=size, sha256=digest.hexdigest()
    )


def file_entry(path: Path, *, relative_to: Path) -> FileEntry:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as reading:
        for block in iter(lambda: reading.read(_BLOCK), b""):
            digest.update(block)
            size += len(block)
    return FileEntry(
        path=path.relative_to(relative_to).as_posix(), size=size, sha256=digest.hexdigest()
    )


def differences(entries: list[FileEntry], folder: Path) -> list[str]:
    """Each entry whose file under folder is missing or has other bytes, as a sentence."""
    found = []
    for entry in entries:
        path = folder / entry.path
        if not path.is_file():
            found.append(f"{entry.path} is missing")
            continue
        actual = file_entry(path, relative_to=folder)
        if actual.size != entry.size or actual.sha256 != entry.sha256:
            found.append(
                f"{entry.path} has changed (size {actual.size}, SHA-256 {actual.sha256}; "
                f"the manifest says size {entry.size}, SHA-256 {entry.sha256})"
            )
    return found


def last_migrations(applied: list[tuple[str, str]]) -> dict[str, str]:
    """app label -> its last applied migration, from (app, name) rows of django_migrations.
    Migration names start with their number, so the greatest name is the last."""
    last: dict[str, str] = {}
    for app, name in applied:
        if name > last.get(app, ""):
            last[app] = name
    return last


def unknown_migrations(migrations: dict[str, str]) -> list[str]:
    """The backup's last migrations that this code does not have: a backup from a newer
    version (or another project), which its database schema would not match."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(f"{app}.{name}" for app, name in migrations.items() if (app, name) not in known)
