"""The sources app's configuration."""

from django.apps import AppConfig
from django.db.models.signals import post_delete


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources and captures"

    def ready(self) -> None:
        # Services send the capture task by name through Celery's registry, which knows only
        # the tasks of modules already imported. Registered here, in every process, the task
        # is sent with its own options (and run at once under task_always_eager), never as a
        # bare name.
        from config.validators import guard_bidi_controls

        from . import tasks  # noqa: F401
        from .models import Capture, Source
        from .services.files import capture_deleted

        # A signal: a Capture also goes with its Source, in a cascade no service sees.
        post_delete.connect(capture_deleted, sender=Capture, dispatch_uid="sources.warc_files")
        # Every save of a source is held to its fields' bidi-control validators.
        guard_bidi_controls(Source)
