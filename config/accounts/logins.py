"""What a login failure leaves behind: a log line, and past the limit a lockout page.

One line per failed login, per lockout and per login refused during a lockout, each with the
account name as typed and the client's address; never the password or a code (Django hands
signals the credentials with the password already masked, and only the name is read here).
"""

import logging
from datetime import datetime

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Max, Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

log = logging.getLogger("claimtrail.logins")


def client_address(request: HttpRequest) -> str | None:
    """The address a login comes from, as django-axes counts it.

    Behind LOGIN_PROXY_COUNT proxies, each of which appends the address it was reached from
    to X-Forwarded-For, the client is that many entries from the right: entries further left
    are whatever the client sent, and counting them would let it choose its own address.
    """
    proxies = settings.LOGIN_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_ends_at(*, username: str | None, address: str | None) -> datetime:
    """When logins for this account and from this address are accepted again, at the latest.

    django-axes keeps one row per account, address and browser with the time of its last
    failure, and counts a row until the cool-off has passed since then; refusals during a
    lockout add nothing. So the latest failure of either plus the cool-off is a bound.
    """
    latest = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        latest=Max("attempt_time")
    )["latest"]
    return (latest or timezone.now()) + get_cool_off()


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page a login refused for a lockout gets, as django-axes' AXES_LOCKOUT_CALLABLE:
    a 429 that says why and until when, with Retry-After in seconds."""
    username = (credentials or {}).get("username")
    ends_at = lockout_ends_at(username=username, address=client_address(request))
    seconds = max(1, int((ends_at - timezone.now()).total_seconds()) + 1)
    page = TemplateResponse(
        request,
        "admin/accounts/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": "Login locked",
            "ends_at": ends_at,
            "minutes": -(-seconds // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": round(get_cool_off().total_seconds() / 60),
        },
        status=429,
    )
    page["Retry-After"] = str(seconds)
    return page.render()


@receiver(user_login_failed, dispatch_uid="claimtrail-log-login-failed")
def _log_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    # django-axes' own receiver has run by now (its app comes first in INSTALLED_APPS and
    # connects in ready()) and left its verdict on the request: the failures it counted, or
    # none when it refused the login because the lockout was already on.
    username, address = credentials.get("username"), _address(request)
    failures = getattr(request, "axes_failures_since_start", None)
    # The same facts as keys too, so that JSON logs can be searched by account or address.
    facts = {"username": username, "address": address}
    if getattr(request, "axes_locked_out", False) and failures is None:
        log.warning(
            "login refused, locked out: username=%r address=%s", username, address, extra=facts
        )
        return
    log.warning(
        "login failed: username=%r address=%s failures=%s",
        username,
        address,
        failures,
        extra={**facts, "failures": failures},
    )
    if getattr(request, "axes_locked_out", False):
        log.warning(
            "login locked out: username=%r address=%s for=%s",
            username,
            address,
            get_cool_off(),
            extra=facts,
        )


@receiver(user_logged_in, dispatch_uid="claimtrail-log-logged-in")
def _log_logged_in(sender, request: HttpRequest | None, user, **kwargs):
    device = getattr(user, "otp_device", None)
    log.info(
        "login: username=%r address=%s second_factor=%s",
        user.get_username(),
        _address(request),
        device.__class__.__name__ if device is not None else "none",
        extra={"username": user.get_username(), "address": _address(request)},
    )


def _address(request: HttpRequest | None) -> str | None:
    return get_client_ip_address(request) if request is not None else None
