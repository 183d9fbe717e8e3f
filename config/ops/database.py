"""Copying the database out and back in, per engine: SQLite through its online backup API,
PostgreSQL through pg_dump and pg_restore. A snapshot also reads, from the very copy it
takes, which WARC files the capture rows name and which migrations were applied, so the
files a backup holds are those its database points to."""

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from sources.models import Capture

from .manifest import last_migrations

SUPPORTED = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True)
class Snapshot:
    warc_names: list[str]
    migrations: dict[str, str]


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in SUPPORTED:
        raise CommandError(
            f"Backups support SQLite and PostgreSQL; this database is {connection.vendor}."
        )
    return connection.vendor


def _snapshot_queries() -> tuple[str, str]:
    table = Capture._meta.db_table
    column = Capture._meta.get_field("warc").column
    return (
        f"SELECT {column} FROM {table} WHERE {column} <> '' ORDER BY {column}",  # noqa: S608
        "SELECT app, name FROM django_migrations",
    )


def _read_snapshot(cursor) -> Snapshot:
    warcs, migrations = _snapshot_queries()
    cursor.execute(warcs)
    names = [row[0] for row in cursor.fetchall()]
    cursor.execute(migrations)
    return Snapshot(warc_names=names, migrations=last_migrations(cursor.fetchall()))


def snapshot(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """Write a consistent copy of the database to target and return what that copy holds."""
    if engine_of(connection) == "sqlite":
        return _snapshot_sqlite(connection, target)
    return _snapshot_postgresql(connection, target)


def _snapshot_sqlite(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    # A connection of its own, so that the copy holds only committed rows whatever the
    # caller's transaction; the backup API copies one consistent state even in WAL mode.
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.commit()
        return _read_snapshot(copy.cursor())
    finally:
        copy.close()
        source.close()


def _snapshot_postgresql(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    pg_dump = find_client("pg_dump", connection)
    # The file list is read in a repeatable-read transaction whose snapshot pg_dump is
    # given, so the dump and the list see the same rows.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            exported = cursor.fetchone()[0]
            taken = _read_snapshot(cursor)
        _run(
            connection,
            [pg_dump, "--format=custom", f"--snapshot={exported}", f"--file={target}"],
            what="pg_dump",
        )
        return taken
    finally:
        raw.rollback()
        raw.close()


def restore(connection: BaseDatabaseWrapper, copy: Path) -> None:
    """Replace the (empty) database with the copy; the caller has checked that it is empty."""
    if engine_of(connection) == "sqlite":
        connection.close()
        source = sqlite3.connect(copy)
        target = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    pg_restore = find_client("pg_restore", connection)
    # The tables of an install that was migrated before the restore would collide with
    # the dump's; they hold no claims, sources or users (checked), so they go.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _run(
        connection,
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(copy),
        ],
        what="pg_restore",
    )


def find_client(name: str, connection: BaseDatabaseWrapper) -> str:
    """The PostgreSQL client on PATH, if its major version is at least the server's: an
    older pg_dump refuses a newer server, and an older pg_restore a newer dump."""
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} is not on PATH; install the PostgreSQL client of the server's version "
            f"({_major(connection.pg_version)} or later), e.g. apt-get install postgresql-client."
        )
    # The clients are the ones found on PATH, run with arguments of our own making.
    output = subprocess.run(  # noqa: S603
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"(\d+)(?:\.\d+)*", output)
    client = int(found.group(1)) if found else 0
    connection.ensure_connection()
    server = _major(connection.pg_version)
    if client < server:
        raise CommandError(
            f"{path} is version {client} ({output.strip()}), older than the PostgreSQL server "
            f"({server}); put the PostgreSQL {server} client first on PATH."
        )
    return path


def _major(version: int) -> int:
    # psycopg reports 15.20 as 150020; before PostgreSQL 10 the scheme had one more digit.
    return version // 10000 if version >= 100000 else version // 100


def _run(connection: BaseDatabaseWrapper, command: list[str], *, what: str) -> None:
    db = connection.settings_dict
    arguments = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        arguments.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        arguments.append(f"--port={db['PORT']}")
    if db.get("USER"):
        arguments.append(f"--username={db['USER']}")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    result = subprocess.run(  # noqa: S603
        [command[0], *arguments, "--no-password", *command[1:]],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(f"{what} failed ({result.returncode}): {result.stderr.strip()}")
