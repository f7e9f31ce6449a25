"""Invitations for imported members: one email whose link sets a password and verifies the
address in one step, then signs the member in.

The link carries a token of Django's password-reset kind (a hash of the user's password
and last sign-in), so it stops working once used: setting the password or signing in
changes both. It lasts ``INVITATION_DAYS``; a member who has not used it by then can be
invited again. The email names the body (``SITE_NAME``) and links to ``SITE_URL``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from .emails.links import absolute_url
from .emails.outbox import notify
from .models import NotificationKind, SentNotification, User

INVITATION_DAYS = 14


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Password-reset tokens with their own salt and a longer life (``INVITATION_DAYS``)."""

    key_salt = "accounts.invitations.InvitationTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            stamp, _ = token.split("-")
            made = base36_to_int(stamp)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, made, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - made <= INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    return absolute_url(reverse("accounts:invitation", args=[uid, token]))


def invitation_user(*, uidb64: str, token: str) -> User | None:
    """The active user an invitation link is for, or None when it is not (any more) valid."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if invitation_tokens.check_token(user, token) else None


@dataclass
class InvitationReport:
    """What a bulk invitation did, by name."""

    invited: list[User] = field(default_factory=list)
    still_valid: list[User] = field(default_factory=list)  # invited lately, not signed in
    signed_in: list[User] = field(default_factory=list)  # nothing to invite them to
    inactive: list[User] = field(default_factory=list)


def _invited_lately(users: Iterable[User], since) -> set[int]:
    return set(
        SentNotification.objects.filter(
            recipient__in=users, kind=NotificationKind.ACCOUNT_INVITATION, created_at__gte=since
        ).values_list("recipient_id", flat=True)
    )


def invitations_send(*, users: Iterable[User], by: User | None = None) -> InvitationReport:
    """Email each member who has never signed in one invitation; members invited in the
    last ``INVITATION_DAYS`` (their link still works), members who have signed in and
    inactive accounts are left alone and reported. Side effects: ACCOUNT_INVITATION emails
    (required; their bodies hidden from staff), once per user and invitation."""
    users = list(users)
    report = InvitationReport()
    lately = _invited_lately(users, timezone.now() - timedelta(days=INVITATION_DAYS))
    for user in users:
        if not user.is_active:
            report.inactive.append(user)
        elif user.last_login is not None:
            report.signed_in.append(user)
        elif user.pk in lately:
            report.still_valid.append(user)
        else:
            _invite(user)
            report.invited.append(user)
    return report


@transaction.atomic
def _invite(user: User) -> None:
    earlier = SentNotification.objects.filter(
        recipient=user, kind=NotificationKind.ACCOUNT_INVITATION
    ).count()
    notify(
        kind=NotificationKind.ACCOUNT_INVITATION,
        key=f"invitation:{user.pk}:{earlier}",
        template="accounts_invitation",
        context={"url": invitation_url(user), "days": INVITATION_DAYS},
        user=user,
    )


def invited_not_signed_in() -> set[int]:
    """Ids of active members invited who have not signed in yet (the admin's report)."""
    return set(
        SentNotification.objects.filter(
            kind=NotificationKind.ACCOUNT_INVITATION,
            recipient__is_active=True,
            recipient__last_login__isnull=True,
        ).values_list("recipient_id", flat=True)
    )


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> User:
    """Set the invited member's password and verify their address in one step (the link
    came to that address). The caller signs them in. Side effects: none."""
    user.set_password(password)
    user.save(update_fields=["password"])
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email}
    )
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
        primary=False
    )
    address.verified = True
    address.primary = True
    address.save(update_fields=["verified", "primary"])
    return user
