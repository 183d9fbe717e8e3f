"""How the settings arm staff logins: required second factor unless DEBUG, and the checks."""

import secrets

import pytest

from claims.demo import load_demo
from tests.config.test_settings import _manage

PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "claims.example.org"}
SHOW = "from django.conf import settings; print(settings.STAFF_REQUIRE_TOTP)"


def test_staff_need_a_second_factor_in_production_and_not_in_the_embedded_default():
    production = _manage("shell", "-c", SHOW, SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    embedded = _manage("shell", "-c", SHOW, DEBUG="true")
    assert production.stdout.strip().splitlines()[-1] == "True", production.stderr
    assert embedded.stdout.strip().splitlines()[-1] == "False", embedded.stderr


def test_the_deploy_check_warns_when_production_lets_staff_in_with_a_password_alone():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        STAFF_REQUIRE_TOTP="false",
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "(accounts.W001) STAFF_REQUIRE_TOTP is off" in result.stderr


@pytest.mark.django_db
def test_the_demo_accounts_log_in_through_the_login_page(settings, login):
    settings.DEMO_PASSWORD = "a-long-demo-passphrase"
    load_demo(say=lambda line: None)
    for username in ("researcher", "reviewer", "editor"):
        response = login(username, "a-long-demo-passphrase")
        assert (response.status_code, response["Location"]) == (302, "/admin/"), username
