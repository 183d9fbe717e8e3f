"""Celery tasks log with the id of the request that sent them, and their own name and id."""

import structlog
from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "request_id"


@before_task_publish.connect(dispatch_uid="claimtrail-task-request-id")
def _send_request_id(headers: dict, **kwargs) -> None:
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id:
        headers.setdefault(HEADER, request_id)


@task_prerun.connect(dispatch_uid="claimtrail-task-bind")
def _bind_task(task_id: str, task, **kwargs) -> None:
    # A pool thread runs one task after another: nothing of the last one may stay bound.
    structlog.contextvars.clear_contextvars()
    context = {"task": task.name, "task_id": task_id}
    request_id = getattr(task.request, HEADER, None)
    if request_id:
        context["request_id"] = request_id
    structlog.contextvars.bind_contextvars(**context)


@task_postrun.connect(dispatch_uid="claimtrail-task-unbind")
def _unbind_task(**kwargs) -> None:
    structlog.contextvars.clear_contextvars()
