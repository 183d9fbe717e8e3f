"""The sources app's configuration."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources and captures"

    def ready(self) -> None:
        # Services send the capture task by name through Celery's registry, which knows only
        # the tasks of modules already imported. Registered here, in every process, the task
        # is sent with its own options (and run at once under task_always_eager), never as a
        # bare name.
        from . import tasks  # noqa: F401
