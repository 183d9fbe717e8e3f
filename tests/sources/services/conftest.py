"""Fixtures of the services tests."""

from collections.abc import Iterator

import pytest

from sources.models import Capture
from sources.signals import capture_finished


@pytest.fixture
def finished_captures() -> Iterator[list[Capture]]:
    """The captures announced by capture_finished during the test, in order."""
    announced: list[Capture] = []

    def receiver(sender, *, capture: Capture, **kwargs) -> None:
        announced.append(capture)

    capture_finished.connect(receiver, weak=False, dispatch_uid="tests.finished_captures")
    yield announced
    capture_finished.disconnect(dispatch_uid="tests.finished_captures")
