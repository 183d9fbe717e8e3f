from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from config.accounts.services import has_second_factor


class StaffTwoFactorMiddleware:
    """Where STAFF_REQUIRE_TOTP is on, a staff session not verified by a second factor
    reaches nothing but the page that sets one up (and logging out).

    A session without one whose account has one by now (set up in another browser) is
    logged out, so that it logs in again with a code. Token-authenticated API requests
    carry no session: DRF authenticates them after this, and they are not affected.
    Needs django_otp's OTPMiddleware before it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The setting is read per request, not once here, so a test can change it.
        if settings.STAFF_REQUIRE_TOTP and self._unverified_staff(request):
            referral = self._refer(request)
            if referral is not None:
                return referral
        return self.get_response(request)

    @staticmethod
    def _unverified_staff(request: HttpRequest) -> bool:
        user = request.user
        return user.is_authenticated and user.is_staff and not user.is_verified()

    @staticmethod
    def _refer(request: HttpRequest) -> HttpResponse | None:
        """Where to send the session instead, or None for the paths it may still reach."""
        setup, logout_url = reverse("two_factor"), reverse("admin:logout")
        if request.path_info in (setup, logout_url) or request.path_info.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        ):
            return None
        query = urlencode({"next": request.get_full_path()})
        if has_second_factor(request.user):
            logout(request)
            return HttpResponseRedirect(f"{reverse('admin:login')}?{query}")
        return HttpResponseRedirect(f"{setup}?{query}")
