"""The admin's login form, which asks for a second factor, and the form that confirms one."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed

from config.accounts.services import has_second_factor, token_match

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
)


class StaffLoginForm(AdminAuthenticationForm):
    """Username and password, then the code of the account's second factor if it has one.

    A wrong code counts as a failed login, so guessing codes meets the same lockout as
    guessing passwords; django-otp also slows each device down after every wrong code.
    """

    otp_token = forms.CharField(
        label="Code",
        help_text=(
            "If your account has two-factor login: the 6 digits your authenticator app shows, "
            "or one of your recovery codes. Leave it empty otherwise."
        ),
        required=False,
        max_length=32,
        widget=CODE_WIDGET,
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": (
            "This account has two-factor login: enter the code from your authenticator app, "
            "or a recovery code."
        ),
        "code_invalid": (
            "That code is wrong or has expired: enter the code your authenticator app shows "
            "now, or an unused recovery code."
        ),
    }

    def clean(self) -> dict:
        cleaned = super().clean()
        user = self.user_cache
        if user is None:
            return cleaned
        code = cleaned.get("otp_token", "")
        device = token_match(user=user, token=code) if code else None
        if device is not None:
            # django-otp marks the session verified by this device when login() runs.
            user.otp_device = device
            return cleaned
        if not has_second_factor(user):
            return cleaned
        if code:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise forms.ValidationError(self.error_messages["code_invalid"], code="code_invalid")
        raise forms.ValidationError(self.error_messages["code_required"], code="code_required")


class CodeForm(forms.Form):
    """A code from the authenticator app being set up, which proves it holds the secret."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=32,
        widget=CODE_WIDGET,
    )
