"""Staff logins in a real browser: the login, lockout and two-factor pages pass axe-core, and
a staff member sets up an authenticator app and then logs in with its code."""

import base64
import time

import pytest
from django_otp.oath import TOTP

from tests.e2e.conftest import PASSWORD
from tests.e2e.test_safety_and_accessibility import axe_violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def code_for(secret_shown: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret the page gave it, as typed."""
    totp = TOTP(base64.b32decode(secret_shown.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def submit_login(page, username: str, password: str, code: str = ""):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_otp_token", code)
    with page.expect_navigation() as navigation:
        page.click("input[type=submit]")
    return navigation.value


def test_login_lockout_and_two_factor_pages_have_no_axe_violations(new_page, axe_source):
    staff = UserFactory(username="sam-staff")
    found = {}
    page = new_page(staff, bypass_csp=True)
    page.goto("/admin/two-factor/")
    found["two-factor setup"] = axe_violations(page, axe_source)

    page = new_page(bypass_csp=True)
    page.goto("/admin/login/")
    found["login"] = axe_violations(page, axe_source)
    statuses = [submit_login(page, "sam-staff", "wrong").status for _ in range(5)]
    assert statuses == [200] * 4 + [429]
    found["lockout"] = axe_violations(page, axe_source)
    assert "No password is accepted, the right one included" in page.inner_text("#content-main")
    page.goto("/admin/login/")
    assert submit_login(page, "sam-staff", PASSWORD).status == 429
    assert found == {"two-factor setup": [], "login": [], "lockout": []}


def test_a_staff_member_sets_up_an_app_then_logs_in_with_its_code(new_page, axe_source):
    staff = UserFactory(username="sam-staff")
    page = new_page(staff, bypass_csp=True)
    page.click("text=Two-factor login")
    assert page.locator("#totp-qr").evaluate("img => img.naturalWidth") > 0
    secret = page.inner_text("#totp-secret")
    page.fill("#id_code", code_for(secret))
    # The page answers the form with the codes on the same address: wait for that answer.
    with page.expect_navigation():
        page.click("text=Turn on two-factor login")
    assert page.locator("#recovery-codes-new li").count() == 10
    assert axe_violations(page, axe_source) == []

    with page.expect_navigation():
        page.click("#logout-form button")
    page.goto("/admin/login/")
    refused = submit_login(page, "sam-staff", PASSWORD)
    assert refused.status == 200
    assert "This account has two-factor login" in page.inner_text(".errornote")
    assert axe_violations(page, axe_source) == []
    # The code just used is spent; the app's next one is accepted a little early.
    submit_login(page, "sam-staff", PASSWORD, code_for(secret, steps_ahead=1))
    page.wait_for_url("**/admin/")
    assert page.locator("#user-tools strong").inner_text().lower() == "sam-staff"
