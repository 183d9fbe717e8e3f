"""Two hosts' workers on one batch of captures, as real processes.

docs/configuration.md ("Scaling out") promises that workers started on more machines, on one
database and one broker, split the archiving between them. Here two `celery worker` processes
with different --hostname stand for two machines: same broker (a private redis-server, as two
hosts sharing one Redis; and the filesystem broker, as two workers sharing one folder), same
database, same environment. The test proves that they split one batch of slow article pages
with no capture done twice (one attempt, one fetch, one WARC each) and none left behind (every
capture succeeded), and that both did some of the work.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from sources.models import Capture
from sources.services import source_create
from sources.warc import warc_name
from tests.loopback import LoopbackServer, slow
from tests.loopback.articles import article
from tests.workers import Broker, Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAPTURES = 60
# Slow enough that a worker holding 8 captures in flight (prefetch multiplier 1, so it
# reserves no more than it runs) leaves messages on the broker for the other one.
DELAY_MS = 300
CONCURRENCY = 8


def _archive_env(loopback: LoopbackServer) -> dict[str, str]:
    return {
        "ARCHIVE_ALLOWED_NETWORKS": "127.0.0.0/8",
        "ARCHIVE_ALLOWED_PORTS": f"80,443,{loopback.port}",
    }


def _statuses() -> dict[str, int]:
    return dict(Counter(Capture.objects.values_list("status", flat=True)))


def _ran(worker: Worker) -> list[int]:
    """The capture ids this worker's "capture ran" lines name, one per attempt it ran."""
    lines = [json.loads(x) for x in worker.output().splitlines() if x.startswith("{")]
    return [x["capture_id"] for x in lines if x.get("event") == "capture ran"]


def test_two_hosts_split_one_batch_with_no_capture_done_twice_and_none_left(
    broker: Broker, loopback: LoopbackServer, settings
) -> None:
    paths = [f"/article/{n}" for n in range(CAPTURES)]
    for n, path in enumerate(paths):
        loopback.route(path, slow(DELAY_MS, article(n)))
    env = _archive_env(loopback)
    # Both workers are ready before the batch is queued: a worker that started first on a
    # queue already full could take the whole batch before the second finished starting.
    hosts = [broker.start_worker(concurrency=CONCURRENCY, **env) for _ in range(2)]
    for host in hosts:
        # start_worker names each worker's hostname after its log (test-worker-1@…,
        # test-worker-2@…): two nodes to Celery, as two machines would be.
        assert f"test-{host.log.stem}@" in host.output()

    for path in paths:
        source_create(url=loopback.url(path))
    assert Capture.objects.count() == CAPTURES

    assert wait_for(
        lambda: not Capture.objects.filter(status__in=Capture.ACTIVE_STATUSES).exists(),
        timeout=90,
        interval=0.25,
    ), _statuses()
    assert _statuses() == {Capture.Status.SUCCEEDED: CAPTURES}, [
        (c.pk, c.status, c.error_code, c.error_message)
        for c in Capture.objects.exclude(status=Capture.Status.SUCCEEDED)[:5]
    ]
    captures = list(Capture.objects.all())
    assert [c.pk for c in captures if c.attempts != 1] == []

    # No page was fetched twice: a capture two hosts both ran would show here even if only
    # one of them could write its row.
    fetched = Counter(seen.path for seen in loopback.requests)
    assert fetched == Counter(paths), {p: k for p, k in fetched.items() if k != 1}

    # One WARC per capture, named by its row and its only attempt; none from a loser.
    media = Path(settings.MEDIA_ROOT)
    stored = sorted(w.relative_to(media).as_posix() for w in media.rglob("*.warc.gz"))
    expected = sorted(
        warc_name(source_id=c.source_id, capture_id=c.pk, attempt=1) for c in captures
    )
    assert stored == expected
    assert sorted(c.warc.name for c in captures) == expected

    # The row's write comes before the worker's log line, so the lines may trail a little.
    assert wait_for(lambda: sum(len(_ran(h)) for h in hosts) >= CAPTURES, timeout=30), [
        h.output()[-3000:] for h in hosts
    ]
    ran = [_ran(host) for host in hosts]
    assert sorted(ran[0] + ran[1]) == sorted(c.pk for c in captures)
    assert set(ran[0]).isdisjoint(ran[1])
    assert all(ran), f"one host did all the work: {[len(r) for r in ran]} captures each"
