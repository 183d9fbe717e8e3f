"""Writes to a staff account's second factor: keyword-only, each one transaction.

An account has at most one authenticator app (a TOTPDevice) and one set of recovery codes
(a StaticDevice whose tokens are used up one by one). Both are django-otp's models, so its
admin lists them and an administrator can delete a lost one.
"""

import re
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"
# Letters and digits that are hard to misread; ten of them are 49 bits, and a recovery code
# is never six digits, so a code's shape says which kind of device to ask.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
TOTP_SHAPE = re.compile(r"\d{6}")


def has_second_factor(user: AbstractBaseUser) -> bool:
    return user_has_device(user, confirmed=True)


def has_authenticator_app(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def token_match(*, user: AbstractBaseUser, token: str) -> Device | None:
    """The confirmed device of user that accepts token, or None.

    Six digits are asked of the authenticator app, anything else of the recovery codes, so
    one kind's wrong guesses never slow the other down. Devices are locked while they are
    asked, so one code is not accepted twice by two requests at once.
    """
    token = normalise_code(token)
    kind = TOTPDevice if TOTP_SHAPE.fullmatch(token) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, kind) and device.verify_token(token):
                return device
    return None


def normalise_code(token: str) -> str:
    """A code as typed, without the spaces and dashes it is shown with, in lower case."""
    return re.sub(r"[\s-]", "", token).lower()


def authenticator_app_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator app being set up for user: unconfirmed until a code proves it.

    The same secret is shown until then, so reloading the page does not invalidate what the
    person has already scanned.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
        return device


def authenticator_app_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm device with a code it made, and give its account fresh recovery codes.

    Returns the recovery codes, to be shown once, or None when the code is wrong (the wrong
    code's throttling is kept).
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if not device.verify_token(normalise_code(token)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return _replace_recovery_codes(device.user)


def recovery_codes_replace(*, user: AbstractBaseUser) -> list[str]:
    """New recovery codes for user, to be shown once; the ones before stop working."""
    with transaction.atomic():
        return _replace_recovery_codes(user)


def _replace_recovery_codes(user: AbstractBaseUser) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        for _ in range(settings.STAFF_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def shown_code(code: str) -> str:
    """A recovery code as shown: two groups of five, which read back more easily."""
    return f"{code[:5]}-{code[5:]}"
