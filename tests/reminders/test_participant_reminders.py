"""Participant reminders of relationships: each sent once, at the right time, not before."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail

from accounts.emails.links import preferences_url
from accounts.models import EmailPreference, NotificationKind, SentNotification
from sessions_log import reminders
from sessions_log.models import Goal, RelationshipStatus, SessionStatus
from sessions_log.tasks import send_due_reminders
from tests.reminders.factories import at, pair

NOTHING = {"session_upcoming": 0, "session_unlogged": 0, "goals_review": 0, "feedback_due": 0}


def sweep(when, capture):
    with time_machine.travel(when, tick=False), capture(execute=True):
        return send_due_reminders.delay().get()


@pytest.fixture
def relationship(scheme, mentor, mentee):
    return pair(scheme, mentor, mentee)


def sent(kind):
    return sorted(SentNotification.objects.filter(kind=kind).values_list("email", "status", "key"))


def test_upcoming_session_not_before_its_window(relationship, django_capture_on_commit_callbacks):
    # Session 2 is on 4 February; three days before is 1 February.
    assert sweep(at(2026, 1, 31), django_capture_on_commit_callbacks) == NOTHING
    assert mail.outbox == []


def test_upcoming_session_sent_once_to_each_member(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    first = sweep(at(2026, 2, 1), django_capture_on_commit_callbacks)
    again = sweep(at(2026, 2, 2), django_capture_on_commit_callbacks)
    assert (first, again) == (NOTHING | {"session_upcoming": 2}, NOTHING)
    session = relationship.sessions.get(number=2)
    assert sent(NotificationKind.SESSION_UPCOMING) == [
        (email, "sent", f"session_upcoming:{email}:session:{session.pk}:upcoming:2026-02-04")
        for email in ("mentee@example.org", "mentor@example.org")
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]


def test_upcoming_session_email_text_and_html(
    relationship, scheme, mentor, mentee, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 2, 1), tick=False):
        prefs = preferences_url(mentee)
    sweep(at(2026, 2, 1), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [mentee.email])
    url = f"http://testserver/portal/relationships/{relationship.pk}/sessions/2/plan/"
    assert message.subject == f"Session 2 in {scheme.name} is on Wednesday 4 February"
    assert message.body == (
        f"Dear {mentee.display_name},\n\n"
        f"Your session 2 (Session 2) with {mentor.display_name} is planned for "
        "Wednesday 4 February 2026.\n\n"
        f"See the plan, or change the date: {url}\n\n"
        f"--\nMentoring schemes · {scheme.name}\n"
        f"Change your email preferences: {prefs}\n\n"
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert html == (
        '<!doctype html>\n<html lang="en-gb"><head><meta charset="utf-8">'
        "<title>Mentoring schemes</title></head>\n"
        '<body style="font-family: Arial, Helvetica, sans-serif; color: #212529; '
        'line-height: 1.5; max-width: 600px; margin: 0 auto; padding: 16px;">\n'
        f'<p style="font-weight: bold; color: #0b4f6c;">Mentoring schemes · {scheme.name}</p>\n\n'
        f"<p>Dear {mentee.display_name},</p>\n"
        f"<p>Your session 2 (Session 2) with <strong>{mentor.display_name}</strong> is planned "
        "for Wednesday 4 February 2026.</p>\n\n"
        f'<p><a href="{url}">See the plan, or change the date</a></p>\n\n'
        '<hr style="border: 0; border-top: 1px solid #dee2e6; margin: 24px 0 8px;">\n'
        f'<p style="font-size: 12px; color: #595f64;">You receive this email because of your '
        f'part in {scheme.name}. <a href="{prefs}">Change your email preferences</a>.</p>\n'
        "</body></html>\n"
    )


def test_upcoming_session_rescheduled_is_reminded_for_the_new_date(
    relationship, django_capture_on_commit_callbacks
):
    sweep(at(2026, 2, 1), django_capture_on_commit_callbacks)
    relationship.sessions.filter(number=2).update(target_date=date(2026, 2, 12))
    assert sweep(at(2026, 2, 3), django_capture_on_commit_callbacks) == NOTHING
    assert sweep(at(2026, 2, 9), django_capture_on_commit_callbacks)["session_upcoming"] == 2
    assert len(mail.outbox) == 4


def test_upcoming_session_respects_opt_out(
    relationship, mentor, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=mentor, kind=NotificationKind.SESSION_UPCOMING)
    sweep(at(2026, 2, 1), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["mentee@example.org"]]


def test_upcoming_session_skips_paused_relationship(
    relationship, django_capture_on_commit_callbacks
):
    relationship.status = RelationshipStatus.PAUSED
    relationship.save()
    assert sweep(at(2026, 2, 1), django_capture_on_commit_callbacks) == NOTHING


def test_unlogged_session_asked_the_day_after_once(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    relationship.sessions.filter(number=2).update(target_date=date(2026, 1, 20))
    # Upcoming on the 20th itself; unlogged from the 21st.
    assert sweep(at(2026, 1, 20), django_capture_on_commit_callbacks) == NOTHING | {
        "session_upcoming": 2
    }
    assert sweep(at(2026, 1, 21), django_capture_on_commit_callbacks) == NOTHING | {
        "session_unlogged": 2
    }
    assert sweep(at(2026, 1, 25), django_capture_on_commit_callbacks) == NOTHING
    message = mail.outbox[-1]
    name = relationship.scheme.name
    assert message.subject == f"Did session 2 in {name} take place? Please log it"
    url = f"http://testserver/portal/relationships/{relationship.pk}/sessions/2/log/"
    assert f"Log the session: {url}\n" in message.body
    assert f'<a href="{url}">Log the session</a>' in message.alternatives[0][0]


def test_unlogged_session_held_is_not_chased(relationship, django_capture_on_commit_callbacks):
    relationship.sessions.filter(number=2).update(
        target_date=date(2026, 1, 20),
        status=SessionStatus.HELD,
        held_on=date(2026, 1, 20),
        duration_minutes=60,
    )
    assert sweep(at(2026, 1, 21), django_capture_on_commit_callbacks) == NOTHING


def test_goals_review_sent_to_owner_a_week_before_target(
    relationship, mentee, django_capture_on_commit_callbacks
):
    goal = Goal.objects.create(
        relationship=relationship,
        owner=mentee,
        what="Lead a team meeting",
        target_date=date(2026, 3, 20),
    )
    assert sweep(at(2026, 3, 12), django_capture_on_commit_callbacks)["goals_review"] == 0
    assert sweep(at(2026, 3, 13), django_capture_on_commit_callbacks)["goals_review"] == 1
    assert sweep(at(2026, 3, 14), django_capture_on_commit_callbacks)["goals_review"] == 0
    assert sent(NotificationKind.GOALS_REVIEW) == [
        (
            "mentee@example.org",
            "sent",
            f"goals_review:mentee@example.org:goal:{goal.pk}:review:2026-03-20",
        )
    ]
    message = next(m for m in mail.outbox if m.subject.startswith("Time to review"))
    url = f"http://testserver/portal/relationships/{relationship.pk}/goals/{goal.pk}/review/"
    assert message.subject == f"Time to review your goal in {relationship.scheme.name}"
    assert message.body.startswith(
        f'Dear {mentee.display_name},\n\nYour goal "Lead a team meeting" has a target date '
        f"of 20 March 2026."
    )
    assert f"Review your goal: {url}\n" in message.body
    assert f'<a href="{url}">Review your goal</a>' in message.alternatives[0][0]


def test_goals_review_skips_achieved_goal(relationship, mentee, django_capture_on_commit_callbacks):
    Goal.objects.create(
        relationship=relationship,
        owner=mentee,
        what="Done",
        target_date=date(2026, 3, 20),
        status="achieved",
    )
    assert sweep(at(2026, 3, 13), django_capture_on_commit_callbacks)["goals_review"] == 0


def test_feedback_due_a_week_before_planned_end_once_per_member(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    end = relationship.planned_end_on  # 5 Jan + 6 months
    assert end == date(2026, 7, 7)
    assert sweep(at(2026, 6, 29), django_capture_on_commit_callbacks)["feedback_due"] == 0
    assert sweep(at(2026, 6, 30), django_capture_on_commit_callbacks)["feedback_due"] == 2
    assert sweep(at(2026, 7, 10), django_capture_on_commit_callbacks)["feedback_due"] == 0
    assert sent(NotificationKind.FEEDBACK_DUE) == [
        (e, "sent", f"feedback_due:{e}:relationship:{relationship.pk}:feedback")
        for e in ("mentee@example.org", "mentor@example.org")
    ]
    message = next(m for m in mail.outbox if m.to == [mentee.email])
    url = f"http://testserver/portal/relationships/{relationship.pk}/feedback/"
    assert message.subject == f"Your feedback on your mentoring in {relationship.scheme.name}"
    assert f"Give your feedback: {url}\n" in message.body
    assert f'<a href="{url}">Give your feedback</a>' in message.alternatives[0][0]


def test_feedback_due_not_asked_of_who_gave_it(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    from sessions_log.models import FeedbackResponse

    FeedbackResponse.objects.create(relationship=relationship, user=mentor, answers={})
    sweep(at(2026, 6, 30), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[mentee.email]]


def test_participant_reminders_service_outsider_gets_nothing(
    relationship, outsider, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(at(2026, 2, 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders.participant_reminders_send()
    assert outsider.email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_upcoming_session_scheduled_shows_local_time_and_place(
    relationship, scheme, mentor, mentee, django_capture_on_commit_callbacks
):
    # 14:30 UTC on 4 February is 14:30 in London; 13:30 UTC on 4 June is 14:30 there (BST).
    relationship.sessions.filter(number=2).update(
        scheduled_at=datetime(2026, 2, 4, 14, 30, tzinfo=UTC), location="Room 1 & 2"
    )
    relationship.sessions.filter(number=6).update(
        scheduled_at=datetime(2026, 6, 4, 13, 30, tzinfo=UTC), location=""
    )
    sweep(at(2026, 2, 1), django_capture_on_commit_callbacks)
    sweep(at(2026, 6, 1), django_capture_on_commit_callbacks)
    message, later = (m for m in mail.outbox if m.to == [mentee.email])
    assert message.body.splitlines()[2:4] == [
        f"Your session 2 (Session 2) with {mentor.display_name} is planned for "
        "Wednesday 4 February 2026, 14:30 GMT (Europe/London).",
        "Where: Room 1 & 2",
    ]
    assert "<p>Where: Room 1 &amp; 2</p>" in message.alternatives[0][0]
    assert later.body.splitlines()[2:4] == [
        f"Your session 6 (Session 6) with {mentor.display_name} is planned for "
        "Thursday 4 June 2026, 14:30 BST (Europe/London).",
        "",
    ]
