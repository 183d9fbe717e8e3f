"""The archive's Celery tasks: thin wrappers that take an id or nothing and call a service.

Services send the capture task by its name (services.CAPTURE_TASK) rather than importing
this module, which imports them.
"""

import structlog
from celery import shared_task
from celery.signals import worker_ready

from . import services
from .extract import children
from .fetch.transport import ssl_context

log = structlog.get_logger(__name__)


@worker_ready.connect
def _warm_up(**kwargs) -> None:
    """Make what every capture uses and a process makes once before the first capture comes:
    left to the first captures, a worker's threads all start the text readers and load the
    CA bundle at once, and the first of a batch finished a second late (bench/README.md)."""
    ssl_context()
    try:
        children().warm()
    except OSError as error:  # each capture will try again, and say so if it cannot
        log.warning("text readers did not start", error=str(error))


@shared_task(
    name=services.CAPTURE_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def capture_source(capture_id: int) -> None:
    # Every line this capture writes, the fetch's and the extraction's too, names it.
    with structlog.contextvars.bound_contextvars(capture_id=capture_id):
        capture = services.capture_run(capture_id=capture_id)
        if capture is not None:
            log.info(
                "capture ran",
                status=capture.status,
                error_code=capture.error_code,
                attempts=capture.attempts,
            )


@shared_task(ignore_result=True)
def sweep_captures() -> None:
    services.capture_sweep()


@shared_task(ignore_result=True)
def recheck_sources() -> None:
    services.recheck_due_sources()


@shared_task(ignore_result=True)
def check_fixity() -> None:
    services.fixity_sweep()


@shared_task(ignore_result=True)
def sweep_orphan_files() -> None:
    services.orphan_sweep()
