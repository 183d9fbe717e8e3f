"""`manage.py backup` and `manage.py restore`: the demo with real WARCs goes out and comes back
into another database and another WARC folder with nothing changed, and every bad backup or
occupied target is refused before anything is written."""

import json
import os
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from claims.demo import load_demo
from claims.models import Citation, Claim
from sources.models import Capture
from tests.factories import CitationFactory, SourceFactory
from tests.loopback import page
from tests.workers import database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)
ON_SQLITE = connection.vendor == "sqlite"
ARTICLE = (
    b"<html><head><title>Shelling in Donetsk</title></head><body><article>"
    + b"<p>Shells hit the hospital grounds on Tuesday, the director said.</p>" * 40
    + b"</article></body></html>"
)


@pytest.fixture
def demo_with_captures(archive_from_loopback, media, capture_now):
    """The demo, with two loopback articles cited by its first claim, each captured twice
    (the second a revisit record), so the WARC store holds four real files."""
    load_demo(say=lambda line: None)
    claim = Claim.objects.order_by("pk").first()
    for n in range(2):
        path = f"/article-{n}"
        archive_from_loopback.route(path, page(ARTICLE.replace(b"Tuesday", b"day %d" % n)))
        source = SourceFactory(url=archive_from_loopback.url(path))
        CitationFactory(claim=claim, source=source, role=Citation.Role.SUPPORTS)
        for _ in range(2):
            assert capture_now(source).status == Capture.Status.SUCCEEDED
    return media


@pytest.fixture
def empty_install(tmp_path):
    """Where a restore goes: a database no one has used (a new SQLite file, or a new
    PostgreSQL database, dropped afterwards) and an empty MEDIA_ROOT, as the environment of
    a manage.py process."""
    media = tmp_path / "restored-media"
    media.mkdir()
    if ON_SQLITE:
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield Install(url=url, media=media, sqlite_file=tmp_path / "restored.sqlite3")
        return
    name = f"claimtrail_ops_restore_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Install(url=database_url().rsplit("/", 1)[0] + f"/{name}", media=media)
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Install:
    def __init__(self, *, url: str, media: Path, sqlite_file: Path | None = None) -> None:
        self.url, self.media, self.sqlite_file = url, media, sqlite_file

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "DATABASE_URL": self.url, "MEDIA_ROOT": str(self.media)}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def rows(self) -> list[dict]:
        result = self.manage("dumpdata", "--all", "--format=json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def tables(self) -> list[str]:
        script = (
            "import json; from django.db import connection; "
            "print(json.dumps(connection.introspection.table_names()))"
        )
        result = self.manage("shell", "--no-imports", "-c", script)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def files(self) -> dict[str, bytes]:
        return _files(self.media)


def _rows_here() -> list[dict]:
    out = StringIO()
    call_command("dumpdata", "--all", "--format=json", stdout=out)
    return json.loads(out.getvalue())


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _differences(before: list[dict], after: list[dict]) -> list[str]:
    keyed = {(row["model"], json.dumps(row["pk"])): row["fields"] for row in before}
    restored = {(row["model"], json.dumps(row["pk"])): row["fields"] for row in after}
    found = [f"{key} not restored" for key in keyed.keys() - restored.keys()]
    found += [f"{key} appeared" for key in restored.keys() - keyed.keys()]
    found += [
        f"{key} differs" for key in keyed.keys() & restored.keys() if keyed[key] != restored[key]
    ]
    return found


def _backup(folder: Path) -> dict:
    call_command("backup", str(folder), stdout=StringIO(), stderr=StringIO())
    return json.loads((folder / "manifest.json").read_text())


def _round_trip(tmp_path: Path, install: Install, media: Path) -> None:
    rows, files = _rows_here(), _files(media)
    assert len([name for name in files if name.startswith("warc/")]) == 4
    manifest = _backup(tmp_path / "backup")
    assert {entry["path"] for entry in manifest["files"]} == {
        manifest["database"],
        *(f"media/{name}" for name in files),
    }

    result = install.manage("restore", str(tmp_path / "backup"))

    assert result.returncode == 0, result.stderr
    assert "4 WARC file(s), each matching the manifest" in result.stdout
    restored = install.rows()
    assert len(restored) == len(rows) > 100
    assert _differences(rows, restored) == []
    assert install.files() == files


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip; this run is on PostgreSQL")
def test_the_demo_with_its_warcs_comes_back_whole_into_a_new_sqlite_file(
    demo_with_captures, empty_install, tmp_path
):
    _round_trip(tmp_path, empty_install, demo_with_captures)


@pytest.mark.skipif(ON_SQLITE, reason="needs PostgreSQL (DATABASE_URL); this run is on SQLite")
def test_the_demo_with_its_warcs_comes_back_whole_into_a_migrated_postgresql_database(
    demo_with_captures, empty_install, tmp_path
):
    # A migrated install holds the data migrations' groups and ratings but no claims,
    # sources or users: the restore replaces its tables.
    migrated = empty_install.manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    _round_trip(tmp_path, empty_install, demo_with_captures)


def test_a_changed_warc_in_the_backup_is_named_and_nothing_is_restored(
    demo_with_captures, empty_install, tmp_path
):
    _backup(tmp_path / "backup")
    warc = sorted((tmp_path / "backup" / "media").rglob("*.warc.gz"))[1]
    damaged = bytearray(warc.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    warc.write_bytes(bytes(damaged))

    result = empty_install.manage("restore", str(tmp_path / "backup"))

    assert result.returncode != 0
    name = warc.relative_to(tmp_path / "backup").as_posix()
    assert f"{name} has changed" in result.stderr
    assert "nothing was restored" in result.stderr
    assert empty_install.tables() == []
    assert empty_install.files() == {}


def test_a_warc_missing_from_the_backup_is_named_and_nothing_is_restored(
    demo_with_captures, empty_install, tmp_path
):
    _backup(tmp_path / "backup")
    warc = sorted((tmp_path / "backup" / "media").rglob("*.warc.gz"))[0]
    warc.unlink()

    result = empty_install.manage("restore", str(tmp_path / "backup"))

    assert result.returncode != 0
    assert f"{warc.relative_to(tmp_path / 'backup').as_posix()} is missing" in result.stderr
    assert empty_install.tables() == []
    assert empty_install.files() == {}


def test_a_backup_from_newer_code_is_refused_with_the_migrations_this_code_lacks(
    demo_with_captures, empty_install, tmp_path
):
    folder = tmp_path / "backup"
    manifest = _backup(folder)
    manifest["migrations"]["claims"] = "0999_from_the_future"
    (folder / "manifest.json").write_text(json.dumps(manifest))

    result = empty_install.manage("restore", str(folder))

    assert result.returncode != 0
    assert "lacks its migrations claims.0999_from_the_future" in result.stderr
    assert empty_install.tables() == []


def test_a_backup_of_the_other_engine_is_refused(demo_with_captures, tmp_path):
    folder = tmp_path / "backup"
    manifest = _backup(folder)
    manifest["engine"] = "postgresql" if ON_SQLITE else "sqlite"
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="SQLite to SQLite and PostgreSQL to PostgreSQL"):
        call_command("restore", str(folder))


def test_a_database_that_holds_claims_is_refused_and_left_as_it_was(demo_with_captures, tmp_path):
    _backup(tmp_path / "backup")
    rows = _rows_here()

    with pytest.raises(CommandError, match=r"already holds 16 claims, 3 sources, 3 users"):
        call_command("restore", str(tmp_path / "backup"))

    assert _differences(rows, _rows_here()) == []


def test_a_folder_that_already_holds_a_backup_is_refused_and_kept(demo_with_captures, tmp_path):
    folder = tmp_path / "backup"
    first = (folder / "manifest.json", _backup(folder))
    Claim.objects.filter(pk=Claim.objects.order_by("pk").first().pk).update(place="Elsewhere")

    with pytest.raises(CommandError, match="already holds a backup"):
        call_command("backup", str(folder))

    assert json.loads(first[0].read_text()) == first[1]
    assert sorted(p.name for p in folder.iterdir()) == [
        first[1]["database"],
        "manifest.json",
        "media",
    ]


def test_a_failed_backup_leaves_nothing_that_looks_like_a_backup(demo_with_captures, tmp_path):
    # A WARC the backup cannot read (here a folder where the file should be) stops it.
    capture = Capture.objects.exclude(warc="").order_by("pk").first()
    path = demo_with_captures / capture.warc.name
    path.unlink()
    path.mkdir()
    folder = tmp_path / "backup"

    with pytest.raises(CommandError, match=f"Could not read {path}, which capture rows name"):
        call_command("backup", str(folder))

    assert list(folder.iterdir()) == []


def test_a_warc_a_row_names_but_the_disk_lacks_is_reported_and_files_no_row_names_are_left_out(
    demo_with_captures, tmp_path
):
    capture = Capture.objects.exclude(warc="").order_by("pk").first()
    (demo_with_captures / capture.warc.name).unlink()
    stray = demo_with_captures / "warc" / "stray.warc.gz"
    stray.write_bytes(b"no capture names this file")
    errors = StringIO()

    call_command("backup", str(tmp_path / "backup"), stdout=StringIO(), stderr=errors)

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["missing"] == [capture.warc.name]
    assert f"missing: {capture.warc.name} is named by a capture" in errors.getvalue()
    listed = {entry["path"] for entry in manifest["files"]}
    assert f"media/{capture.warc.name}" not in listed
    assert "media/warc/stray.warc.gz" not in listed
    assert len(listed) == 1 + 3
    assert not (tmp_path / "backup" / "media" / "warc" / "stray.warc.gz").exists()


@pytest.mark.skipif(ON_SQLITE, reason="needs PostgreSQL (DATABASE_URL); this run is on SQLite")
def test_a_backup_without_pg_dump_on_path_says_what_to_install(db, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))

    with pytest.raises(CommandError, match="pg_dump is not on PATH; install the PostgreSQL client"):
        call_command("backup", str(tmp_path / "backup"))

    assert list((tmp_path / "backup").iterdir()) == []


@pytest.mark.skipif(ON_SQLITE, reason="needs PostgreSQL (DATABASE_URL); this run is on SQLite")
def test_a_pg_dump_older_than_the_server_is_refused(db, monkeypatch, tmp_path):
    # A stand-in for an old client left first on PATH: it answers --version as pg_dump 9.6
    # does, and would do nothing else.
    old = tmp_path / "bin" / "pg_dump"
    old.parent.mkdir()
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", str(old.parent))

    with pytest.raises(
        CommandError, match=r"version 9 .* older than the PostgreSQL server \(1\d\)"
    ):
        call_command("backup", str(tmp_path / "backup"))

    assert list((tmp_path / "backup").iterdir()) == []
