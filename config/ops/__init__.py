"""Backups an operator can trust (docs/operations.md): `backup` takes a consistent copy of the
database and of the WARC files its rows name, with a manifest of every file's SHA-256;
`restore` checks the whole backup against its manifest before it touches an empty install.

manifest.py is the manifest and its checks, database.py the engine-specific copying,
backup.py and restore.py the two operations the management commands call.
"""
