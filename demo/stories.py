"""The demo relationships' histories ("stories"), written through the sessions_log and
cpd services: each function gets a just-started relationship, already moved back to its
start date, and logs what happened since."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from cpd.services import reflection_save
from schemes.models import Application, ApplicationStatus
from sessions_log.models import (
    ExpectationStatus,
    Goal,
    GoalStatus,
    Relationship,
    RelationshipMember,
    Session,
)
from sessions_log.services import (
    circle_facilitator_set,
    expectation_add,
    expectation_ask_clarification,
    expectation_clarify,
    expectation_decide,
    facilitator_answer,
    goal_review,
    goal_set,
    relationship_complete,
    relationship_end_early,
)

from .cpd import cpd_portfolio
from .diary import at, hold, members_of, plan

# Days ago each story's relationship started.
STARTED_DAYS_AGO = {
    "named": 95,
    "peer": 62,
    "some_sessions": 50,
    "stalled": 110,
    "ended_early": 80,
    "completed": 200,
    "circle_sessions": 45,
    "fresh": 9,
}


def _named_pair(relationship: Relationship, started: date, today: date) -> None:
    """The named mentor and mentee: three sessions in, the fourth booked."""
    mentor, mentee = members_of(relationship)
    plan(relationship, 1, by=mentee, when=at(started + timedelta(days=6), 17))
    _named_expectations(relationship, mentor, mentee)
    second = _named_first_sessions(relationship, started, mentor, mentee)
    rotation, talk = _named_goals(relationship, mentee, second, today)
    third = _named_third_session(relationship, started, mentor, mentee, (rotation, talk))
    plan(relationship, 4, by=mentor, when=at(today + timedelta(days=6), 17))
    _named_reflections(mentor, mentee, second, third, rotation)
    cpd_portfolio(mentor, today=today)


def _named_expectations(relationship: Relationship, mentor: User, mentee: User) -> None:
    """Four expectations: one clarified, three agreed, one deferred."""
    mine = expectation_add(
        relationship=relationship,
        by=mentee,
        text="Honest feedback on my job applications and practice for interviews.",
    )
    cadence = expectation_add(
        relationship=relationship, by=mentee, text="We meet once a month, online, for an hour."
    )
    shadow = expectation_add(
        relationship=relationship, by=mentee, text="A day shadowing Margaret's service."
    )
    theirs = expectation_add(
        relationship=relationship,
        by=mentor,
        text="Bring a topic to each session and an update on the actions we agreed.",
    )
    expectation_ask_clarification(
        expectation=mine, by=mentor, question="Written comments, or talking them through?"
    )
    expectation_clarify(
        expectation=mine, by=mentee, response="Talking them through, with notes afterwards."
    )
    for expectation in (mine, cadence):
        expectation_decide(expectation=expectation, by=mentor, status=ExpectationStatus.AGREED)
    expectation_decide(expectation=shadow, by=mentor, status=ExpectationStatus.DEFERRED)
    expectation_decide(expectation=theirs, by=mentee, status=ExpectationStatus.AGREED)


def _named_first_sessions(
    relationship: Relationship, started: date, mentor: User, mentee: User
) -> Session:
    """The first two sessions, with actions; returns the second."""
    hold(
        relationship,
        1,
        by=mentee,
        held_on=started + timedelta(days=6),
        notes="Got to know each other and agreed our expectations. Jamie is six months into "
        "a rotational post and wants to specialise.",
        actions=["Jamie: write a one-page summary of where I want to be in two years"],
    )
    return hold(
        relationship,
        2,
        by=mentor,
        held_on=started + timedelta(days=33),
        notes="Talked through the two-year summary and turned it into two goals.",
        actions=[
            "Jamie: ask the neuro team lead about the next rotation",
            "Margaret: send the College's guide to presenting case studies",
        ],
        done=True,
    )


def _before_end(relationship: Relationship, wanted: date) -> date:
    """A goal's target date no later than a fortnight before the relationship's planned end
    (targets must fall within its life: ``Relationship.plan_window``)."""
    end = relationship.planned_end_on
    return min(wanted, end - timedelta(days=14)) if end else wanted


def _named_goals(
    relationship: Relationship, mentee: User, second: Session, today: date
) -> tuple[Goal, Goal]:
    """The mentee's two goals, set in the second session: a post and a talk."""
    rotation = goal_set(
        relationship=relationship,
        by=mentee,
        owner=mentee,
        what="Secure a band 6 post in neurological rehabilitation",
        why="It is the area I enjoy most and where I want to specialise.",
        success_looks_like="An offer for a band 6 neuro post, or a rotation into the team.",
        # four months on, or a fortnight before the planned end if that comes first
        target_date=_before_end(relationship, today + timedelta(days=120)),
        session=second,
    )
    talk = goal_set(
        relationship=relationship,
        by=mentee,
        owner=mentee,
        what="Present a case study at the regional occupational therapy network",
        success_looks_like="A 15-minute talk given, with feedback from two colleagues.",
        target_date=_before_end(relationship, today + timedelta(days=45)),
        session=second,
    )
    return rotation, talk


def _named_third_session(
    relationship: Relationship,
    started: date,
    mentor: User,
    mentee: User,
    goals: tuple[Goal, Goal],
) -> Session:
    """The third session, led by the mentee, where both goals are reviewed."""
    rotation, talk = goals
    third = hold(
        relationship,
        3,
        by=mentee,
        held_on=started + timedelta(days=63),
        minutes=75,
        led_by=mentee,
        notes="Practised an interview answer on clinical reasoning; outlined the case study.",
        actions=["Jamie: book a slot at the network's spring meeting"],
        done=True,
    )
    goal_review(
        goal=rotation,
        by=mentee,
        note="The team lead expects a rotation to open in the spring; I have asked to be "
        "considered.",
        status=GoalStatus.IN_PROGRESS,
        session=third,
    )
    goal_review(
        goal=talk,
        by=mentor,
        note="Outline agreed; slides to draft before the next session.",
        status=GoalStatus.IN_PROGRESS,
        session=third,
    )
    return third


def _named_reflections(
    mentor: User, mentee: User, second: Session, third: Session, rotation: Goal
) -> None:
    assert second.held_on is not None  # logged as held by the story
    reflection_save(
        author=mentee,
        title="Turning a vague ambition into goals",
        model="what_so_what",
        entries={
            "what": "In our second session we turned my two-year summary into two goals.",
            "so_what": "Writing down what success looks like made the next step obvious.",
            "now_what": "Speak to the neuro team lead this month; start the case study.",
        },
        complete=True,
        reflected_on=second.held_on + timedelta(days=1),
        session=second,
        goal=rotation,
    )
    reflection_save(
        author=mentor,
        title="Listening before advising",
        model="what_so_what",
        entries={
            "what": "Jamie led the third session and practised an interview answer.",
            "so_what": "I held back my own answer and Jamie found a better one.",
            "now_what": "Ask one more question before I offer a view; raise it at the "
            "learning set.",
        },
        complete=True,
        reflected_on=third.held_on,
        session=third,
    )


def _peer_pair(relationship: Relationship, started: date, today: date) -> None:
    first, second = members_of(relationship)
    for author, other, text in (
        (first, second, "We take turns to lead and both bring a question."),
        (second, first, "We keep what we discuss between us."),
    ):
        expectation = expectation_add(relationship=relationship, by=author, text=text)
        expectation_decide(expectation=expectation, by=other, status=ExpectationStatus.AGREED)
    hold(relationship, 1, by=first, held_on=started + timedelta(days=8), notes="First call.")
    session = hold(
        relationship,
        2,
        by=second,
        held_on=started + timedelta(days=37),
        led_by=second,
        notes="Compared how our services handle waiting lists.",
        actions=["Share our referral criteria with each other"],
    )
    for owner, what in (
        (first, "Set up a peer-supervision group in my team"),
        (second, "Publish a short article on our waiting-list pilot"),
    ):
        goal_set(
            relationship=relationship,
            by=owner,
            owner=owner,
            what=what,
            target_date=_before_end(relationship, today + timedelta(days=90)),
            session=session,
        )
    plan(relationship, 3, by=first, when=at(today + timedelta(days=10), 12))


def _some_sessions(relationship: Relationship, started: date, today: date) -> None:
    first, second = members_of(relationship)[:2]
    hold(relationship, 1, by=second, held_on=started + timedelta(days=7), notes="First meeting.")
    hold(
        relationship,
        2,
        by=first,
        held_on=started + timedelta(days=35),
        notes="Agreed two objectives.",
        actions=["Draft a development plan"],
    )


def _stalled(relationship: Relationship, started: date, today: date) -> None:
    """Last session ten weeks and more ago: the momentum check picks it up."""
    first, second = members_of(relationship)
    hold(relationship, 1, by=second, held_on=started + timedelta(days=9))
    hold(relationship, 2, by=first, held_on=today - timedelta(weeks=10, days=3))


def _ended_early(relationship: Relationship, started: date, today: date) -> None:
    first, second = members_of(relationship)
    hold(relationship, 1, by=second, held_on=started + timedelta(days=6))
    relationship_end_early(
        relationship=relationship,
        by=second,
        reason="I have changed jobs and cannot give the time this needs just now.",
    )
    Relationship.objects.filter(pk=relationship.pk).update(ended_on=today - timedelta(days=30))


def _completed(relationship: Relationship, started: date, today: date) -> None:
    members = members_of(relationship)
    sessions = list(relationship.sessions.order_by("number"))
    for index, session in enumerate(sessions):
        assert session.target_date is not None  # planned from the template's cadence
        held = min(session.target_date + timedelta(days=3), today - timedelta(days=21))
        hold(relationship, session.number, by=members[index % 2], held_on=held)
    relationship_complete(relationship=relationship, by=members[1])
    Relationship.objects.filter(pk=relationship.pk).update(ended_on=today - timedelta(days=20))


def _circle_sessions(relationship: Relationship, started: date, today: date) -> None:
    members = members_of(relationship)
    # A member of the scheme outside this circle facilitates it (the demo mentor if they
    # applied to the scheme, so it shows in their portal).
    applicants = (
        Application.objects.filter(scheme=relationship.scheme)
        .exclude(status=ApplicationStatus.DRAFT)
        .exclude(applicant__in=members)
        .order_by("pk")
    )
    named = applicants.filter(applicant__email="mentor@demo.example").first()
    chosen = named or applicants.first()
    if chosen is not None:
        appointer = relationship.scheme.coordinators.order_by("pk").first() or (
            User.objects.get(email="admin@demo.example")
        )
        consents = circle_facilitator_set(
            relationship=relationship, user=chosen.applicant, by=appointer
        )
        for consent in consents:  # every member accepts them
            facilitator_answer(relationship=relationship, by=consent.member, accept=True)
        # The demo's history: they joined as the circle started, so read all it wrote.
        RelationshipMember.objects.filter(relationship=relationship, user=chosen.applicant).update(
            joined_at=timezone.make_aware(datetime.combine(started, time(9)))
        )
    hold(relationship, 1, by=members[0], held_on=started + timedelta(days=5), minutes=90)
    hold(
        relationship,
        2,
        by=members[1],
        held_on=started + timedelta(days=33),
        led_by=members[2],
        minutes=90,
        notes="Each of us brought a dilemma from practice.",
        actions=["Everyone: try one idea from today before the next circle"],
    )


def _fresh(relationship: Relationship, started: date, today: date) -> None:
    mentor = members_of(relationship)[0]
    plan(relationship, 1, by=mentor, when=at(today + timedelta(days=4), 18))


STORY_STEPS = {
    "named": _named_pair,
    "peer": _peer_pair,
    "some_sessions": _some_sessions,
    "stalled": _stalled,
    "ended_early": _ended_early,
    "completed": _completed,
    "circle_sessions": _circle_sessions,
    "fresh": _fresh,
}
