"""Two-factor authentication is required for staff (administrators and coordinators), and
their first authenticator app is set up only after an emailed link (``mfa_enrolment``)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from core.zones import zone_or_none

from . import languages
from .mfa_enrolment import enrolment_confirmed, enrolment_needs_email
from .zones import SESSION_KEY, session_zone_remember, zone_name_of

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


class MemberTimeZoneMiddleware:
    """Activate the signed-in member's time zone for the request: pages print times in it,
    forms read typed times in it. The zone comes from the session (remembered at sign-in,
    ``accounts.zones``), so no query is added; a session from before that is filled once.
    Anyone else sees the site's zone (``settings.TIME_ZONE``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            name = request.session.get(SESSION_KEY)
            if name is None:
                name = zone_name_of(user)
                session_zone_remember(request.session, name)
            zone = zone_or_none(name)
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class MemberLanguageMiddleware:
    """Activate the signed-in member's language (``Profile.language``) for the request,
    after Django's ``LocaleMiddleware`` chose one from the cookie or the browser. The choice
    comes from the session (remembered at sign-in, ``accounts.languages``), so no query is
    added; the language cookie is set to it, so pages after signing out stay in it. A member
    without a choice, and anyone signed out, keep Django's choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = ""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            code = request.session.get(languages.SESSION_KEY)
            if code is None:
                code = languages.language_of(user)
                languages.session_language_remember(request.session, code)
            code = languages.supported_or_blank(code)
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if code and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
