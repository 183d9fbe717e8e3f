from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "config.observability"
    label = "observability"
    verbose_name = "Logs"

    def ready(self) -> None:
        # Receivers of django-simple-history's and Celery's signals: the rows and the tasks
        # are written and run where no call of ours could log them.
        from config.observability import records, tasks  # noqa: F401
        from config.observability.logs import configure_structlog

        configure_structlog()
