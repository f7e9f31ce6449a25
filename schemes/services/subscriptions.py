"""Registrations of interest and news subscriptions (double opt-in)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User

from ..models import Scheme, Subscription
from ..reminders import subscription_confirm_token
from ..selectors import subscriptions_of


@transaction.atomic
def subscription_register(
    *,
    scheme: Scheme,
    email: str,
    name: str = "",
    interested_as: str = "",
    wants_news: bool = True,
    user: User | None = None,
) -> Subscription:
    """Register interest / subscribe to news; registering twice updates the first record."""
    sub, _ = Subscription.objects.update_or_create(
        scheme=scheme,
        email=email.strip().lower(),
        defaults={
            "name": name,
            "interested_as": interested_as,
            "wants_news": wants_news,
            "user": user,
        },
    )
    return sub


@transaction.atomic
def subscription_request(
    *,
    scheme: Scheme,
    email: str,
    name: str = "",
    interested_as: str = "",
    wants_news: bool = True,
    by: User | None = None,
) -> bool:
    """Ask to subscribe (or change a subscription) from the scheme's page: double opt-in.

    A signed-in member's own (verified) address takes effect at once; any other address
    only once its owner clicks the emailed link (``subscription_confirm``), so nobody can
    re-point, rename or unsubscribe someone else's subscription. Returns whether it took
    effect now. Side effects: a SCHEME_NEWS confirmation email, at most one a day per scheme
    and address (the outbox key).
    """
    email = email.strip().lower()
    if by is not None and by.is_active and by.email.lower() == email:
        subscription_register(
            scheme=scheme,
            email=email,
            name=name,
            interested_as=interested_as,
            wants_news=wants_news,
            user=by,
        )
        return True
    request = {"email": email, "name": name, "as": interested_as, "news": wants_news}
    token = subscription_confirm_token(scheme_id=scheme.pk, request=request)
    notify(
        kind=NotificationKind.SCHEME_NEWS,
        key=f"subscription-confirm:{scheme.pk}:{timezone.localdate()}",
        template="schemes_subscription_confirm",
        context={
            "scheme": scheme,
            "name": name,
            "wants_news": wants_news,
            "url": absolute_url(reverse("schemes:subscription_confirm", args=[token])),
        },
        email=email,
        scheme=scheme,
    )
    return False


@transaction.atomic
def subscription_stop(*, scheme: Scheme, user: User) -> bool:
    """A signed-in member stops every email of their registration with ``scheme`` (news and
    the word when recruitment opens): the registration is deleted. Returns whether there
    was one. Side effects: none."""
    deleted, _ = subscriptions_of(scheme=scheme, user=user).delete()
    return deleted > 0


def subscription_confirm(*, scheme: Scheme, request: dict[str, Any]) -> Subscription:
    """Apply a confirmed request (``schemes.reminders.subscription_confirm_read``), linked
    to the account with that address, if any. Side effects: none."""
    email = str(request["email"])
    return subscription_register(
        scheme=scheme,
        email=email,
        name=str(request["name"]),
        interested_as=str(request["as"]),
        wants_news=bool(request["news"]),
        user=User.objects.filter(email__iexact=email, is_active=True).first(),
    )
