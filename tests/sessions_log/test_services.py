from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from schemes.models import ApplicationStatus, SchemeKind
from sessions_log import services
from sessions_log.models import (
    ExpectationStatus,
    GoalStatus,
    MemberRole,
    ProgrammeTemplate,
    RelationshipStatus,
    SessionMode,
    SessionStatus,
)
from sessions_log.selectors import next_lead
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")
START = date(2026, 1, 5)


def test_shipped_templates_have_their_steps(db):
    six = ProgrammeTemplate.objects.get(name="Six sessions over six months")
    four = ProgrammeTemplate.objects.get(name="Four to six sessions over 12 to 18 months")
    assert [s.title for s in six.steps.all()] == [
        "Getting to know each other",
        "Setting objectives",
        "Two-way discussion",
        "Two-way discussion",
        "Two-way discussion",
        "Reflection",
    ]
    assert (six.min_sessions, six.duration_months) == (6, 6)
    assert [(s.expected_minutes, s.optional) for s in four.steps.all()] == [
        (90, False),
        (90, False),
        (90, False),
        (90, False),
        (90, True),
        (90, True),
    ]
    assert (four.min_sessions, four.duration_months) == (4, 18)


def test_relationship_start_dates_sessions_from_cadence(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    assert [(s.number, s.target_date) for s in relationship.sessions.all()] == [
        (i, START + timedelta(days=(i - 1) * 30)) for i in range(1, 7)
    ]
    assert relationship.planned_end_on == START + timedelta(days=183)


def test_shipped_template_cadence_applies(scheme, mentor, mentee):
    template = ProgrammeTemplate.objects.get(name="Six sessions over six months")
    relationship = services.relationship_start(
        scheme=scheme,
        members=[(mentor, MemberRole.MENTOR, None), (mentee, MemberRole.MENTEE, None)],
        template=template,
        accepted_on=START,
    )
    assert [s.target_date for s in relationship.sessions.all()] == [
        START + timedelta(days=d) for d in (0, 30, 60, 90, 120, 160)
    ]


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=LONDON), tick=False)
def test_session_set_target_date_moves_unscheduled_session(scheme, mentor, mentee):
    session = start_pair(scheme, mentor, mentee).sessions.get(number=2)
    services.session_set_target_date(session=session, by=mentee, target_date=date(2026, 2, 20))
    session.refresh_from_db()
    assert session.target_date == date(2026, 2, 20)


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=LONDON), tick=False)
def test_session_plan_then_reschedule_raises_sequence_and_emails(
    scheme, mentor, mentee, django_capture_on_commit_callbacks
):
    session = start_pair(scheme, mentor, mentee).sessions.get(number=1)
    when = datetime(2026, 1, 12, 18, 0, tzinfo=LONDON)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_plan(
            session=session,
            by=mentor,
            scheduled_at=when,
            mode=SessionMode.ONLINE,
            location="https://meet.example.org/abc",
        )
    assert (session.ics_sequence, session.target_date) == (0, date(2026, 1, 12))
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]
    # sentence case: the subject starts with a capital, with or without the site's prefix
    assert mail.outbox[0].subject.removeprefix("[Mentoring schemes] ") == (
        "Mentoring session 1 on 12 January 2026"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_plan(
            session=session,
            by=mentee,
            scheduled_at=when + timedelta(days=2),
            mode=SessionMode.PHONE,
        )
    session.refresh_from_db()
    assert (session.ics_sequence, session.target_date) == (1, date(2026, 1, 14))
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.endswith("Rescheduled: mentoring session 1 on 14 January 2026")
    assert "/portal/relationships/" in mail.outbox[0].body
    assert "invite.ics" in mail.outbox[0].alternatives[0][0]


def test_session_plan_online_needs_link(scheme, mentor, mentee):
    session = start_pair(scheme, mentor, mentee).sessions.get(number=1)
    with pytest.raises(ValidationError) as exc:
        services.session_plan(
            session=session,
            by=mentor,
            scheduled_at=datetime(2030, 1, 1, 9, tzinfo=LONDON),
            mode=SessionMode.ONLINE,
        )
    assert exc.value.message_dict == {
        "location": ["Give the meeting link (online) or the place (in person)."]
    }


def test_services_refuse_outsiders(scheme, mentor, mentee, outsider):
    relationship = start_pair(scheme, mentor, mentee)
    with pytest.raises(PermissionDenied):
        services.expectation_add(relationship=relationship, by=outsider, text="Hi")
    with pytest.raises(PermissionDenied):
        services.session_add(relationship=relationship, by=outsider)


@time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=LONDON), tick=False)
def test_journey_six_sessions_to_completion(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    with pytest.raises(ValidationError):
        services.relationship_complete(relationship=relationship, by=mentor)
    carried = services.action_add(relationship=relationship, by=mentee, text="Read the paper")
    for session in relationship.sessions.all():
        services.session_log(
            session=session,
            by=mentee,
            held_on=session.target_date,
            duration_minutes=60,
            mode=SessionMode.ONLINE,
            led_by=mentor,
            notes=f"Private notes {session.number}",
            new_actions=[f"Action from {session.number}"],
            done_actions=[carried] if session.number == 4 else [],
        )
    carried.refresh_from_db()
    assert carried.done_in.number == 4
    assert relationship.actions.filter(done_at__isnull=True).count() == 6
    services.relationship_complete(relationship=relationship, by=mentor)
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ended_on) == (
        RelationshipStatus.COMPLETED,
        date(2026, 7, 1),
    )
    assert list(relationship.sessions.values_list("status", flat=True)) == [SessionStatus.HELD] * 6
    assert [h.status for h in relationship.history.order_by("history_id")] == [
        RelationshipStatus.ACTIVE,
        RelationshipStatus.COMPLETED,
    ]


@time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=LONDON), tick=False)
def test_session_log_refuses_future_date(scheme, mentor, mentee):
    session = start_pair(scheme, mentor, mentee).sessions.get(number=1)
    with pytest.raises(ValidationError) as exc:
        services.session_log(
            session=session,
            by=mentor,
            held_on=date(2026, 7, 2),
            duration_minutes=60,
            mode=SessionMode.PHONE,
        )
    assert exc.value.message_dict == {
        "held_on": [
            "Enter a date from 5 January 2026 to today (from the relationship's start; once held)."
        ]
    }


def test_a_corrected_log_keeps_when_it_was_first_logged(scheme, mentor, mentee):
    session = start_pair(scheme, mentor, mentee).sessions.get(number=1)
    first = datetime(2026, 3, 2, 18, tzinfo=LONDON)
    for at, notes in ((first, "Talked about rotas."), (first + timedelta(days=9), "Corrected.")):
        with time_machine.travel(at, tick=False):
            services.session_log(
                session=session,
                by=mentor,
                held_on=date(2026, 3, 2),
                duration_minutes=60,
                mode=SessionMode.PHONE,
                notes=notes,
            )

    session.refresh_from_db()
    assert (session.notes, session.logged_at) == ("Corrected.", first)


@time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=LONDON), tick=False)
def test_lead_alternates_in_reciprocal_schemes(scheme, mentor, mentee):
    scheme.kind = SchemeKind.RECIPROCAL
    scheme.save()
    relationship = start_pair(scheme, mentor, mentee, roles=(MemberRole.PEER, MemberRole.PEER))
    sessions = list(relationship.sessions.all())
    assert next_lead(relationship, sessions) == mentor
    leads = []
    for session in sessions[:4]:
        lead = next_lead(relationship, list(relationship.sessions.all()))
        leads.append(lead)
        services.session_log(
            session=session,
            by=mentor,
            held_on=session.target_date,
            duration_minutes=45,
            mode=SessionMode.ONLINE,
            led_by=lead,
        )
    assert leads == [mentor, mentee, mentor, mentee]


def test_no_lead_rotation_outside_reciprocal(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    assert next_lead(relationship, list(relationship.sessions.all())) is None


def test_expectation_life_cycle_keeps_history(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    expectation = services.expectation_add(
        relationship=relationship, by=mentee, text="Meet monthly"
    )
    with pytest.raises(ValidationError):
        services.expectation_ask_clarification(expectation=expectation, by=mentee, question="?")
    services.expectation_ask_clarification(
        expectation=expectation, by=mentor, question="Online or in person?"
    )
    with pytest.raises(ValidationError):
        services.expectation_decide(
            expectation=expectation, by=mentor, status=ExpectationStatus.AGREED
        )
    with pytest.raises(ValidationError):
        services.expectation_clarify(expectation=expectation, by=mentor, response="x")
    services.expectation_clarify(expectation=expectation, by=mentee, response="Online")
    services.expectation_decide(
        expectation=expectation, by=mentor, status=ExpectationStatus.DEFERRED
    )
    with pytest.raises(ValidationError, match="Your partner decides"):
        services.expectation_decide(
            expectation=expectation, by=mentee, status=ExpectationStatus.AGREED
        )
    services.expectation_decide(expectation=expectation, by=mentor, status=ExpectationStatus.AGREED)
    history = list(expectation.history.order_by("history_id"))
    assert [(h.status, h.history_user_id) for h in history] == [
        (ExpectationStatus.STATED, mentee.pk),
        (ExpectationStatus.CLARIFICATION, mentor.pk),
        (ExpectationStatus.STATED, mentee.pk),
        (ExpectationStatus.DEFERRED, mentor.pk),
        (ExpectationStatus.AGREED, mentor.pk),
    ]
    with pytest.raises(ValidationError):
        services.expectation_decide(expectation=expectation, by=mentor, status="stated")


@time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=LONDON), tick=False)
def test_goal_life_cycle(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    with pytest.raises(ValidationError):
        services.goal_set(relationship=relationship, by=mentor, owner=mentor, what="Lead")
    goal = services.goal_set(
        relationship=relationship,
        by=mentor,
        owner=mentee,
        what="Lead a team meeting",
        why="Step up",
        success_looks_like="Chaired twice",
        target_date=date(2026, 5, 1),
    )
    session = relationship.sessions.get(number=3)
    services.goal_review(
        goal=goal, by=mentee, note="Chaired once", status=GoalStatus.IN_PROGRESS, session=session
    )
    services.goal_review(goal=goal, by=mentor, note="Twice now", status=GoalStatus.ACHIEVED)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert [(p.note, p.status, p.session_id) for p in goal.progress.all()] == [
        ("Chaired once", GoalStatus.IN_PROGRESS, session.pk),
        ("Twice now", GoalStatus.ACHIEVED, None),
    ]


def test_both_peers_have_goals_in_reciprocal(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee, roles=(MemberRole.PEER, MemberRole.PEER))
    goals = [
        services.goal_set(relationship=relationship, by=u, owner=u, what=f"Goal of {u.email}")
        for u in (mentor, mentee)
    ]
    assert [g.owner for g in goals] == [mentor, mentee]


def test_concern_emails_coordinators(
    scheme, coordinator, other_coordinator, mentor, mentee, django_capture_on_commit_callbacks
):
    relationship = start_pair(scheme, mentor, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        services.relationship_raise_concern(
            relationship=relationship, by=mentee, message="We never meet."
        )
    # The coordinator gets the concern; its author a receipt without it.
    assert [m.to for m in mail.outbox] == [["coord@example.org"], ["mentee@example.org"]]
    assert "We never meet." not in mail.outbox[1].body
    message = mail.outbox[0]
    assert message.subject.endswith(
        f"Concern raised in {scheme.name} (relationship #{relationship.pk})"
    )
    assert "We never meet." in message.body
    assert "We never meet." in message.alternatives[0][0]
    assert f"/admin/sessions_log/relationship/{relationship.pk}/change/" in message.body


@time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=LONDON), tick=False)
def test_end_early_emails_coordinator_reason_and_partner_without(
    scheme, coordinator, mentor, mentee, django_capture_on_commit_callbacks
):
    relationship = start_pair(scheme, mentor, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        services.relationship_end_early(
            relationship=relationship, by=mentee, reason="Moved job", wants_rematch=True
        )
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ended_on) == (
        RelationshipStatus.ENDED_EARLY,
        date(2026, 2, 1),
    )
    assert set(relationship.sessions.values_list("status", flat=True)) == {SessionStatus.CANCELLED}
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"coord@example.org", "mentor@example.org"}
    assert "Moved job" in by_to["coord@example.org"].body
    assert "Moved job" in by_to["coord@example.org"].alternatives[0][0]
    assert "Moved job" not in by_to["mentor@example.org"].body
    assert "Moved job" not in by_to["mentor@example.org"].alternatives[0][0]
    statuses = {m.user_id: m.application.status for m in relationship.members.all()}
    assert statuses == {mentee.pk: ApplicationStatus.ACCEPTED, mentor.pk: ApplicationStatus.MATCHED}
    services.relationship_request_rematch(relationship=relationship, by=mentor)
    statuses = {
        m.user_id: m.application.status for m in relationship.members.select_related("application")
    }
    assert statuses == {
        mentee.pk: ApplicationStatus.ACCEPTED,
        mentor.pk: ApplicationStatus.ACCEPTED,
    }
    with pytest.raises(ValidationError):
        services.relationship_end_early(relationship=relationship, by=mentor)


def test_rematch_needs_early_ending(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    with pytest.raises(ValidationError):
        services.relationship_request_rematch(relationship=relationship, by=mentor)


def test_pause_and_resume(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    services.relationship_set_paused(relationship=relationship, by=mentor, paused=True)
    assert relationship.status == RelationshipStatus.PAUSED
    services.relationship_set_paused(relationship=relationship, by=mentee, paused=False)
    assert relationship.status == RelationshipStatus.ACTIVE
