from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.signing import BadSignature
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.redirects import redirect_to_next

from . import invitations, mfa_enrolment, services
from .emails.links import preferences_token_read
from .forms import (
    MESSAGES_FIELD,
    ContactSettingsForm,
    EmailPreferencesForm,
    ProfileForm,
    TimeZoneForm,
    offered_kinds,
)
from .http import AuthenticatedHttpRequest
from .languages import language_or_default, session_language_remember
from .models import MESSAGE_EMAILS_NONE, User
from .profile_cards import ProfileContext, visible_profile
from .roles import user_is_staff_member
from .zones import session_zone_remember


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = services.profile_get_or_create(user=request.user)
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=profile, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        profile = services.profile_update(user=request.user, data=data)
        session_zone_remember(request.session, profile.timezone)
        session_language_remember(request.session, profile.language)
        translation.activate(language_or_default(profile.language))
        messages.success(request, _("Your profile is saved."))
        return redirect_to_next(request, "dashboard")
    card = visible_profile(subject=request.user, context=ProfileContext.SELF)
    return render(request, "accounts/profile_form.html", {"form": form, "card": card})


@login_required
def contact_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the member shares with their partners (how they hear of new messages is on
    their email preferences page, which this page links to)."""
    current = services.contact_settings_get(user=request.user)
    form = ContactSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.contact_settings_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your contact details are saved."))
        return redirect("accounts:contact")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/contact_settings.html", {"form": form}, status=status)


@login_required
@require_POST
def time_zone_set(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The banner's "use this time zone": always the signed-in member's own profile."""
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        profile = services.profile_time_zone_set(
            user=request.user, name=form.cleaned_data["timezone"]
        )
        session_zone_remember(request.session, profile.timezone)
        messages.success(
            request, _("Times are now shown in %(zone)s time.") % {"zone": profile.timezone}
        )
    else:
        problems = " ".join(str(e) for e in form.errors.get("timezone", [_("No zone was given.")]))
        messages.error(
            request, _("%(problems)s Choose yours on your profile.") % {"problems": problems}
        )
    return redirect_to_next(request, "dashboard")


def _preferences(request: HttpRequest, user: User) -> HttpResponse:
    enabled = services.email_preferences_enabled(user=user)
    # Not ``request.POST or None``: with every box unticked the POST can be empty.
    data = request.POST if request.method == "POST" else None
    staff = user_is_staff_member(user=user)
    frequency = services.digest_frequency_get(user=user) if staff else None
    form = EmailPreferencesForm(
        data,
        enabled=enabled,
        digest_frequency=frequency,
        staff=staff,
        message_emails=services.message_emails_get(user=user),
    )
    if request.method == "POST" and form.is_valid():
        cleaned = dict(form.cleaned_data)
        new_frequency = cleaned.pop("digest_frequency", None)
        new_messages = cleaned.pop(MESSAGES_FIELD) or MESSAGE_EMAILS_NONE
        chosen = {k for k, v in cleaned.items() if v}
        offered = {k.value for k in offered_kinds(staff=staff)} - {MESSAGES_FIELD}
        services.email_preferences_set(user=user, enabled=chosen, offered=offered)
        services.message_emails_set(user=user, choice=new_messages)
        if new_frequency is not None:
            services.digest_frequency_set(user=user, frequency=new_frequency)
        messages.success(request, _("Your email preferences are saved."))
        return redirect(request.path)
    return render(request, "accounts/email_preferences.html", {"form": form, "person": user})


@login_required
def email_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _preferences(request, request.user)


def email_preferences_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link in every email: works without signing in."""
    try:
        pk = preferences_token_read(token)
    except BadSignature as exc:
        raise Http404(_("This link is not valid any more.")) from exc
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise Http404(_("This link is not valid any more."))
    return _preferences(request, user)


@login_required
def mfa_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff setting up two-factor authentication: first a link to their email (POST sends
    it). Anyone else, or staff already confirmed, go on to allauth's activation page."""
    user = request.user
    if not mfa_enrolment.enrolment_needs_email(user) or mfa_enrolment.enrolment_confirmed(
        request.session, user
    ):
        return redirect("mfa_activate_totp")
    sent = False
    if request.method == "POST":
        mfa_enrolment.enrolment_email_send(user)
        sent = True
    return render(request, "accounts/mfa_enrol.html", {"sent": sent, "email": user.email})


@login_required
def mfa_enrol_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The emailed link: in the staff member's own signed-in session, it opens the way to
    allauth's activation page. Any other person, or a stale or changed link: 404."""
    if not mfa_enrolment.enrolment_confirm(request.session, request.user, token):
        raise Http404(_("This link is not valid any more: ask for a new one."))
    messages.success(request, _("Thank you: now set up your authenticator app."))
    return redirect("mfa_activate_totp")


def invitation_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in an invitation email: choose a password, which also verifies the address,
    and be signed in. A used, expired or altered link changes nothing."""
    user = invitations.invitation_user(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/invitation.html", {"invalid": True}, status=400)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        invitations.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        if Authenticator.objects.filter(user=user).exists():  # sign in with the second factor
            messages.success(request, _("Your password is set: sign in to continue."))
            return redirect("account_login")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome: your password is set and your address confirmed."))
        return redirect("dashboard")
    return render(request, "accounts/invitation.html", {"form": form, "invited": user})
