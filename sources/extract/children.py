"""The processes text is read in: a few warm children per worker process, each reading one
payload at a time, killed when a reading takes too long.

Reading is the CPU-heavy part of a capture (a news page's HTML costs trafilatura tens of
milliseconds, a tiny PDF can hold minutes of work), and in the worker's own process it would
hold the interpreter lock every fetching thread shares. In children it runs on the other
cores, and a reading that hangs costs one child, not the worker.
"""

import logging
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .readers import Extracted, read

logger = logging.getLogger(__name__)

# forkserver, not fork: the worker runs threads, and a fork of a threaded process can
# inherit a lock some other thread held. Preloading makes each child a cheap fork of a
# process that has already imported the readers, and of __main__, which a child would
# otherwise run again on every start, and of the libraries the readers import as they read.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["__main__", "sources.extract.readers", "trafilatura", "pypdf"])


def _serve(jobs: Connection) -> None:
    """A child's life: read what it is sent, answer, and wait for the next; the parent
    closing its end (or killing the child) ends it."""
    while True:
        try:
            job = jobs.recv()
        except EOFError:
            return
        jobs.send(read(*job))


@dataclass
class _Child:
    process: BaseProcess
    jobs: Connection

    def end(self) -> int | None:
        """Kill the child if it still runs; its exit code."""
        self.jobs.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        exitcode = self.process.exitcode
        self.process.close()
        return exitcode


class Overrun(Exception):
    """No answer in time: the reading was stopped, or no child was free to start it."""


class ChildDied(Exception):
    """The child reading the payload ended without an answer."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"exit code {exitcode}")
        self.exitcode = exitcode


class Children:
    """At most size children, started when first needed, each lent to one thread at a time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = threading.BoundedSemaphore(size)
        self._idle: queue.LifoQueue[_Child] = queue.LifoQueue()
        self.pids: set[int] = set()  # of the children alive, for tests and logs

    def run(self, job: tuple, *, seconds: float) -> Extracted:
        """The child's reading of job, within seconds of waiting for a child and seconds
        of reading; raises Overrun or ChildDied."""
        if not self._free.acquire(timeout=seconds):
            raise Overrun(f"all {self.size} text readers were busy for {seconds:g} seconds")
        try:
            child = self._child()
            try:
                child.jobs.send(job)
                if not child.jobs.poll(seconds):
                    raise Overrun(f"reading took longer than {seconds:g} seconds")
                answer = child.jobs.recv()
            except (EOFError, OSError):
                raise ChildDied(self._end(child)) from None
            except BaseException:
                self._end(child)
                raise
            self._idle.put(child)
            return answer
        finally:
            self._free.release()

    def warm(self) -> None:
        """Start every child not lent out now, so that the first readings do not wait for
        the fork server to import the readers while each fetching thread asks at once."""
        held = 0
        while held < self.size and self._free.acquire(blocking=False):
            held += 1
        try:
            ready = [self._child() for _ in range(held)]
            for child in ready:
                self._idle.put(child)
        finally:
            for _ in range(held):
                self._free.release()

    def _child(self) -> _Child:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        ours, theirs = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(theirs,), name="text-reader", daemon=True)
        process.start()
        # Only the child holds its end now, so its death reads here as EOF, not silence.
        theirs.close()
        self.pids.add(process.pid)
        return _Child(process, ours)

    def _end(self, child: _Child) -> int | None:
        self.pids.discard(child.process.pid)
        return child.end()

    def close(self) -> None:
        """End every idle child."""
        while True:
            try:
                self._end(self._idle.get_nowait())
            except queue.Empty:
                return
