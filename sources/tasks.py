"""The archive's Celery tasks: thin wrappers that take an id or nothing and call a service.

Services send the capture task by its name (services.CAPTURE_TASK) rather than importing
this module, which imports them.
"""

import structlog
from celery import shared_task

from . import services

log = structlog.get_logger(__name__)


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
