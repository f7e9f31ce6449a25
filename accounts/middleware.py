"""Two-factor authentication is required for staff (administrators and coordinators)."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .roles import user_is_staff_member

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz")


def user_has_mfa(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMfaRequiredMiddleware:
    """Send signed-in staff without an authenticator app to set one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.STAFF_MFA_REQUIRED
            and user is not None
            and user_is_staff_member(user=user)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user_has_mfa(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
