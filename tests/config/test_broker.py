"""The embedded broker (config/broker.py) against a real folder, with readers and writers at
the same time, as a worker with beat inside it has them."""

import multiprocessing
import threading
from pathlib import Path

from kombu import Connection

from tests.workers import filesystem_options

TRANSPORT = "config.broker:Transport"
PAD = "x" * 100_000  # large enough that a write is not one instant


def _queue(folder: Path) -> str:
    # kombu remembers declared queues per process, across folders: a name of each test's own
    # makes every test declare (and bind) its queue in its own folder.
    return f"captures-{folder.name}"


def _connection(folder: Path) -> Connection:
    options = filesystem_options(folder) | {"polling_interval": 0.001}
    return Connection("filesystem://", transport=TRANSPORT, transport_options=options)


def _send(folder: Path, numbers: range) -> None:
    with _connection(folder) as connection:
        queue = connection.SimpleQueue(_queue(folder))
        for n in numbers:
            queue.put({"n": n, "pad": PAD})


def _take_all(folder: Path, *, idle: float) -> list[int]:
    taken = []
    with _connection(folder) as connection:
        queue = connection.SimpleQueue(_queue(folder))
        while True:
            try:
                message = queue.get(timeout=idle)
            except queue.Empty:
                return taken
            taken.append(message.payload["n"])
            message.ack()


def _take_into(folder: str, results) -> None:
    results.put(_take_all(Path(folder), idle=3))


def _declare(folder: Path) -> None:
    # As a worker does when it starts, before anything is sent: kombu writes the queue's
    # binding to the control folder unlocked, so two first declarations at once can lose it.
    with _connection(folder) as connection:
        connection.SimpleQueue(_queue(folder)).close()


def test_a_reader_never_sees_a_message_that_is_still_being_written(tmp_path):
    _declare(tmp_path)
    sender = threading.Thread(target=_send, args=(tmp_path, range(1500)))
    sender.start()
    taken = _take_all(tmp_path, idle=3)
    sender.join()
    assert sorted(taken) == list(range(1500))
    assert not list((tmp_path / "queue").iterdir())
    assert not list((tmp_path / "claimed").iterdir())


def test_two_reader_processes_share_a_queue_and_take_each_message_once(tmp_path):
    _send(tmp_path, range(400))
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    readers = [context.Process(target=_take_into, args=(str(tmp_path), results)) for _ in "ab"]
    for reader in readers:
        reader.start()
    first, second = results.get(timeout=60), results.get(timeout=60)
    for reader in readers:
        reader.join(10)
    assert sorted(first + second) == list(range(400))
    assert first, "the first reader took work"
    assert second, "the second reader took work"


def test_an_unreadable_message_file_is_dropped_and_the_next_one_delivered(tmp_path, caplog):
    _connection(tmp_path).release()
    broken = f"1_broken.{_queue(tmp_path)}.msg"
    (tmp_path / "queue" / broken).write_bytes(b"{not json")
    _send(tmp_path, range(1))
    assert _take_all(tmp_path, idle=0.5) == [0]
    assert broken in caplog.text
