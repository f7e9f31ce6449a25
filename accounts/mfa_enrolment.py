"""A staff member's first authenticator app is enrolled only after a link emailed to their
address is opened, in the same signed-in session: a stolen password alone cannot set up the
thief's authenticator app (no trust on first use).

The link carries a signed, one-hour token naming the staff member; opening it while signed
in as them marks the session, and only a marked session reaches allauth's activation page
(``StaffMfaRequiredMiddleware``). Members (not staff) enrol freely: MFA is optional for them.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.urls import reverse

from .emails.links import absolute_url
from .models import User
from .roles import user_is_staff_member

SALT = "accounts.staff-mfa-enrolment"
MAX_AGE = timedelta(hours=1)
SESSION_KEY = "staff_mfa_enrolment_confirmed"


def user_has_mfa(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def enrolment_needs_email(user: User) -> bool:
    """Staff who must use two-factor authentication and have no authenticator app yet."""
    return (
        settings.STAFF_MFA_REQUIRED and user_is_staff_member(user=user) and not user_has_mfa(user)
    )


def enrolment_confirmed(session: SessionBase, user: User) -> bool:
    return session.get(SESSION_KEY) == user.pk


def enrolment_token(user: User) -> str:
    return signing.dumps(user.pk, salt=SALT)


def enrolment_confirm(session: SessionBase, user: User, token: str) -> bool:
    """Mark the session if ``token`` is a fresh token of ``user``; return whether it was."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if pk != user.pk:
        return False
    session[SESSION_KEY] = user.pk
    return True


def enrolment_email_send(user: User) -> None:
    """Email the staff member their confirmation link (an account-security email, sent
    by allauth's adapter like its own, never through the outbox whose bodies staff read).
    Side effects: one email, sent now."""
    path = reverse("accounts:mfa_enrol_confirm", kwargs={"token": enrolment_token(user)})
    get_adapter().send_mail(
        "account/email/staff_mfa_enrol",
        user.email,
        {"user": user, "url": absolute_url(path), "hours": int(MAX_AGE.total_seconds() // 3600)},
    )
