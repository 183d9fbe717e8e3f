"""Settings of archiving (sources.fetch and the capture worker), every one from the
environment; docs/configuration.md lists them."""

from .environment import env

ARCHIVE_MAX_BYTES = env.int("ARCHIVE_MAX_BYTES", default=50 * 1024 * 1024)
ARCHIVE_TIMEOUT = env.float("ARCHIVE_TIMEOUT", default=30.0)
# Seconds a capture may wait for a free text reader, and then spend reading a page's text,
# before the reader is killed: a tiny PDF or a page of 100,000 table cells can hold minutes
# of work. Fetch plus both waits stays inside ARCHIVE_STALE_AFTER.
ARCHIVE_EXTRACT_SECONDS = env.float("ARCHIVE_EXTRACT_SECONDS", default=20.0)
# Child processes each worker process reads text in (sources/extract/children.py).
ARCHIVE_EXTRACT_PROCESSES = env.int("ARCHIVE_EXTRACT_PROCESSES", default=2)
ARCHIVE_MAX_REDIRECTS = env.int("ARCHIVE_MAX_REDIRECTS", default=5)
ARCHIVE_MAX_ATTEMPTS = env.int("ARCHIVE_MAX_ATTEMPTS", default=4)
# Ports a source URL may use; 80 and 443 only unless widened.
ARCHIVE_ALLOWED_PORTS = [int(p) for p in env.list("ARCHIVE_ALLOWED_PORTS", default=["80", "443"])]
# Networks exempted from the refusal of internal addresses (CIDRs). Empty in production;
# tests open the loopback network here so they can archive from a server they control.
ARCHIVE_ALLOWED_NETWORKS = env.list("ARCHIVE_ALLOWED_NETWORKS", default=[])
ARCHIVE_USER_AGENT = env.str(
    "ARCHIVE_USER_AGENT",
    default="Claimtrail/0.1 (fact-checking archive)",
)
# PEM file of the certificate authorities archived HTTPS sites are verified against;
# empty means certifi's bundle, which httpx uses by default.
ARCHIVE_CA_BUNDLE = env.str("ARCHIVE_CA_BUNDLE", default="")
ARCHIVE_RETRY_BASE = env.float("ARCHIVE_RETRY_BASE", default=2.0)
ARCHIVE_RETRY_MAX = env.float("ARCHIVE_RETRY_MAX", default=300.0)
# A capture still running this long after its start is taken to have lost its worker.
ARCHIVE_STALE_AFTER = env.float("ARCHIVE_STALE_AFTER", default=ARCHIVE_TIMEOUT + 60)
ARCHIVE_SWEEP_INTERVAL = env.float("ARCHIVE_SWEEP_INTERVAL", default=30.0)
# Every source is captured again when its last capture is this many days old, so link rot
# and silent edits show; an hourly task queues a share of the due sources at a time.
ARCHIVE_RECHECK_DAYS = env.float("ARCHIVE_RECHECK_DAYS", default=7.0)
# A host name (e.g. archive-content.example.org) that alone serves raw archived pages, so
# archived HTML never runs on the site's origin; empty serves them sandboxed from this host.
ARCHIVE_PLAYBACK_HOST = env.str("ARCHIVE_PLAYBACK_HOST", default="")
# Dotted path of a callable returning a QuerySet of the ids of sources whose archived copies
# anyone may see; empty means staff only. The claims app provides one (sources must not
# import claims, so the rule is named here instead).
ARCHIVE_PUBLIC_SOURCES = env.str(
    "ARCHIVE_PUBLIC_SOURCES", default="claims.visibility.public_source_ids"
)
ARCHIVE_FIXITY_BATCH = env.int("ARCHIVE_FIXITY_BATCH", default=200)
# WARC files no capture names (a worker killed between storing one and writing its row) are
# removed once this many seconds old: past any capture still in flight, whose file is stored
# just before its row is written.
ARCHIVE_ORPHAN_GRACE = env.float("ARCHIVE_ORPHAN_GRACE", default=86400.0)
ARCHIVE_ORPHAN_SWEEP_INTERVAL = env.float("ARCHIVE_ORPHAN_SWEEP_INTERVAL", default=3600.0)
