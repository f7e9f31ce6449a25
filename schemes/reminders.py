"""What is due in schemes: unfinished application drafts; and news sent to subscribers
when an administrator publishes it, each email with a one-click unsubscribe link."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.emails.links import absolute_url, link_maker
from accounts.emails.outbox import Due, notify_batch, opted_out
from accounts.models import EmailPreference, NotificationKind, User

from .models import Application, ApplicationStatus, NewsItem, Phase, Subscription
from .rules import user_coordinates_scheme

DRAFT_IDLE = timedelta(days=3)  # a draft untouched this long is reminded, once
DRAFT_WINDOW = timedelta(days=60)  # ... unless it was last touched longer ago than this


def drafts_due_reminder(*, now: datetime) -> QuerySet[Application]:
    """Drafts idle for DRAFT_IDLE (but not DRAFT_WINDOW) in schemes still taking applications."""
    return Application.objects.filter(
        status=ApplicationStatus.DRAFT,
        updated_at__lte=now - DRAFT_IDLE,
        updated_at__gte=now - DRAFT_WINDOW,
        scheme__phase__in=Phase.recruiting_states,
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
    link = link_maker("schemes:application", "pk")
    dues = [
        Due(
            kind=NotificationKind.APPLICATION_DRAFT,
            key=f"application:{draft.pk}:draft",
            template="reminders_application_draft",
            context={  # plain data, the day not the instant: see accounts.emails.outbox.Due
                "application": {"created_at": timezone.localtime(draft.created_at).date()},
                "scheme": {"name": draft.scheme.name},
                "role": draft.scheme.role_label(draft.role),
                "url": link(pk=draft.pk),
            },
            user=draft.applicant,
            scheme=draft.scheme,
        )
        for draft in drafts
        if draft.scheme.recruitment_open_for(draft.role, today=today)
    ]
    return notify_batch(dues=dues, lookback=now - DRAFT_WINDOW - timedelta(days=2))


# --- news ---------------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "schemes.news-unsubscribe"


def news_unsubscribe_token(subscription: Subscription) -> str:
    """The signed token of a subscription's one-click unsubscribe link (no expiry: a news
    email may be read months later; the salt keeps it from passing for another token)."""
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def news_unsubscribe_url(subscription: Subscription) -> str:
    token = news_unsubscribe_token(subscription)
    return absolute_url(reverse("schemes:news_unsubscribe", kwargs={"token": token}))


def subscription_for_token(*, token: str) -> Subscription | None:
    """The subscription a link's token names, or None if it no longer exists.

    Raises ``signing.BadSignature`` for a token that was not made by
    ``news_unsubscribe_token`` (tampered, truncated, or signed for something else).
    """
    pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return Subscription.objects.select_related("scheme").filter(pk=pk).first()


CONFIRM_SALT = "schemes.subscription-confirm"
CONFIRM_MAX_AGE = timedelta(days=7)


def subscription_confirm_token(*, scheme_id: int, request: dict[str, object]) -> str:
    """The signed, time-limited token of a subscription's confirmation link: the request
    itself (address, name, role, news or not), so nothing is stored before it is clicked."""
    return signing.dumps({"scheme": scheme_id, **request}, salt=CONFIRM_SALT, compress=True)


def subscription_confirm_read(*, token: str) -> dict[str, object]:
    """The request a confirmation token carries. Raises ``signing.BadSignature`` (or its
    subclass ``SignatureExpired`` after ``CONFIRM_MAX_AGE``) for any other token."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


@transaction.atomic
def news_unsubscribe(*, subscription: Subscription) -> bool:
    """Stop sending the scheme's news to this subscriber; return False if they already had.

    The subscription is kept (it may also record interest in a role); subscribing again
    on the scheme's page turns news back on. Side effects: none.
    """
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if not subscription.wants_news:
        return False
    subscription.wants_news = False
    subscription.full_clean()
    subscription.save(update_fields=["wants_news"])
    return True


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

    Every email carries a one-click unsubscribe link (text, HTML and List-Unsubscribe
    headers); members also keep their email-preferences link.
    Publishing twice is refused; the keys (per subscriber and item) would make it a no-op.
    Side effects: SCHEME_NEWS emails (batch outbox), sent on commit.
    """
    item = NewsItem.objects.select_for_update().select_related("scheme").get(pk=item.pk)
    if item.published_at is not None:
        raise ValidationError(gettext("“%(title)s” was already published.") % {"title": item.title})
    if not user_coordinates_scheme(user=by, scheme=item.scheme):
        raise ValidationError(
            gettext("Only the scheme's coordinators or an administrator may publish.")
        )
    item.published_at = timezone.now()
    item.full_clean()
    item.save(update_fields=["published_at"])
    url = absolute_url(item.scheme.get_absolute_url())
    unsubscribe_link = link_maker("schemes:news_unsubscribe", "token")
    dues = []
    for sub in news_recipients(item=item):
        unsubscribe_url = unsubscribe_link(token=news_unsubscribe_token(sub))
        dues.append(
            Due(
                kind=NotificationKind.SCHEME_NEWS,
                key=f"news:{item.pk}",
                template="reminders_news",
                context={
                    "item": item,
                    "scheme": item.scheme,
                    "url": url,
                    "name": sub.name,
                    "unsubscribe_url": unsubscribe_url,
                },
                user=sub.user,
                email=sub.user.email if sub.user else sub.email,
                scheme=item.scheme,
                unsubscribe_url=unsubscribe_url,
            )
        )
    return notify_batch(dues=dues, lookback=item.published_at - timedelta(days=1))
