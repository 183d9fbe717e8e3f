"""Logs an operator can search: one JSON object a line in production, with the request id,
the user and, in workers, the task and the capture they are about (docs/operations.md).

logs.py builds LOGGING and the structlog processors, requests.py gives each request its id,
tasks.py carries it into Celery tasks, records.py logs every history row the workflow writes.
"""
