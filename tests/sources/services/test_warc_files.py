"""The archive's files (sources.services.files, sources.warc): a WARC is on disk before any
row names it, goes when its row's deletion commits, and a file no row names is swept."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from sources.models import Capture, Source
from sources.services import orphan_sweep
from tests.sources.articles import capture_page

pytestmark = pytest.mark.django_db


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _stray(media: Path, name: str, *, age: float) -> Path:
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"half a WARC")
    _age(path, age)
    return path


def test_deleting_a_source_removes_its_warcs_once_the_deletion_commits(
    archive_from_loopback, media, django_capture_on_commit_callbacks
):
    first = capture_page(archive_from_loopback)
    second = capture_page(archive_from_loopback, path="/other")
    paths = [Path(first.warc.path), Path(second.warc.path)]
    assert all(p.exists() for p in paths)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first.source.delete()
        assert paths[0].exists(), "removed before the deletion committed"
    assert callbacks
    assert not paths[0].exists()
    assert paths[1].exists()


def test_deleting_a_capture_removes_its_warc(
    archive_from_loopback, media, django_capture_on_commit_callbacks
):
    capture = capture_page(archive_from_loopback)
    path = Path(capture.warc.path)

    with django_capture_on_commit_callbacks(execute=True):
        Capture.objects.filter(pk=capture.pk).delete()

    assert not path.exists()
    assert Source.objects.filter(pk=capture.source_id).exists()


def test_a_deletion_rolled_back_keeps_the_warc(
    archive_from_loopback, media, django_capture_on_commit_callbacks
):
    capture = capture_page(archive_from_loopback)
    path = Path(capture.warc.path)

    def delete_then_fail() -> None:
        with transaction.atomic():
            capture.source.delete()
            raise RuntimeError("the rest of the edit failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        delete_then_fail()

    assert callbacks == []
    assert path.exists()
    assert Capture.objects.get(pk=capture.pk).warc.name


def test_the_sweep_removes_old_files_no_capture_names_and_keeps_the_rest(
    archive_from_loopback, media, settings
):
    settings.ARCHIVE_ORPHAN_GRACE = 3600
    kept = capture_page(archive_from_loopback)
    _age(Path(kept.warc.path), 7200)  # old, but named by its row
    orphan = _stray(media, "warc/9/capture-41-1.warc.gz", age=7200)
    scratch = _stray(media, "tmp/tmpab12cd.warc.gz", age=7200)
    in_flight = _stray(media, "warc/9/capture-42-1.warc.gz", age=10)

    outcome = orphan_sweep()

    assert sorted(outcome.removed) == ["tmp/tmpab12cd.warc.gz", "warc/9/capture-41-1.warc.gz"]
    assert outcome.too_recent == 1
    assert not orphan.exists()
    assert not scratch.exists()
    assert in_flight.exists()
    assert Path(kept.warc.path).exists()


def test_the_command_reports_what_it_removes_and_a_dry_run_removes_nothing(media):
    orphan = _stray(media, "warc/3/capture-7-2.warc.gz", age=120)
    young = _stray(media, "warc/3/capture-8-1.warc.gz", age=1)

    out = StringIO()
    call_command("sweep_orphan_files", "--grace", "60", "--dry-run", stdout=out)
    assert "would remove warc/3/capture-7-2.warc.gz" in out.getvalue()
    assert orphan.exists()

    out = StringIO()
    call_command("sweep_orphan_files", "--grace", "60", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "removed warc/3/capture-7-2.warc.gz",
        "1 file(s) no capture names removed; 1 younger than the grace period left in place.",
    ]
    assert not orphan.exists()
    assert young.exists()


def test_a_stored_warc_and_its_folders_are_synced_to_disk_before_its_row_is_written(
    archive_from_loopback, media, monkeypatch
):
    synced: list[tuple[int, int]] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        info = os.fstat(descriptor)
        synced.append((info.st_dev, info.st_ino))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    capture = capture_page(archive_from_loopback)

    warc = Path(capture.warc.path)
    identity = lambda path: (path.stat().st_dev, path.stat().st_ino)  # noqa: E731
    assert identity(warc) in synced  # the file itself (renamed into place: same inode)
    assert identity(warc.parent) in synced  # the new directory entry
    assert identity(media / "warc") in synced  # the folder made for the source
    assert synced.index(identity(warc)) < synced.index(identity(warc.parent))
