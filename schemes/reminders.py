"""What is due in schemes: unfinished application drafts; and news sent to subscribers
when an administrator publishes it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.emails import absolute_url
from accounts.models import EmailPreference, NotificationKind, User
from accounts.outbox import Due, notify_batch, opted_out

from .models import Application, ApplicationStatus, NewsItem, Phase, Subscription

DRAFT_IDLE = timedelta(days=3)  # a draft untouched this long is reminded, once
DRAFT_WINDOW = timedelta(days=60)  # ... unless it was last touched longer ago than this
RECRUITING_PHASES = (Phase.RECRUITING, Phase.MATCHING, Phase.RUNNING)


def drafts_due_reminder(*, now: datetime) -> QuerySet[Application]:
    """Drafts idle for DRAFT_IDLE (but not DRAFT_WINDOW) in schemes still taking applications."""
    return Application.objects.filter(
        status=ApplicationStatus.DRAFT,
        updated_at__lte=now - DRAFT_IDLE,
        updated_at__gte=now - DRAFT_WINDOW,
        scheme__phase__in=RECRUITING_PHASES,
        scheme__accepting_applications=True,
        applicant__is_active=True,
    )


@transaction.atomic
def application_draft_reminders_send(*, now: datetime | None = None) -> int:
    """Remind applicants of a draft they left, if its role is still open; once per draft.

    Side effects: APPLICATION_DRAFT emails (batch outbox).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    drafts = (
        drafts_due_reminder(now=now)
        .exclude(opted_out(NotificationKind.APPLICATION_DRAFT, "applicant"))
        .select_related("scheme", "applicant")
        .order_by("pk")
    )
    dues = [
        Due(
            kind=NotificationKind.APPLICATION_DRAFT,
            key=f"application:{draft.pk}:draft",
            template="reminders_application_draft",
            context={
                "application": draft,
                "scheme": draft.scheme,
                "role": draft.scheme.role_label(draft.role),
                "url": absolute_url(draft.get_absolute_url()),
            },
            user=draft.applicant,
            scheme=draft.scheme,
        )
        for draft in drafts
        if draft.scheme.recruitment_open_for(draft.role, today=today)
    ]
    return notify_batch(dues=dues, lookback=now - DRAFT_WINDOW - timedelta(days=2))


# --- news ---------------------------------------------------------------------------------


def news_recipients(*, item: NewsItem) -> QuerySet[Subscription]:
    """Subscribers of the item's scheme who want news (and, members, have not turned it off)."""
    off = EmailPreference.objects.filter(user=OuterRef("user"), kind=NotificationKind.SCHEME_NEWS)
    return (
        Subscription.objects.filter(scheme_id=item.scheme_id, wants_news=True)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .exclude(Exists(off))
        .select_related("user")
        .order_by("pk")
    )


@transaction.atomic
def news_item_publish(*, item: NewsItem, by: User) -> int:
    """Publish a news item and email it to the scheme's subscribers; return how many emails.

    Publishing twice is refused; the keys (per subscriber and item) would make it a no-op.
    Side effects: SCHEME_NEWS emails (batch outbox), sent on commit.
    """
    item = NewsItem.objects.select_for_update().select_related("scheme").get(pk=item.pk)
    if item.published_at is not None:
        raise ValidationError(f"“{item.title}” was already published.")
    if not (by.is_superuser or item.scheme.coordinators.filter(pk=by.pk).exists()):
        raise ValidationError("Only the scheme's coordinators or an administrator may publish.")
    item.published_at = timezone.now()
    item.full_clean()
    item.save(update_fields=["published_at"])
    url = absolute_url(item.scheme.get_absolute_url())
    dues = [
        Due(
            kind=NotificationKind.SCHEME_NEWS,
            key=f"news:{item.pk}",
            template="reminders_news",
            context={"item": item, "scheme": item.scheme, "url": url, "name": sub.name},
            user=sub.user,
            email=sub.user.email if sub.user else sub.email,
            scheme=item.scheme,
        )
        for sub in news_recipients(item=item)
    ]
    return notify_batch(dues=dues, lookback=item.published_at - timedelta(days=1))
