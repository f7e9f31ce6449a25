"""Recruitment windows opening: everyone who registered interest in a role hears, once,
that applications for it are open."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind

from ..models import Intake, Phase, Scheme, Subscription
from ..models.scheme_rules import window_fields


def _window_key(scheme: Scheme, role: str) -> str:
    """The window a notice is for: a cohort's opening date, or a rolling scheme's one
    opening (a scheme that reopens after closing has told its interested people already)."""
    if scheme.intake == Intake.COHORT:
        opens = getattr(scheme, window_fields(scheme)[role][0])
        return f"{opens:%Y%m%d}"
    return "rolling"


def recruitment_open_notices_send(
    *, today: date | None = None, scheme_id: int | None = None
) -> int:
    """Email everyone who registered interest in a role of a scheme whose recruitment for
    that role is open today, once per window (the outbox key: scheme, role, window opening
    and address; retried or repeated runs send nothing new). Returns how many were emailed.
    ``scheme_id``: only that scheme's (just saved in the admin: a window opened today is
    told at once, not at the next daily run).
    Side effects: SCHEME_NEWS emails (an account's email preferences apply)."""
    today = today or timezone.localdate()
    sent = 0
    schemes = Scheme.objects.filter(phase__in=Phase.recruiting_states, accepting_applications=True)
    if scheme_id is not None:
        schemes = schemes.filter(pk=scheme_id)
    for scheme in schemes:
        for role in scheme.roles:
            if not scheme.recruitment_open_for(role, today=today):
                continue
            interested = Subscription.objects.filter(
                scheme=scheme, interested_as=role
            ).select_related("user")
            for subscription in interested:
                sent += _notice(scheme=scheme, role=role, subscription=subscription)
    return sent


@transaction.atomic
def _notice(*, scheme: Scheme, role: str, subscription: Subscription) -> bool:
    user = subscription.user if subscription.user and subscription.user.is_active else None
    closes = None
    if scheme.intake == Intake.COHORT:
        closes = getattr(scheme, window_fields(scheme)[role][1])
    record = notify(
        kind=NotificationKind.SCHEME_NEWS,
        key=f"recruitment-open:{scheme.pk}:{role}:{_window_key(scheme, role)}",
        template="schemes_recruitment_open",
        context={
            "scheme": scheme,
            "name": subscription.name,
            "role_label": scheme.role_label(role),
            "closes": closes,
            "url": absolute_url(scheme.get_absolute_url()),
        },
        user=user,
        email=None if user else subscription.email,
        scheme=scheme,
    )
    return record is not None
