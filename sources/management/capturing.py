"""What the archive and recheck commands share: their capture options, seeing the captures
they queued through to the end, and printing what happened as a table."""

import time
from argparse import ArgumentParser
from collections.abc import Sequence

from django.core.management.base import OutputWrapper
from tqdm import tqdm

from sources.models import Capture
from sources.services import capture_run


def add_capture_arguments(parser: ArgumentParser) -> None:
    """--sync, --no-wait and --timeout, which finish_captures takes."""
    parser.add_argument(
        "--sync", action="store_true", help="capture in this process, without a broker"
    )
    parser.add_argument(
        "--no-wait", action="store_true", help="queue the captures and return at once"
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds to wait for the workers"
    )


def finish_captures(
    captures: Sequence[Capture], *, sync: bool, wait: bool, timeout: float
) -> dict[int, Capture]:
    """Run captures in this process (sync), or wait up to timeout seconds for the workers to
    finish them (wait), or neither; the captures as they stand afterwards, by id."""
    ids = [capture.pk for capture in captures]
    if sync:
        for capture_id in tqdm(ids, desc="Capturing", unit="page", disable=None):
            capture_run(capture_id=capture_id)
    elif wait:
        _wait(ids, timeout)
    # Not their text: the tables print outcomes, and a batch's texts are megabytes.
    return Capture.objects.defer("text").in_bulk(ids)


def _wait(ids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with tqdm(total=len(ids), desc="Capturing", unit="page", disable=None) as bar:
        while True:
            done = (
                Capture.objects.filter(pk__in=ids)
                .exclude(status__in=Capture.ACTIVE_STATUSES)
                .count()
            )
            bar.update(done - bar.n)
            if done == len(ids) or time.monotonic() > deadline:
                return
            time.sleep(0.1)


def write_table(
    out: OutputWrapper,
    header: tuple[str, ...],
    rows: list[tuple[str, ...]],
    *,
    right: frozenset[int] = frozenset(),
) -> None:
    """Write rows under header in columns padded to line up, numbers (the columns in right)
    aligned right; the last column is left to run on."""
    lines = [header, *rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    for line in lines:
        cells = [
            f"{cell:>{width}}" if i in right else f"{cell:<{width}}"
            for i, (cell, width) in enumerate(zip(line, widths, strict=False))
        ]
        out.write("  ".join([*cells, line[-1]]).rstrip())
