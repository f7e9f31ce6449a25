"""Calendar invitations attached to session emails: METHOD:REQUEST with the members as
attendees, updates with the same UID and a higher SEQUENCE, METHOD:CANCEL on cancelling.
Every attachment is parsed back with the icalendar library, from the email as sent."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from accounts.models import SentNotification
from sessions_log import services
from sessions_log.models import SessionMode, SessionStatus
from tests.factories import ProfileFactory
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 1, 10, 9, tzinfo=LONDON)


def _invitation(message) -> tuple[str, Calendar]:
    """The content type and parsed calendar of the one invite.ics attached to ``message``."""
    [(name, content, mimetype)] = message.attachments
    assert name == "invite.ics"
    return mimetype, Calendar.from_ical(content)


def _event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def _sent_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def pair(scheme, mentor, mentee):
    mentor.first_name, mentor.last_name = "Zofia", "Wróblewska"
    mentor.save()
    mentee.first_name, mentee.last_name = "Ελένη", "Παπαδοπούλου"
    mentee.save()
    return start_pair(scheme, mentor, mentee)


def _plan(
    session, by, when, *, capture, mode=SessionMode.ONLINE, location="https://meet.example.org/x"
):
    with capture(execute=True):
        services.session_plan(
            session=session, by=by, scheduled_at=when, mode=mode, location=location
        )


@time_machine.travel(NOW, tick=False)
def test_planning_attaches_a_request_with_the_members_as_attendees(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    session = pair.sessions.get(number=1)
    when = datetime(2026, 1, 12, 18, 0, tzinfo=TOKYO)
    _plan(session, mentor, when, capture=django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]
    mimetype, calendar = _invitation(_sent_to("mentee@example.org")[0])
    assert mimetype == "text/calendar; method=REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    event = _event(calendar)
    assert event.decoded("DTSTART") == when.astimezone(UTC)  # a UTC instant
    assert event["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]) == "mailto:mentoring@example.org"
    attendees = sorted((str(a), str(a.params["CN"])) for a in event["ATTENDEE"])
    assert attendees == [
        ("mailto:mentee@example.org", "Ελένη Παπαδοπούλου"),
        ("mailto:mentor@example.org", "Zofia Wróblewska"),
    ]
    # Both members get the same event.
    _, other = _invitation(_sent_to("mentor@example.org")[0])
    assert _event(other)["UID"] == event["UID"]


@time_machine.travel(NOW, tick=False)
def test_rescheduling_keeps_the_uid_and_raises_the_sequence_then_cancel_removes_it(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    session = pair.sessions.get(number=2)
    first = datetime(2026, 1, 20, 10, tzinfo=LONDON)
    _plan(session, mentor, first, capture=django_capture_on_commit_callbacks)
    uid = _event(_invitation(mail.outbox[0])[1])["UID"]
    mail.outbox.clear()

    _plan(session, mentee, first + timedelta(days=1), capture=django_capture_on_commit_callbacks)
    moved = _event(_invitation(_sent_to("mentor@example.org")[0])[1])
    assert (moved["UID"], moved["SEQUENCE"]) == (uid, 1)
    assert moved.decoded("DTSTART") == (first + timedelta(days=1)).astimezone(UTC)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=mentee)
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]
    message = _sent_to("mentor@example.org")[0]
    assert message.subject.endswith("Cancelled: mentoring session 2 on 21 January 2026")
    mimetype, calendar = _invitation(message)
    assert (mimetype, calendar["METHOD"]) == ("text/calendar; method=CANCEL", "CANCEL")
    cancelled = _event(calendar)
    assert (cancelled["UID"], cancelled["SEQUENCE"], cancelled["STATUS"]) == (uid, 2, "CANCELLED")


@time_machine.travel(NOW, tick=False)
def test_cancelling_is_sent_once_and_only_a_planned_session_can_be_cancelled(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    session = pair.sessions.get(number=3)
    _plan(
        session,
        mentor,
        datetime(2026, 3, 1, 9, tzinfo=LONDON),
        capture=django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=mentor)
    with pytest.raises(ValidationError, match="Only a planned session can be cancelled."):
        services.session_cancel(session=session, by=mentor)
    assert (
        SentNotification.objects.filter(key__contains=f"session:{session.pk}:cancelled").count()
        == 2
    )


@time_machine.travel(NOW, tick=False)
def test_cancelling_an_unscheduled_session_sends_nothing(
    pair, mentor, django_capture_on_commit_callbacks
):
    session = pair.sessions.get(number=4)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=mentor)
    assert (session.status, mail.outbox) == (SessionStatus.CANCELLED, [])


def test_outsider_cannot_cancel(pair, outsider):
    session = pair.sessions.get(number=1)
    with pytest.raises(PermissionDenied):
        services.session_cancel(session=session, by=outsider)
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


@time_machine.travel(NOW, tick=False)
def test_cancel_page_asks_for_confirmation(
    client, pair, mentee, django_capture_on_commit_callbacks
):
    session = pair.sessions.get(number=2)
    _plan(
        session,
        mentee,
        datetime(2026, 1, 20, 10, tzinfo=LONDON),
        capture=django_capture_on_commit_callbacks,
    )
    mail.outbox.clear()
    client.force_login(mentee)
    url = f"/portal/relationships/{pair.pk}/sessions/2/cancel/"
    assert client.get(url).status_code == 200
    response = client.post(url, {})  # not confirmed: the confirmation page again
    assert response.status_code == 200
    assert "confirmation" in response.context
    session.refresh_from_db()
    assert (session.status, mail.outbox) == (SessionStatus.PLANNED, [])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert len(mail.outbox) == 2


def test_circle_invitation_lists_every_member(scheme, django_capture_on_commit_callbacks):
    from sessions_log.models import MemberRole, RelationshipKind
    from sessions_log.services import relationship_start

    people = [
        ProfileFactory(user__email=f"peer{i}@example.org", user__first_name=name).user
        for i, name in enumerate(("Amira", "李娜", "Oluwaseun"))
    ]
    circle = relationship_start(
        scheme=scheme,
        members=[(p, MemberRole.PEER, None) for p in people],
        kind=RelationshipKind.CIRCLE,
        accepted_on=date(2026, 1, 5),
    )
    services.session_add(relationship=circle, by=people[0])
    session = circle.sessions.get()
    with time_machine.travel(NOW, tick=False):
        _plan(
            session,
            people[1],
            datetime(2026, 1, 15, 12, tzinfo=LONDON),
            capture=django_capture_on_commit_callbacks,
        )
    assert len(mail.outbox) == 3
    attendees = sorted(str(a) for a in _event(_invitation(mail.outbox[0])[1])["ATTENDEE"])
    assert attendees == [f"mailto:peer{i}@example.org" for i in range(3)]


@time_machine.travel(NOW, tick=False)
def test_ending_early_cancels_scheduled_sessions_in_calendars(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    session = pair.sessions.get(number=2)
    _plan(
        session,
        mentor,
        datetime(2026, 1, 20, 10, tzinfo=LONDON),
        capture=django_capture_on_commit_callbacks,
    )
    uid = _event(_invitation(mail.outbox[0])[1])["UID"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.relationship_end_early(relationship=pair, by=mentee, reason="Moving abroad")
    cancellations = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in cancellations) == ["mentee@example.org", "mentor@example.org"]
    mimetype, calendar = _invitation(cancellations[0])
    cancelled = _event(calendar)
    assert (mimetype, cancelled["UID"], cancelled["SEQUENCE"]) == (
        "text/calendar; method=CANCEL",
        uid,
        1,
    )
    assert all("Moving abroad" not in m.body for m in mail.outbox if m.to != ["coord@example.org"])
    assert set(pair.sessions.values_list("status", flat=True)) == {SessionStatus.CANCELLED}
