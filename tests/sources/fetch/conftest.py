"""Fixtures of the fetch tests: a folder of the test's own for temporary bodies, and a
loopback server standing in for a public address."""

import tempfile

import pytest

# The shared checks assert, and their failures should say as much as a test's own.
pytest.register_assert_rewrite("tests.sources.fetch.fetching")


@pytest.fixture(autouse=True)
def body_dir(tmp_path, monkeypatch):
    """Temporary bodies go to a folder of the test's own, so leftovers can be seen."""
    folder = tmp_path / "bodies"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def only_the_server_allowed(settings, loopback):
    """127.0.0.1 stands in for a public address; the rest of loopback stays refused."""
    settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.ARCHIVE_ALLOWED_PORTS = [80, 443, loopback.port]
    return loopback
