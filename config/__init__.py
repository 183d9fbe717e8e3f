# Load the Celery app with Django, so that tasks sent by services use its configuration.
from .celery import app as celery_app

__all__ = ["celery_app"]
