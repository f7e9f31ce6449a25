"""The leadership pilot's evaluated cohort: matched through a real (mentee-choice) matching
run, it held its sessions, rated itself at the start and the end on the pilot's evaluation
dimensions, gave end-of-relationship feedback, and has a draft evaluation report quoting
two consented answers. This fills the dashboard's "feedback scores" and "self-ratings".

Everything is written through the matching, sessions_log and insights services; only dates
are set afterwards (demo only), as in ``demo.stories``. The cohort is the pilot's
latest one to have finished: this year's when the pilot is in review, else last year's.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from accounts.models import SentNotification, User
from insights.models import EvaluationReport
from insights.services import evaluation_report_create, report_quote_add
from matching.models import Proposal, ProposalKind, ProposalStatus, Response
from matching.services import (
    proposal_respond,
    run_approve,
    run_execute,
    run_start,
    shortlist_choose,
)
from schemes.models import Application, ApplicationStatus, QuestionType, Role, Scheme
from sessions_log.models import (
    EvaluationDimension,
    FeedbackQuestion,
    FeedbackResponse,
    RatingPhase,
    Relationship,
    SelfRating,
)
from sessions_log.services import feedback_submit, relationship_complete, self_ratings_record

from .diary import at, backdate, hold, members_of
from .matching import Matched, _held_out, _prepare, backdate_matching, nothing_queued
from .schemes import pilot_dates

# The pilot runs three months; its relationships are completed after this many days.
PILOT_DAYS = 84

DIMENSIONS = (
    "Confidence in leading a team",
    "Handling difficult conversations",
    "Clarity about my next career step",
)
# (label, type, required); the number questions are scored from 1 (low) to 5 (high).
QUESTIONS = (
    (
        "How useful was the mentoring to you, from 1 (not at all) to 5 (very)?",
        QuestionType.NUMBER,
        True,
    ),
    (
        "How well did your mentoring partner suit you, from 1 (poorly) to 5 (very well)?",
        QuestionType.NUMBER,
        False,
    ),
    ("What difference has the pilot made to your work?", QuestionType.LONG_TEXT, False),
    ("What would you change about the pilot?", QuestionType.LONG_TEXT, False),
)
# Per member of the cohort (relationships in order, mentor first): baseline and exit scores
# for each dimension, in DIMENSIONS order.
RATINGS = (
    ((3, 3, 3), (4, 4, 4)),
    ((2, 2, 2), (4, 3, 4)),
    ((4, 3, 3), (4, 4, 3)),
    ((2, 1, 3), (3, 3, 4)),
    ((3, 2, 4), (4, 3, 4)),
    ((1, 2, 2), (3, 3, 5)),
    ((3, 3, 2), (4, 3, 3)),
    ((2, 2, 3), (3, 4, 4)),
)
# Per member: the two scores (None: left unanswered), the two free-text answers, and
# whether they agreed that staff may read their written answers individually (CONSENT).
FEEDBACK = (
    (
        5,
        4,
        "I now chair our team meeting and plan my week around the priorities.",
        "More time at the start to agree what we both wanted.",
        True,
    ),
    (4, 5, "I had the difficult conversation with my manager I had put off for a year.", "", True),
    (4, None, "", "An evening slot for the learning set.", False),
    (
        3,
        4,
        "I understand how our service is funded and who decides.",
        "Pair people from different trusts.",
        True,
    ),
    (5, 5, "Confidence to apply for a team lead post, which I start next month.", "", False),
    (4, 3, "", "Six months rather than three.", True),
    (3, 4, "A clearer idea of the next step.", "", False),
    (5, 4, "I delegate more and check in less.", "", True),
)
REPORT_TITLE = "Leadership Mentoring Pilot: evaluation of the first cohort (draft)"
REPORT_ANSWERS = {
    "outcomes": "Every pair held its six sessions and completed the programme; members rated "
    "themselves higher on each dimension at the end than at the start.",
    "difference_made": "Mentees describe concrete changes in how they lead: see the quotes.",
    "future_development": "Draft: consider a six-month programme and mixing trusts.",
}
# (theme, question index in QUESTIONS, member index in FEEDBACK): consented answers only.
QUOTES = (
    ("Confidence to lead", 2, 1),
    ("How the pilot could develop", 3, 0),
)


def cohort_launch(today: date) -> date:
    """The launch of the pilot's latest cohort to have finished by ``today``."""
    launch = pilot_dates(today)["launch_date"]
    if launch + timedelta(days=PILOT_DAYS + 14) > today:
        launch = launch.replace(year=launch.year - 1)
    return launch


def ensure_pilot_evaluation(*, scheme: Scheme, admin: User, today: date) -> None:
    """Set up the pilot's dimensions and feedback questions, then (once: nothing happens
    if the pilot has had a matching run) match, run and evaluate its cohort."""
    dimensions = []
    for order, name in enumerate(DIMENSIONS):
        dimension, _ = EvaluationDimension.objects.get_or_create(
            scheme=scheme, name=name, defaults={"order": order}
        )
        dimensions.append(dimension)
    questions = []
    for order, (label, kind, required) in enumerate(QUESTIONS):
        question = FeedbackQuestion.objects.filter(scheme=scheme, label=label).first()
        if question is None:
            question = FeedbackQuestion(
                scheme=scheme, label=label, type=kind, required=required, order=order
            )
            question.full_clean()
            question.save()
        questions.append(question)
    if scheme.matching_runs.exists():
        return
    pool = list(
        Application.objects.filter(scheme=scheme, status=ApplicationStatus.MATCHED).order_by("pk")
    )
    if not pool:
        return
    first_notification = SentNotification.objects.aggregate(n=Max("pk"))["n"] or 0
    with nothing_queued():
        relationships = _match(scheme, pool, admin, today)
        for index, relationship in enumerate(relationships):
            _story(relationship, dimensions, questions, start=2 * index)
        _report(scheme, admin, questions, today)
    # What the demo history "sent" went out long ago: nothing is queued for delivery.
    SentNotification.objects.filter(
        pk__gt=first_notification, status=SentNotification.Status.PENDING
    ).update(status=SentNotification.Status.SENT, sent_at=timezone.now())


def _match(scheme: Scheme, pool: list[Application], admin: User, today: date) -> list:
    """Run the pilot's matching on the applications the seed created as matched: mentees
    choose from their shortlists, mentors accept (capacity permitting)."""
    # Demo only: they go back to accepted so the run can match them, as it would have.
    Application.objects.filter(pk__in=[a.pk for a in pool]).update(
        status=ApplicationStatus.ACCEPTED, matched_at=None
    )
    _prepare(scheme, pool)
    with _held_out(scheme, pool):
        run = run_start(scheme=scheme, by=admin)
        run = run_execute(run=run)
    run_approve(run=run, by=admin)
    for app in (a for a in pool if a.role == Role.MENTEE):
        options = Proposal.objects.filter(
            run=run,
            kind=ProposalKind.OPTION,
            status=ProposalStatus.APPROVED,
            members__application=app,
        ).order_by("rank", "pk")
        for option in options:
            try:
                shortlist_choose(option=option, user=app.applicant)
            except ValidationError:
                continue  # that mentor's places were taken by an earlier choice
            break
    chosen = Proposal.objects.filter(
        run=run, kind=ProposalKind.PAIR, status=ProposalStatus.APPROVED
    ).order_by("pk")
    outcome = Matched(scheme=scheme, run=run)
    launch = cohort_launch(today)
    starts = {}
    relationships = []
    for index, proposal in enumerate(chosen):
        for member in proposal.members.filter(response=Response.PENDING).select_related(
            "application__applicant"
        ):
            proposal_respond(proposal=proposal, user=member.application.applicant, accept=True)
        proposal = Proposal.objects.get(pk=proposal.pk)
        assert proposal.relationship is not None  # both members accepted just now
        started = launch + timedelta(days=2 * index)
        relationship = backdate(proposal.relationship, started)
        starts[relationship.pk] = started
        outcome.stories.append(("pilot", proposal))
        relationships.append(relationship)
    backdate_matching(outcome, starts, today)
    return relationships


def _story(
    relationship: Relationship,
    dimensions: list[EvaluationDimension],
    questions: list[FeedbackQuestion],
    *,
    start: int,
) -> None:
    """Baseline ratings, six fortnightly sessions, completion, exit ratings and feedback
    (``start`` is the index of the relationship's mentor among the cohort's members)."""
    started = relationship.started_on
    members = members_of(relationship)
    for offset, member in enumerate(members):
        baseline = RATINGS[(start + offset) % len(RATINGS)][0]
        self_ratings_record(
            relationship=relationship,
            by=member,
            phase=RatingPhase.BASELINE,
            scores={d.pk: s for d, s in zip(dimensions, baseline, strict=True)},
        )
    sessions = list(relationship.sessions.order_by("number"))
    for index, session in enumerate(sessions[:6]):
        hold(
            relationship,
            session.number,
            by=members[index % 2],
            held_on=started + timedelta(days=7 + 14 * index),
        )
    relationship_complete(relationship=relationship, by=members[-1])
    ended = started + timedelta(days=PILOT_DAYS)
    Relationship.objects.filter(pk=relationship.pk).update(ended_on=ended)
    relationship.refresh_from_db()
    for offset, member in enumerate(members):
        exit_scores = RATINGS[(start + offset) % len(RATINGS)][1]
        self_ratings_record(
            relationship=relationship,
            by=member,
            phase=RatingPhase.EXIT,
            scores={d.pk: s for d, s in zip(dimensions, exit_scores, strict=True)},
        )
        useful, suited, difference, change, share = FEEDBACK[(start + offset) % len(FEEDBACK)]
        values = (useful, suited, difference, change)
        feedback_submit(
            relationship=relationship,
            by=member,
            # As the feedback form stores them: numbers as text, blanks as "" or None.
            answers={
                str(q.pk): (str(v) if isinstance(v, int) else v)
                for q, v in zip(questions, values, strict=True)
            },
            share_individually=share,
        )
    SelfRating.objects.filter(relationship=relationship, phase=RatingPhase.BASELINE).update(
        created_at=at(started + timedelta(days=1), 19)
    )
    SelfRating.objects.filter(relationship=relationship, phase=RatingPhase.EXIT).update(
        created_at=at(ended + timedelta(days=2), 19)
    )
    FeedbackResponse.objects.filter(relationship=relationship).update(
        submitted_at=at(ended + timedelta(days=3), 20)
    )


def _report(
    scheme: Scheme, admin: User, questions: list[FeedbackQuestion], today: date
) -> EvaluationReport | None:
    """A draft evaluation report of the cohort quoting two consented answers."""
    if scheme.evaluation_reports.filter(title=REPORT_TITLE).exists():
        return None
    launch = cohort_launch(today)
    report = evaluation_report_create(
        scheme=scheme,
        title=REPORT_TITLE,
        by=admin,
        period_start=launch,
        period_end=launch + timedelta(days=31),
        answers=REPORT_ANSWERS,
    )
    responses = list(
        FeedbackResponse.objects.filter(relationship__scheme=scheme).order_by(
            "relationship_id", "pk"
        )
    )
    for order, (theme, question_index, member_index) in enumerate(QUOTES):
        if member_index >= len(responses):
            continue
        report_quote_add(
            report=report,
            response=responses[member_index],
            question=questions[question_index],
            theme=theme,
            order=order,
        )
    return report
