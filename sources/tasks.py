from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
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
