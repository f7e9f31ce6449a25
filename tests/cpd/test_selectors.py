"""CPD activities derived from sessions and events, hours, and sessions awaiting reflection."""

from datetime import date
from decimal import Decimal

import pytest

from cpd.models import ActivityTag, ReflectionStatus, SourceType, Standard
from cpd.selectors import (
    cpd_activities_for_scheme,
    cpd_activities_for_user,
    hours_summary,
    sessions_awaiting_reflection,
)
from schemes.models import ApplicationStatus, EventKind, SchemeKind
from sessions_log.models import MemberRole, RelationshipKind, RelationshipStatus
from sessions_log.services import (
    circle_facilitator_set,
    facilitator_answer,
    relationship_start,
    session_log,
)
from tests.cpd.factories import attended_event, held, manual, pair, planned, reflection
from tests.factories import ApplicationFactory, ProfileFactory, ProgrammeTemplateFactory

pytestmark = pytest.mark.django_db


def _rows(activities):
    return [
        (a.source_type, a.date, a.activity_type, a.hours, a.role, a.scheme_name) for a in activities
    ]


def test_activities_from_held_sessions_for_both_roles(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 2, 3), minutes=90)
    held(rel, 2, on=date(2025, 3, 3), minutes=50)
    planned(rel, 3)
    expected = [
        ("session", date(2025, 2, 3), "mentoring_session", Decimal("1.50")),
        ("session", date(2025, 3, 3), "mentoring_session", Decimal("0.83")),
    ]
    mentor_rows = _rows(cpd_activities_for_user(user=mentor))
    mentee_rows = _rows(cpd_activities_for_user(user=mentee))
    assert mentor_rows == [(*row, "mentor", scheme.name) for row in expected]
    assert mentee_rows == [(*row, "mentee", scheme.name) for row in expected]


def test_activities_exclude_other_peoples_sessions(scheme, mentor, mentee, outsider):
    held(pair(scheme, mentor, mentee), 1)
    assert cpd_activities_for_user(user=outsider) == []


def test_activities_from_attended_events_only(scheme, mentor):
    ApplicationFactory(scheme=scheme, applicant=mentor, role="mentor")
    attended_event(scheme, mentor, kind=EventKind.LEARNING_SET, on=date(2025, 3, 4), hours=2)
    attended_event(scheme, mentor, kind=EventKind.BRIEFING, on=date(2025, 1, 4), hours=1)
    attended_event(scheme, mentor, kind=EventKind.LAUNCH, on=date(2025, 5, 4), attended=False)
    assert _rows(cpd_activities_for_user(user=mentor)) == [
        ("event", date(2025, 1, 4), "briefing", Decimal("1.00"), "mentor", scheme.name),
        ("event", date(2025, 3, 4), "learning_set", Decimal("2.00"), "mentor", scheme.name),
    ]


def test_event_role_without_application_is_participant(scheme, outsider):
    attended_event(scheme, outsider, kind=EventKind.OTHER)
    assert [a.role for a in cpd_activities_for_user(user=outsider)] == ["participant"]


def test_activities_filtered_by_period(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 1, 31))
    held(rel, 2, on=date(2025, 2, 1))
    manual(mentor, on=date(2025, 2, 28))
    manual(mentor, on=date(2025, 3, 1))
    activities = cpd_activities_for_user(user=mentor, start=date(2025, 2, 1), end=date(2025, 2, 28))
    assert [(a.source_type, a.date) for a in activities] == [
        ("session", date(2025, 2, 1)),
        ("manual", date(2025, 2, 28)),
    ]


def test_tags_attach_to_the_taggers_activity_only(scheme, mentor, mentee):
    session = held(pair(scheme, mentor, mentee), 1)
    standard = Standard.objects.get(framework__name="HCPC standards for CPD", number=3)
    ActivityTag.objects.create(
        user=mentor, source_type=SourceType.SESSION, source_id=session.pk, standard=standard
    )
    assert [a.standards for a in cpd_activities_for_user(user=mentor)] == [[standard]]
    assert [a.standards for a in cpd_activities_for_user(user=mentee)] == [[]]


def test_facilitator_earns_cpd_as_facilitator(scheme, mentor, mentee, admin_user):
    scheme.kind = SchemeKind.GROUP
    scheme.circles_have_facilitator = True
    scheme.save()
    circle = relationship_start(
        scheme=scheme,
        members=[(user, MemberRole.PEER, None) for user in (mentor, mentee, ProfileFactory().user)],
        kind=RelationshipKind.CIRCLE,
        template=ProgrammeTemplateFactory(steps=4),
        accepted_on=date(2026, 1, 5),
    )
    facilitator = ProfileFactory().user
    ApplicationFactory(scheme=scheme, applicant=facilitator, status=ApplicationStatus.ACCEPTED)
    for consent in circle_facilitator_set(relationship=circle, user=facilitator, by=admin_user):
        facilitator_answer(relationship=circle, by=consent.member, accept=True)

    session = circle.sessions.get(number=1)
    session_log(
        session=session, by=mentor, held_on=date(2026, 1, 20), duration_minutes=90, mode="online"
    )

    activities = cpd_activities_for_user(user=facilitator)
    assert [(a.title, a.hours, a.role) for a in activities] == [
        ("Mentoring session 1: Session 1", Decimal("1.50"), MemberRole.FACILITATOR)
    ]


def test_hours_summary_by_type_and_role(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, minutes=60)
    held(rel, 2, minutes=30)
    manual(mentor, hours="2.25")
    summary = hours_summary(cpd_activities_for_user(user=mentor))
    assert summary.total == Decimal("3.75")
    assert summary.by_type == [
        ("Course or training", Decimal("2.25")),
        ("Mentoring session", Decimal("1.50")),
    ]
    assert summary.by_role == [("Mentor", Decimal("1.50")), ("Participant", Decimal("2.25"))]
    assert summary.by_type_and_role == [
        ("Course or training", "Participant", Decimal("2.25")),
        ("Mentoring session", "Mentor", Decimal("1.50")),
    ]


def _many(scheme, mentor, mentee, n):
    rel = pair(scheme, mentor, mentee)
    for i in range(1, n + 1):
        held(rel, i)
        manual(mentor)
        attended_event(scheme, mentor)


def test_activities_query_count_is_constant(scheme, mentor, mentee, django_assert_num_queries):
    _many(scheme, mentor, mentee, 1)
    with django_assert_num_queries(7):
        assert len(cpd_activities_for_user(user=mentor)) == 3


def test_activities_query_count_with_many(scheme, mentor, mentee, django_assert_num_queries):
    _many(scheme, mentor, mentee, 60)
    with django_assert_num_queries(7):
        assert len(cpd_activities_for_user(user=mentor)) == 180


def test_sessions_awaiting_reflection_skips_reflected_and_planned(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    first = held(rel, 1)
    second = held(rel, 2)
    planned(rel, 3)
    reflection(mentor, session=first, relationship=rel, status=ReflectionStatus.DRAFT)
    assert list(sessions_awaiting_reflection(user=mentor)) == [second]
    assert list(sessions_awaiting_reflection(user=mentee)) == [first, second]


def test_sessions_awaiting_reflection_not_for_outsiders(scheme, mentor, mentee, outsider):
    held(pair(scheme, mentor, mentee), 1)
    assert list(sessions_awaiting_reflection(user=outsider)) == []


def _by_member(activities):
    return {user_id: _rows(acts) for user_id, acts in activities.items()}


def test_scheme_activities_are_each_members_own_record_from_the_scheme(
    scheme, other_scheme, mentor, mentee
):
    ApplicationFactory(scheme=scheme, applicant=mentor, role="mentor")
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 2, 3), minutes=90, title="Private title")
    held(rel, 2, on=date(2025, 3, 3), minutes=50)
    planned(rel, 3)
    attended_event(scheme, mentor, on=date(2025, 2, 10), hours=2)
    manual(mentor, on=date(2025, 2, 11))  # private: the member's own
    held(pair(other_scheme, mentor, mentee), 1, on=date(2025, 2, 4))  # another scheme

    by_member = cpd_activities_for_scheme(scheme=scheme)

    assert _by_member(by_member) == {
        mentor.pk: [
            (
                "session",
                date(2025, 2, 3),
                "mentoring_session",
                Decimal("1.50"),
                "mentor",
                scheme.name,
            ),
            ("event", date(2025, 2, 10), "learning_set", Decimal("2.00"), "mentor", scheme.name),
            (
                "session",
                date(2025, 3, 3),
                "mentoring_session",
                Decimal("0.83"),
                "mentor",
                scheme.name,
            ),
        ],
        mentee.pk: [
            (
                "session",
                date(2025, 2, 3),
                "mentoring_session",
                Decimal("1.50"),
                "mentee",
                scheme.name,
            ),
            (
                "session",
                date(2025, 3, 3),
                "mentoring_session",
                Decimal("0.83"),
                "mentee",
                scheme.name,
            ),
        ],
    }
    for user in (mentor, mentee):
        own = [
            a
            for a in cpd_activities_for_user(user=user)
            if a.scheme_name == scheme.name and a.source_type != SourceType.MANUAL
        ]
        assert _rows(by_member[user.pk]) == _rows(own)
        assert hours_summary(by_member[user.pk]).total == hours_summary(own).total


def test_scheme_activities_filtered_by_period(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 1, 31))
    held(rel, 2, on=date(2025, 2, 1))
    attended_event(scheme, mentor, on=date(2025, 2, 28))
    attended_event(scheme, mentor, on=date(2025, 3, 1))
    by_member = cpd_activities_for_scheme(
        scheme=scheme, start=date(2025, 2, 1), end=date(2025, 2, 28)
    )
    assert {k: [(a.source_type, a.date) for a in v] for k, v in by_member.items()} == {
        mentor.pk: [("session", date(2025, 2, 1)), ("event", date(2025, 2, 28))],
        mentee.pk: [("session", date(2025, 2, 1))],
    }


def test_scheme_activities_keep_a_member_who_left(scheme, mentor, mentee):
    """A mentee who withdrew and whose pair ended early keeps the CPD they earned."""
    ApplicationFactory(
        scheme=scheme, applicant=mentee, role="mentee", status=ApplicationStatus.WITHDRAWN
    )
    rel = pair(
        scheme, mentor, mentee, status=RelationshipStatus.ENDED_EARLY, ended_on=date(2025, 3, 1)
    )
    held(rel, 1, on=date(2025, 2, 3), minutes=60)
    attended_event(scheme, mentee, on=date(2025, 2, 10), hours=1)
    mentee_activities = cpd_activities_for_scheme(scheme=scheme)[mentee.pk]
    assert _rows(mentee_activities) == [
        ("session", date(2025, 2, 3), "mentoring_session", Decimal("1.00"), "mentee", scheme.name),
        ("event", date(2025, 2, 10), "learning_set", Decimal("1.00"), "mentee", scheme.name),
    ]


def test_scheme_without_sessions_has_no_activities(scheme, other_scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    planned(rel, 1)
    attended_event(scheme, mentor, attended=False)
    held(pair(other_scheme, mentor, mentee), 1)
    assert cpd_activities_for_scheme(scheme=scheme) == {}


def _many_relationships(scheme, n):
    for i in range(n):
        mentor = ProfileFactory().user
        mentee = ProfileFactory().user
        ApplicationFactory(scheme=scheme, applicant=mentor, role="mentor")
        rel = pair(scheme, mentor, mentee)
        held(rel, 1, on=date(2025, 2, 1 + i % 28))
        held(rel, 2, on=date(2025, 3, 1 + i % 28))
        attended_event(scheme, mentor)


@pytest.mark.parametrize("relationships", [1, 15])
def test_scheme_activities_query_count_is_constant(
    scheme, relationships, django_assert_num_queries
):
    _many_relationships(scheme, relationships)
    with django_assert_num_queries(3):
        by_member = cpd_activities_for_scheme(scheme=scheme)
    assert len(by_member) == 2 * relationships
    assert sum(len(acts) for acts in by_member.values()) == 5 * relationships
