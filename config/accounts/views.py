"""The page where a staff member sets up their second factor and renews recovery codes."""

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from qrcode.image.svg import SvgPathImage

from config.accounts import services
from config.accounts.forms import CodeForm


@never_cache
@sensitive_post_parameters("code")
@staff_member_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (its QR code and otpauth:// address, then a code from it),
    see how many recovery codes are left, and make new ones.

    A session not verified by the account's second factor is sent to log in again with it:
    only a verified session may change it.
    """
    user = request.user
    if services.has_second_factor(user) and not user.is_verified():
        logout(request)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('admin:login')}?{query}")

    context = {
        **admin.site.each_context(request),
        "title": "Two-factor login",
        "continue_to": _continue_to(request),
        "new_codes": None,
    }
    form = CodeForm()
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "recovery-codes" and services.has_authenticator_app(user):
        context["new_codes"] = services.recovery_codes_replace(user=user)
    elif not services.has_authenticator_app(user):
        device = services.authenticator_app_pending(user=user)
        if action == "confirm":
            form = CodeForm(request.POST)
            if form.is_valid():
                codes = services.authenticator_app_confirm(
                    device=device, token=form.cleaned_data["code"]
                )
                if codes is None:
                    form.add_error(
                        "code",
                        "That code does not match: enter the 6 digits the app shows now "
                        "(wait a few seconds and try the next one if it just changed).",
                    )
                else:
                    device.refresh_from_db()
                    otp_login(request, device)
                    context["new_codes"] = codes
        if not services.has_authenticator_app(user):
            context.update(_enrolment(device))
    context.update(
        {
            "form": form,
            "has_app": services.has_authenticator_app(user),
            "codes_left": services.recovery_codes_left(user),
            "new_codes": [services.shown_code(c) for c in context["new_codes"] or []],
        }
    )
    return TemplateResponse(request, "admin/accounts/two_factor.html", context)


def _enrolment(device) -> dict:
    """What an authenticator app needs: the otpauth:// address, as a QR code drawn here (an
    SVG in a data: address, nothing fetched from elsewhere) and as the secret alone."""
    uri = device.config_url
    svg = BytesIO()
    qrcode.make(uri, image_factory=SvgPathImage, box_size=8, border=2).save(svg)
    secret = base64.b32encode(device.bin_key).decode()
    return {
        "otpauth_uri": uri,
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode(),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }


def _continue_to(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")
