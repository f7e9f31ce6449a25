"""The world's scheme records (events, attendance, news, subscriptions, the organisation
list) and the third-party and data-protection objects the admin shows."""

from __future__ import annotations

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts import services as account_services
from accounts.erasure import erasure_request_create
from accounts.models import (
    EmailPreference,
    NotificationKind,
    RetentionRun,
    RetentionSettings,
    SentNotification,
)
from schemes import services as scheme_services
from schemes.models import EventKind, NewsItem, SchemeEvent
from tests.cpd.factories import attended_event

from .world_cast import DRAFT_NEWS


def build_scheme_records(*, scheme_a, scheme_draft, mentor, mentee, today) -> dict[str, object]:
    """Events, attendance, news and subscriptions of scheme A; E's organisation."""
    event = SchemeEvent.objects.create(
        scheme=scheme_a,
        kind=EventKind.LAUNCH,
        title="Launch",
        starts_at=timezone.now() + timedelta(days=20),
        ends_at=timezone.now() + timedelta(days=20, hours=2),
    )
    scheme_services.event_rsvp(event=event, user=mentee, rsvp="yes")
    learning_set = attended_event(scheme_a, mentor, on=today - timedelta(days=5))
    attendance = event.attendances.get(user=mentee)
    news = NewsItem.objects.create(
        scheme=scheme_a, title="Launch news", body="We launch.", published_at=timezone.now()
    )
    draft_news = NewsItem.objects.create(scheme=scheme_a, title="Draft news", body=DRAFT_NEWS.text)
    draft_event = SchemeEvent.objects.create(
        scheme=scheme_draft,
        kind=EventKind.LAUNCH,
        title="Draft launch",
        starts_at=timezone.now() + timedelta(days=40),
        ends_at=timezone.now() + timedelta(days=40, hours=2),
    )
    subscription = scheme_services.subscription_register(
        scheme=scheme_a, email=mentee.email, user=mentee
    )
    preference = EmailPreference.objects.create(user=mentee, kind=NotificationKind.SCHEME_NEWS)
    # The organisation list: E's employer, typed two ways and merged (one alias).
    organisation = account_services.organisation_for_name(name="Riverside NHS Trust")
    account_services.organisation_merge(
        keep=organisation,
        others=[account_services.organisation_for_name(name="Riverside Hospitals")],
    )
    account_services.profile_update(user=mentee, data={"organisation": "Riverside N.H.S. Trust"})
    notification = SentNotification.objects.filter(recipient=mentee, scheme=scheme_a).first()
    return {
        "event": event,
        "draft_event": draft_event,
        "learning_set": learning_set,
        "attendance": attendance,
        "news": news,
        "draft_news": draft_news,
        "subscription": subscription,
        "preference": preference,
        "organisation": organisation,
        "notification": notification,
    }


def build_admin_objects(*, outsider) -> dict[str, object]:
    """Third-party admin objects (an authenticator, periodic tasks) and data protection's."""
    authenticator = Authenticator.objects.create(
        user=outsider, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00", "used_mask": 0}
    )
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    crontab = CrontabSchedule.objects.create(minute="0", hour="6")
    solar = SolarSchedule.objects.create(event="sunrise", latitude=51.5, longitude=-0.1)
    clocked = ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(days=1))
    periodic = PeriodicTask.objects.create(name="authz-task", task="x.y", interval=interval)
    # Data protection: the outsider's request to be erased, the settings and a run.
    erasure_request = erasure_request_create(user=outsider, by=outsider)
    retention_settings = RetentionSettings.objects.create(pk=1)
    retention_run = RetentionRun.objects.create(counts={"email bodies": 1})
    return {
        "authenticator": authenticator,
        "interval": interval,
        "crontab": crontab,
        "solar": solar,
        "clocked": clocked,
        "periodic": periodic,
        "erasure_request": erasure_request,
        "retention_settings": retention_settings,
        "retention_run": retention_run,
    }
