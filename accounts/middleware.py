"""Two-factor authentication is required for staff (administrators and coordinators), and
their first authenticator app is set up only after an emailed link (``mfa_enrolment``)."""

from django.shortcuts import redirect
from django.urls import reverse

from .mfa_enrolment import enrolment_confirmed, enrolment_needs_email

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz")


class StaffMfaRequiredMiddleware:
    """Send signed-in staff without an authenticator app to set one up first, by way of the
    emailed confirmation link; keep them off allauth's activation page until they open it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not enrolment_needs_email(user):
            return self.get_response(request)
        enrol = reverse("accounts:mfa_enrol")
        if request.path == reverse("mfa_activate_totp"):
            if enrolment_confirmed(request.session, user):
                return self.get_response(request)
            return redirect(enrol)
        if request.path.startswith((enrol, *EXEMPT_PREFIXES)):
            return self.get_response(request)
        return redirect(f"{enrol}?next={request.path}")
