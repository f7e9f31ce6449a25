"""Factories for the insights tests (shared by the dashboard and the reports tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from insights.metrics import Scope
from schemes.models import QuestionType, Scheme
from sessions_log.models import FeedbackQuestion, FeedbackResponse

# --- the scheme-health figures ---------------------------------------------------------------
TODAY = date(2026, 6, 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def scope_of(*schemes, start=None, end=None) -> Scope:
    return Scope.build(
        schemes=Scheme.objects.filter(pk__in=[s.pk for s in schemes]),
        start=start,
        end=end,
        today=TODAY,
    )


def number_question(scheme, label) -> FeedbackQuestion:
    return FeedbackQuestion.objects.create(scheme=scheme, label=label, type=QuestionType.NUMBER)


# --- reports and exports -------------------------------------------------------------------


def free_text_question(scheme, label="What did you value most?", **kwargs) -> FeedbackQuestion:
    return FeedbackQuestion.objects.create(
        scheme=scheme, label=label, type=kwargs.pop("type", QuestionType.LONG_TEXT), **kwargs
    )


def feedback(relationship, user, answers: dict, *, share=True) -> FeedbackResponse:
    """A feedback response; ``answers`` maps questions to answers."""
    return FeedbackResponse.objects.create(
        relationship=relationship,
        user=user,
        answers={str(q.pk): a for q, a in answers.items()},
        share_individually=share,
    )


#: Strings that must never reach an export or a report: each is put somewhere confidential.
CONFIDENTIAL = (
    "SECRET-SESSION-NOTE",
    "SECRET-REFLECTION",
    "SECRET-GOAL",
    "SECRET-GOAL-WHY",
    "SECRET-UNSHARED-FEEDBACK",
    "SECRET-HOPES",
    "SECRET-APPLICATION-ANSWER",
    "SECRET-DECISION-NOTE",
    "SECRET-ENDING-REASON",
)
SHARED_QUOTE = (
    "Olusegun helped me more than I expected; write to olu.adeyemi@example.org. "
    "Zoë found her voice in meetings."
)
SHARED_QUOTE_PRINTED = (
    "[name] helped me more than I expected; write to [email]. [name] found her voice in meetings."
)


def report_world(scheme, mentor, mentee):
    """A completed pair with held sessions, an event, feedback (shared and not) and
    confidential content everywhere it can be. Returns a dict of what was made."""
    from datetime import UTC, date, datetime

    from schemes.models import ApplicationStatus, Role
    from sessions_log.models import Ending, Goal, RelationshipStatus
    from tests.cpd.factories import attended_event, held, pair, planned, reflection
    from tests.factories import ApplicationFactory

    mentor.first_name, mentor.last_name = "Olusegun", "Adeyemi"
    mentor.save(update_fields=["first_name", "last_name"])
    mentee.first_name, mentee.last_name = "Zoë", "Kowalska"
    mentee.save(update_fields=["first_name", "last_name"])
    apps = {
        user: ApplicationFactory(
            scheme=scheme,
            applicant=user,
            role=role,
            status=ApplicationStatus.MATCHED,
            hopes="SECRET-HOPES",
            answers={"1": "SECRET-APPLICATION-ANSWER"},
            decision_note="SECRET-DECISION-NOTE",
            submitted_at=datetime(2025, 12, 1, 10, tzinfo=UTC),
            accepted_at=datetime(2025, 12, 3, 10, tzinfo=UTC),
            decided_at=datetime(2025, 12, 3, 10, tzinfo=UTC),
            matched_at=datetime(2025, 12, 20, 10, tzinfo=UTC),
        )
        for user, role in ((mentor, Role.MENTOR), (mentee, Role.MENTEE))
    }
    relationship = pair(
        scheme,
        mentor,
        mentee,
        started_on=date(2026, 1, 5),
        status=RelationshipStatus.COMPLETED,
        ended_on=date(2026, 6, 30),
    )
    relationship.planned_end_on = date(2026, 7, 5)
    relationship.save(update_fields=["planned_end_on"])
    sessions = [
        held(relationship, 1, on=date(2026, 1, 12), minutes=50, notes="SECRET-SESSION-NOTE"),
        held(relationship, 2, on=date(2026, 2, 9), minutes=90),
        planned(relationship, 3),
    ]
    Goal.objects.create(
        relationship=relationship,
        owner=mentee,
        what="SECRET-GOAL",
        why="SECRET-GOAL-WHY",
        success_looks_like="SECRET-GOAL",
    )
    reflection(
        mentor,
        relationship=relationship,
        entries={"what": "SECRET-REFLECTION", "so_what": "x", "now_what": "y"},
    )
    Ending.objects.create(relationship=relationship, ended_by=mentee, reason="SECRET-ENDING-REASON")
    event = attended_event(scheme, mentor, on=date(2026, 3, 4), hours=2)
    question = free_text_question(scheme)
    shared = feedback(relationship, mentee, {question: SHARED_QUOTE}, share=True)
    unshared = feedback(relationship, mentor, {question: "SECRET-UNSHARED-FEEDBACK"}, share=False)
    return {
        "applications": apps,
        "relationship": relationship,
        "sessions": sessions,
        "event": event,
        "question": question,
        "shared": shared,
        "unshared": unshared,
    }


# --- dashboard ------------------------------------------------------------------------------
def dashboard_application(
    scheme,
    role,
    *,
    submitted,
    status=None,
    accepted=None,
    matched=None,
    capacity: int = 1,
):
    """A submitted application (``submitted``, ``accepted``, ``matched``: datetimes)."""
    from schemes.models import ApplicationStatus
    from tests.factories import ApplicationFactory

    if status is None:
        status = (
            ApplicationStatus.MATCHED
            if matched
            else ApplicationStatus.ACCEPTED
            if accepted
            else ApplicationStatus.SUBMITTED
        )
    return ApplicationFactory(
        scheme=scheme,
        role=role,
        status=status,
        capacity=capacity,
        submitted_at=submitted,
        accepted_at=accepted,
        matched_at=matched,
    )


def dashboard_relationship(
    scheme,
    *,
    started_on,
    status=None,
    held_on=(),
    planned_for=(),
    roles=("mentor", "mentee"),
    notes: str = "",
):
    """A relationship of fresh members in ``roles``; one held session per date in
    ``held_on`` (numbered 1, 2, … with ``notes``), then one planned session per target date
    in ``planned_for``."""
    from sessions_log.models import (
        Relationship,
        RelationshipMember,
        RelationshipStatus,
        Session,
        SessionStatus,
    )
    from tests.factories import UserFactory

    relationship = Relationship.objects.create(
        scheme=scheme, started_on=started_on, status=status or RelationshipStatus.ACTIVE
    )
    for role in roles:
        RelationshipMember.objects.create(relationship=relationship, user=UserFactory(), role=role)
    number = 0
    for number, on in enumerate(held_on, start=1):
        Session.objects.create(
            relationship=relationship,
            number=number,
            status=SessionStatus.HELD,
            held_on=on,
            target_date=on,
            duration_minutes=60,
            notes=notes,
        )
    for offset, target in enumerate(planned_for, start=number + 1):
        Session.objects.create(relationship=relationship, number=offset, target_date=target)
    return relationship


def dashboard_self_ratings(relationship, dimension, scores):
    """For each ``(baseline, exit)`` in ``scores`` (``None``: not given), a fresh member of
    ``relationship`` who rated ``dimension``."""
    from sessions_log.models import RatingPhase, RelationshipMember, SelfRating
    from tests.factories import UserFactory

    for baseline, exit_score in scores:
        user = UserFactory()
        RelationshipMember.objects.create(relationship=relationship, user=user, role="mentee")
        for phase, score in ((RatingPhase.BASELINE, baseline), (RatingPhase.EXIT, exit_score)):
            if score is not None:
                SelfRating.objects.create(
                    relationship=relationship,
                    user=user,
                    dimension=dimension,
                    phase=phase,
                    score=score,
                )
