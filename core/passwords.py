"""Telling an account holder that their password was changed, wherever it was changed.

allauth emails them for a change on the site (``ACCOUNT_EMAIL_NOTIFICATIONS``); the admin
changes passwords outside allauth (an administrator's own, on the admin's "Change
password" page, or a staff member's, on the user admin's password page), so those call
``password_changed_notify`` themselves: the same email, through allauth's adapter.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest


def password_changed_notify(*, request: HttpRequest, user: AbstractBaseUser) -> None:
    """Email ``user`` that their password was changed (allauth's notification, to their
    primary address, or the account's own when it has none on record)."""
    email = EmailAddress.objects.get_primary_email(user) or getattr(user, "email", "")
    get_adapter(request).send_notification_mail("account/email/password_changed", user, email=email)
