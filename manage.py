#!/usr/bin/env python
"""Django's command-line utility for Claimtrail."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A developer's shell has no SECRET_KEY: there manage.py runs in development mode, as
    # `make` does. Where a SECRET_KEY is set (production) DEBUG stays off unless asked for.
    # Servers never come through here: gunicorn and Celery read DEBUG as it is.
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
