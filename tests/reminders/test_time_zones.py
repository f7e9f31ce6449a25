"""Reminder sweeps render each email in its recipient's time zone, in one batch."""

from datetime import UTC, datetime

from django.core import mail

from accounts.emails.outbox import Due, notify_batch
from accounts.models import NotificationKind
from sessions_log.models import MemberRole
from tests.factories import ProfileFactory
from tests.reminders.factories import at, pair
from tests.reminders.test_participant_reminders import sweep

INSTANT = datetime(2026, 2, 4, 14, 0, tzinfo=UTC)
PEER = (MemberRole.PEER, MemberRole.PEER)


def person(email: str, zone: str, first: str, last: str):
    return ProfileFactory(
        user__email=email, user__first_name=first, user__last_name=last, timezone=zone
    ).user


def test_upcoming_session_reminder_in_each_recipients_zone(
    scheme, django_capture_on_commit_callbacks
):
    people = [
        person("wei@example.org", "Australia/Sydney", "伟", "张"),
        person("amelia@example.org", "Europe/London", "Amelia", "Hughes"),
        person("amara@example.org", "Africa/Nairobi", "Amara", "Wanjiru"),
        person("joao@example.org", "America/Sao_Paulo", "João", "Silva"),
        person("chloe@example.org", "America/Toronto", "Chloé", "Tremblay"),
        person("blank@example.org", "", "Sam", "Blank"),  # not chosen: the site's zone
    ]
    for first, second in zip(people[::2], people[1::2], strict=True):
        relationship = pair(scheme, first, second, roles=PEER)
        relationship.sessions.filter(number=2).update(scheduled_at=INSTANT)
    sweep(at(2026, 2, 1), django_capture_on_commit_callbacks)
    got = {
        m.to[0]: (m.subject.rsplit(" is on ", 1)[1], m.body.splitlines()[2].split(" for ")[1])
        for m in mail.outbox
    }
    assert got == {
        "wei@example.org": (
            "Thursday 5 February",
            "Thursday 5 February 2026, 01:00 AEDT (Australia/Sydney).",
        ),
        "amelia@example.org": (
            "Wednesday 4 February",
            "Wednesday 4 February 2026, 14:00 GMT (Europe/London).",
        ),
        "amara@example.org": (
            "Wednesday 4 February",
            "Wednesday 4 February 2026, 17:00 EAT (Africa/Nairobi).",
        ),
        "joao@example.org": (
            "Wednesday 4 February",
            "Wednesday 4 February 2026, 11:00 (Sao Paulo time, UTC\u22123).",
        ),
        "chloe@example.org": (
            "Wednesday 4 February",
            "Wednesday 4 February 2026, 09:00 EST (America/Toronto).",
        ),
        "blank@example.org": (
            "Wednesday 4 February",
            "Wednesday 4 February 2026, 14:00 GMT (Europe/London).",
        ),
    }


def test_batch_renders_datetimes_in_the_zone_it_looks_up(
    scheme, django_capture_on_commit_callbacks
):
    """A due without a zone (``time_zone=None``): the outbox reads each recipient's."""
    sydney = person("wei@example.org", "Australia/Sydney", "伟", "张")
    london = person("amelia@example.org", "Europe/London", "Amelia", "Hughes")
    created = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    dues = [
        Due(
            kind=NotificationKind.APPLICATION_DRAFT,
            key="draft:1",
            template="reminders_application_draft",
            context={
                "scheme": {"name": scheme.name},
                "role": "mentee",
                "application": {"created_at": created},
                "url": "http://testserver/apply/",
            },
            user=user,
        )
        for user in (sydney, london)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_batch(dues=dues, lookback=created) == 2
    lines = {m.to[0]: m.body.splitlines()[2] for m in mail.outbox}
    assert [lines[u.email].split(" on ")[1][:15] for u in (sydney, london)] == [
        "1 February 2026",
        "31 January 2026",
    ]
