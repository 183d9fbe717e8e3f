"""Repeated failed logins lock the account and the address, through the real login view."""

import logging
from datetime import timedelta

import pytest
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.utils import timezone

from tests.accounts.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fail(login, username: str, times: int, **kwargs) -> list[int]:
    return [login(username, "wrong password", **kwargs).status_code for _ in range(times)]


def test_the_right_password_works_after_fewer_failures_than_the_limit(staff, login, settings):
    assert fail(login, "sam-staff", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4
    response = login("sam-staff", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_account_is_locked_at_the_limit_and_refuses_the_right_password(staff, login):
    statuses = fail(login, "sam-staff", 20)
    assert statuses == [200] * 4 + [429] * 16
    response = login("sam-staff", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in response.wsgi_request.session
    page = response.content.decode()
    assert "Logins are locked for this account or from this address after 5 failed" in page
    assert "the right one included, for\n    15 more minutes" in page
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_an_account_locked_from_one_address_is_locked_from_every_other(staff, login):
    fail(login, "sam-staff", 5, address="127.0.0.2")
    assert login("sam-staff", PASSWORD, address="127.0.0.3").status_code == 429


def test_an_address_is_locked_whichever_accounts_it_tries(staff, login):
    UserFactory(username="other-staff")
    for n in range(5):
        login(f"guess-{n}", "wrong password", address="127.0.0.2")
    assert login("other-staff", PASSWORD, address="127.0.0.2").status_code == 429
    assert login("other-staff", PASSWORD, address="127.0.0.3").status_code == 302


def test_the_lockout_ends_when_the_cool_off_has_passed_since_the_last_failure(
    staff, login, settings
):
    fail(login, "sam-staff", 5)
    assert login("sam-staff", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert login("sam-staff", PASSWORD).status_code == 302


def test_attempts_during_a_lockout_do_not_extend_it(staff, login):
    fail(login, "sam-staff", 5)
    locked_at = AccessAttempt.objects.get().attempt_time
    fail(login, "sam-staff", 3)
    login("sam-staff", PASSWORD)
    attempt = AccessAttempt.objects.get()
    assert (attempt.attempt_time, attempt.failures_since_start) == (locked_at, 5)


def test_a_successful_login_does_not_clear_the_failures_of_its_address(staff, login):
    # Otherwise one known password would reset the count of every account tried from there.
    UserFactory(username="other-staff")
    fail(login, "other-staff", 4)
    assert login("sam-staff", PASSWORD).status_code == 302
    assert login("other-staff", "wrong password").status_code == 429


def test_each_failure_and_the_lockout_are_logged_with_account_and_address(staff, login, caplog):
    caplog.set_level(logging.INFO, logger="claimtrail.logins")
    fail(login, "sam-staff", 5, address="127.0.0.9")
    login("sam-staff", PASSWORD, address="127.0.0.9")
    lines = [r.getMessage() for r in caplog.records if r.name == "claimtrail.logins"]
    assert lines == [
        *[
            f"login failed: username='sam-staff' address=127.0.0.9 failures={n}"
            for n in range(1, 6)
        ],
        "login locked out: username='sam-staff' address=127.0.0.9 for=0:15:00",
        "login refused, locked out: username='sam-staff' address=127.0.0.9",
    ]
    assert "wrong password" not in caplog.text
    assert PASSWORD not in caplog.text


def test_a_name_with_a_line_break_stays_on_one_log_line(login, caplog):
    caplog.set_level(logging.INFO, logger="claimtrail.logins")
    login("eve\nlogin: username='sam-staff'", "wrong password")
    assert [r.getMessage() for r in caplog.records if r.name == "claimtrail.logins"] == [
        "login failed: username=\"eve\\nlogin: username='sam-staff'\" address=127.0.0.2 failures=1"
    ]


def test_what_is_stored_of_a_failed_login_holds_no_password_or_code(enrolled, login):
    login("sam-staff", "my wrong secret", code="123456")
    stored = AccessAttempt.objects.get().post_data
    assert "my wrong secret" not in stored
    assert "123456" not in stored


def test_a_forwarded_address_is_believed_only_behind_the_configured_proxies(
    staff, client, settings
):
    def fail_via_proxy(forwarded_for: str) -> None:
        client.post(
            "/admin/login/",
            {"username": "sam-staff", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    fail_via_proxy("127.0.0.7")
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"
    AccessAttempt.objects.all().delete()

    settings.LOGIN_PROXY_COUNT = 1
    # The client wrote the left entry itself; the proxy appended the right one.
    fail_via_proxy("127.0.0.66, 127.0.0.7")
    assert AccessAttempt.objects.get().ip_address == "127.0.0.7"


def test_authenticate_without_a_request_fails_loudly_instead_of_skipping_the_count(staff):
    with pytest.raises(AxesBackendRequestParameterRequired):
        authenticate(username="sam-staff", password=PASSWORD)
