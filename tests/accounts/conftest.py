"""Staff logins through the admin's real login view, from chosen client addresses."""

import time
from collections.abc import Callable

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.accounts.services import recovery_codes_replace
from tests.factories import UserFactory

PASSWORD = "correct horse battery"  # the factories' password
LOGIN = "/admin/login/"


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code device's app shows now, or so many 30-second steps later. django-otp takes
    a code once, and accepts the next step's, so a test logs in twice with steps_ahead=1."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def staff(db):
    return UserFactory(username="sam-staff")


@pytest.fixture
def enrolled(staff):
    """sam-staff with an authenticator app and recovery codes: (user, device, codes)."""
    device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    codes = recovery_codes_replace(user=staff)
    return staff, device, codes


@pytest.fixture
def login() -> Callable:
    """login(username, password, code="", address="127.0.0.2", client=None): one POST to
    the admin's login view from that address; returns the response."""

    def _login(
        username: str,
        password: str,
        *,
        code: str = "",
        address: str = "127.0.0.2",
        client: Client | None = None,
    ):
        client = client or Client()
        return client.post(
            LOGIN,
            {"username": username, "password": password, "otp_token": code, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    return _login


@pytest.fixture
def require_totp(settings):
    settings.STAFF_REQUIRE_TOTP = True
