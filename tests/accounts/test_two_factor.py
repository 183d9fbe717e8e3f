"""The second factor: asked at login when an account has one, required of staff where set."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.accounts.services import shown_code
from config.accounts.tokens import token_create
from tests.accounts.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db
SETUP = "/admin/two-factor/"


def test_an_account_without_a_second_factor_logs_in_with_its_password(staff, login):
    response = login("sam-staff", PASSWORD)
    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY not in response.wsgi_request.session


def test_an_account_with_an_app_is_asked_for_its_code(enrolled, login):
    response = login("sam-staff", PASSWORD)
    assert response.status_code == 200
    assert "This account has two-factor login: enter the code" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_apps_code_logs_in_and_verifies_the_session(enrolled, login):
    _, device, _ = enrolled
    client = Client()
    response = login("sam-staff", PASSWORD, code=totp_code(device), client=client)
    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_is_refused_and_counts_as_a_failed_login(enrolled, login):
    _, device, _ = enrolled
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = login("sam-staff", PASSWORD, code=wrong)
    assert response.status_code == 200
    assert "That code is wrong or has expired" in response.content.decode()
    assert AccessAttempt.objects.get(username="sam-staff").failures_since_start == 1


def test_guessing_codes_meets_the_same_lockout_as_guessing_passwords(enrolled, login, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own slowing down, aside here
    _, device, _ = enrolled
    statuses = [login("sam-staff", PASSWORD, code="000000").status_code for _ in range(5)]
    assert statuses == [200] * 4 + [429]
    assert login("sam-staff", PASSWORD, code=totp_code(device)).status_code == 429


def test_a_recovery_code_logs_in_once(enrolled, login):
    _, _, codes = enrolled
    # As shown on the page: two groups of five, typed here in capitals.
    typed = shown_code(codes[0]).upper()
    assert login("sam-staff", PASSWORD, code=typed).status_code == 302
    assert login("sam-staff", PASSWORD, code=typed).status_code == 200
    assert StaticToken.objects.filter(device__user__username="sam-staff").count() == 9


def test_a_used_app_code_is_not_accepted_twice(enrolled, login):
    _, device, _ = enrolled
    code = totp_code(device)
    assert login("sam-staff", PASSWORD, code=code).status_code == 302
    assert login("sam-staff", PASSWORD, code=code).status_code == 200


def test_setting_up_an_app_shows_its_address_and_a_qr_code_drawn_here(staff, client):
    client.force_login(staff)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    uri = re.search(r'<code id="totp-uri">([^<]+)</code>', page).group(1)
    assert uri.replace("&amp;", "&") == device.config_url
    assert uri.startswith("otpauth://totp/Claimtrail%3Asam-staff?secret=")
    assert 'src="data:image/svg+xml;base64,' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # The same secret until it is confirmed, so a reload does not undo a scan.
    assert uri in client.get(SETUP).content.decode()
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_a_code_from_the_app_turns_it_on_and_shows_recovery_codes_once(staff, client):
    client.force_login(staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"action": "confirm", "code": totp_code(device)})
    page = response.content.decode()
    shown = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", page)
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert {code.replace("-", "") for code in shown} == stored
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert "10 unused recovery codes left" in page
    assert not re.findall(r"<li><code>", client.get(SETUP).content.decode())


def test_a_wrong_code_leaves_the_app_off(staff, client):
    client.force_login(staff)
    client.get(SETUP)
    response = client.post(SETUP, {"action": "confirm", "code": "000000"})
    assert "That code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert not StaticToken.objects.exists()


def test_new_recovery_codes_replace_the_old_ones(enrolled, login):
    _, device, old_codes = enrolled
    client = Client()
    login("sam-staff", PASSWORD, code=totp_code(device), client=client)
    page = client.post(SETUP, {"action": "recovery-codes"}).content.decode()
    new_codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", page)
    assert len(new_codes) == 10
    # The new one first: after a wrong code django-otp makes the next wait a second.
    assert login("sam-staff", PASSWORD, code=new_codes[0]).status_code == 302
    assert login("sam-staff", PASSWORD, code=old_codes[0]).status_code == 200


def test_a_session_without_the_accounts_second_factor_cannot_change_it(enrolled, client):
    user, _, codes = enrolled
    client.force_login(user)
    response = client.post(SETUP, {"action": "recovery-codes"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("require_totp")
class TestWhereStaffMustHaveASecondFactor:
    def test_a_staff_session_without_one_is_sent_to_set_it_up(self, staff, login):
        client = Client()
        assert login("sam-staff", PASSWORD, client=client)["Location"] == "/admin/"
        response = client.get("/admin/claims/claim/")
        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next=%2Fadmin%2Fclaims%2Fclaim%2F"
        assert client.get(SETUP).status_code == 200
        assert client.get("/api/v1/claims/").status_code == 302

    def test_once_set_up_the_session_reaches_the_admin(self, staff, client):
        client.force_login(staff)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=staff)
        client.post(SETUP, {"action": "confirm", "code": totp_code(device)})
        assert client.get("/admin/").status_code == 200

    def test_a_session_opened_before_the_account_had_one_must_log_in_again(self, enrolled, client):
        user, _, _ = enrolled
        client.force_login(user)
        response = client.get("/admin/")
        assert response["Location"] == "/admin/login/?next=%2Fadmin%2F"
        assert "_auth_user_id" not in client.session

    def test_a_session_verified_at_login_reaches_the_admin(self, enrolled, login):
        _, device, _ = enrolled
        client = Client()
        login("sam-staff", PASSWORD, code=totp_code(device), client=client)
        assert client.get("/admin/").status_code == 200

    def test_api_tokens_work_as_before(self, staff, client):
        _, key = token_create(user=staff)
        response = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 200

    def test_readers_are_not_affected(self, client):
        assert client.get("/").status_code == 200
