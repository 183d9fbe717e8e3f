import os
import secrets
import subprocess
import sys

from django.conf import settings

# What the suite sets for itself (the browser tests allow the ORM inside Playwright's event
# loop) must not leak into the production settings these tests check.
CONFIG_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="claims.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_with_nothing_set_it_runs_embedded_on_sqlite_in_the_project_folder():
    result = _manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.settings_dict['NAME'])",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str(settings.BASE_DIR / "db.sqlite3"))


def test_a_yes_no_variable_with_another_value_fails_loudly():
    result = _manage("check", DEBUG="maybe", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a yes/no value" in result.stderr


def test_manage_py_in_a_developers_shell_runs_in_development_mode():
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_manage_py_with_a_secret_key_stays_in_production_mode():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def _cache_and_broker(**env: str) -> list[str]:
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['LOCATION'], s.CACHES['pages']['LOCATION'], "
        "s.CELERY_BROKER_URL)",
        DEBUG="true",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1].split()


def test_on_redis_the_cache_keeps_to_a_database_of_its_own():
    assert _cache_and_broker(REDIS_URL="redis://10.0.0.5:6379/3", CACHE_URL="") == [
        "redis://10.0.0.5:6379/4",
        "redis://10.0.0.5:6379/4",
        "redis://10.0.0.5:6379/3",
    ]
    assert _cache_and_broker(REDIS_URL="redis://10.0.0.5", CACHE_URL="redis://10.0.0.6/0") == [
        "redis://10.0.0.6/0",
        "redis://10.0.0.6/0",
        "redis://10.0.0.5",
    ]
