from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_second_factor_required(app_configs, **kwargs) -> list[CheckMessage]:
    """`check --deploy` warns when staff may log in with a password alone."""
    if settings.STAFF_REQUIRE_TOTP:
        return []
    return [
        Warning(
            "STAFF_REQUIRE_TOTP is off: staff accounts can log in with a password alone.",
            hint="Unset STAFF_REQUIRE_TOTP (it is on whenever DEBUG is off) or set it to true.",
            id="accounts.W001",
        )
    ]
