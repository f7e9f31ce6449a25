"""A member with ``n`` of every record the data export covers (and their partner's and a
stranger's records beside them), for the export's completeness, boundary and query-count
tests. Texts carry markers: ``MINE`` (the member's), ``SHARED`` (the partner's, in the
pair's shared record), ``PRIVATE`` (the partner's alone) and ``STRANGER``."""

from __future__ import annotations

from datetime import date

from allauth.mfa.models import Authenticator

from accounts.consents import consent_record
from accounts.models import (
    ConsentTopic,
    ContactSettings,
    EmailPreference,
    NotificationKind,
    SentNotification,
)
from cpd.models import ActivityTag, CpdProfile, Evidence, SourceType, Standard
from insights.models import EvaluationReport, ReportQuote
from schemes.models import Role, Subscription
from sessions_log.models import (
    Action,
    CalendarFeed,
    Concern,
    Ending,
    EvaluationDimension,
    Expectation,
    FacilitatorConsent,
    FeedbackQuestion,
    FeedbackResponse,
    Goal,
    GoalProgress,
    Message,
    MessageReport,
    RatingPhase,
    SelfRating,
)
from tests.cpd.factories import attended_event, held, manual, pair, reflection
from tests.factories import ApplicationFactory, ApplicationFormFactory, QuestionFactory
from tests.matching.factories import finished_run, proposal

MINE, SHARED, PRIVATE, STRANGER = "MINE-MARK", "SHARED-MARK", "PRIVATE-MARK", "STRANGER-MARK"


def _account(member, n: int) -> None:
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"s": PRIVATE})
    ContactSettings.objects.create(user=member, phone="+44 20 7946 0958")
    EmailPreference.objects.create(user=member, kind=NotificationKind.SCHEME_NEWS)
    for i in range(n):
        SentNotification.objects.create(
            key=f"k{member.pk}:{i}",
            recipient=member,
            email=member.email,
            kind=NotificationKind.GOALS_REVIEW,
            subject=f"{MINE} email {i}",
            body_text=f"{MINE} body {i}",
        )
        consent_record(
            user=member,
            topic=ConsentTopic.FEEDBACK_SHARING,
            given=True,
            wording=f"{MINE} consent",
            source="test",
        )


def _applying(scheme, member, partner, n: int):
    question = QuestionFactory(form=ApplicationFormFactory(scheme=scheme, role=Role.MENTEE))
    mine = ApplicationFactory(
        scheme=scheme, applicant=member, answers={str(question.pk): f"{MINE} answer"}
    )
    theirs = ApplicationFactory(
        scheme=scheme, applicant=partner, role=Role.MENTOR, hopes=f"{PRIVATE} hopes"
    )
    run = finished_run(scheme)
    for _ in range(n):
        proposal(run, theirs, mine)
    Subscription.objects.create(scheme=scheme, email=member.email, user=member)
    attended_event(scheme, member, title=f"{MINE} event")


def _relationship(scheme, member, partner, i: int, *, question, dimension, report) -> None:
    rel = pair(scheme, partner, member)
    session = held(rel, 1, notes=f"{SHARED} notes {i}", on=date(2025, 2, 3))
    ActivityTag.objects.create(
        user=member,
        source_type=SourceType.SESSION,
        source_id=session.pk,
        standard=Standard.objects.order_by("pk").first(),
    )
    for who, mark in ((member, MINE), (partner, SHARED)):
        Expectation.objects.create(relationship=rel, author=who, text=f"{mark} expect")
        goal = Goal.objects.create(relationship=rel, owner=who, what=f"{mark} goal")
        GoalProgress.objects.create(
            goal=goal, author=who, note=f"{mark} progress", status="in_progress"
        )
        Action.objects.create(relationship=rel, owner=who, text=f"{mark} action")
        message = Message.objects.create(relationship=rel, author=who, body=f"{mark} message")
    MessageReport.objects.create(message=message, reported_by=member, reason=f"{MINE} report")
    for who, mark in ((member, MINE), (partner, PRIVATE)):
        Concern.objects.create(relationship=rel, raised_by=who, message=f"{mark} concern")
        response = FeedbackResponse.objects.create(
            relationship=rel,
            user=who,
            answers={str(question.pk): f"{mark} feedback"},
            share_individually=True,
        )
        SelfRating.objects.create(
            relationship=rel, user=who, dimension=dimension, phase=RatingPhase.BASELINE, score=3
        )
    ReportQuote.objects.create(report=report, theme="Growth", response=response, question=question)
    ReportQuote.objects.create(
        report=report,
        theme="Growth",
        response=FeedbackResponse.objects.get(relationship=rel, user=member),
        question=question,
    )
    Ending.objects.create(relationship=rel, ended_by=member, reason=f"{MINE} ending")
    FacilitatorConsent.objects.create(relationship=rel, facilitator=partner, member=member)


def full_record(scheme, member, partner, stranger, *, n: int = 1) -> None:
    """``n`` relationships between ``member`` and ``partner``, each with everything in it,
    and ``n`` of the member's other records; the stranger's records beside them."""
    _account(member, n)
    _applying(scheme, member, partner, n)
    question = FeedbackQuestion.objects.create(
        scheme=scheme, label="What changed?", type="long_text"
    )
    dimension = EvaluationDimension.objects.create(scheme=scheme, name="Confidence")
    report = EvaluationReport.objects.create(scheme=scheme, title="Year one")
    for i in range(n):
        _relationship(
            scheme, member, partner, i, question=question, dimension=dimension, report=report
        )
        activity = manual(member, title=f"{MINE} course {i}")
        Evidence.objects.create(
            activity=activity,
            file="cpd/evidence/x.pdf",
            original_name=f"{MINE}.pdf",
            content_type="application/pdf",
            size=10,
        )
        reflection(member, title=f"{MINE} reflection {i}")
        reflection(partner, title=f"{PRIVATE} reflection {i}")
    CpdProfile.objects.create(user=member, summary_of_practice=f"{MINE} practice")
    CalendarFeed.objects.create(user=member)
    other = pair(scheme, stranger, partner)
    held(other, 1, notes=f"{STRANGER} notes")
    Message.objects.create(relationship=other, author=stranger, body=f"{STRANGER} message")
    Goal.objects.create(relationship=other, owner=stranger, what=f"{STRANGER} goal")
    reflection(stranger, title=f"{STRANGER} reflection")
