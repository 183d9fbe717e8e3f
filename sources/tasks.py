"""The archive's Celery tasks: thin wrappers that take an id or nothing and call a service.

Services send the capture task by its name (services.CAPTURE_TASK) rather than importing
this module, which imports them.
"""

from celery import shared_task

from . import services


@shared_task(
    name=services.CAPTURE_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def capture_source(capture_id: int) -> None:
    services.capture_run(capture_id=capture_id)


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
