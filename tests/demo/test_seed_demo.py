"""``manage.py seed_demo``: realistic, complete and idempotent."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Max

from accounts.models import Profile, SentNotification, User
from accounts.roles import COORDINATOR_GROUP
from cpd.models import Reflection
from demo.evaluation import DIMENSIONS, QUESTIONS, REPORT_TITLE
from demo.matching import LIVE_SCHEMES
from demo.people import PASSWORD
from demo.schemes import PILOT_SLUG
from insights.metrics import scheme_health
from insights.models import EvaluationReport, ReportQuote
from matching.models import MatchingRun, Proposal, ProposalMember, ProposalStatus, Response
from schemes.models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Intake,
    NewsItem,
    Phase,
    Question,
    QuestionType,
    Scheme,
    SchemeEvent,
    SchemeKind,
    Subscription,
)
from sessions_log.models import (
    Action,
    EvaluationDimension,
    Expectation,
    ExpectationStatus,
    FeedbackQuestion,
    FeedbackResponse,
    Goal,
    GoalProgress,
    GoalStatus,
    ProgrammeTemplate,
    RatingPhase,
    Relationship,
    RelationshipStatus,
    SelfRating,
    Session,
    SessionStatus,
)

MODELS = (
    User,
    Profile,
    EmailAddress,
    Scheme,
    Application,
    Question,
    SchemeEvent,
    EventAttendance,
    Subscription,
    NewsItem,
    MatchingRun,
    Proposal,
    ProposalMember,
    Relationship,
    Session,
    Expectation,
    Goal,
    GoalProgress,
    Action,
    Reflection,
    SentNotification,
    EvaluationDimension,
    SelfRating,
    FeedbackQuestion,
    FeedbackResponse,
    EvaluationReport,
    ReportQuote,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_twice_does_not_duplicate():
    first_output = seed()
    first = counts()
    second_output = seed()
    assert counts() == first
    assert first_output.splitlines()[:-1] == second_output.splitlines()[:-1]


@pytest.mark.django_db
def test_seed_demo_reset_recreates_same_data():
    seed()
    first = counts()
    seed("--reset")
    assert counts() == first


@pytest.mark.django_db
def test_seed_demo_covers_every_kind_status_and_question_type():
    seed()
    assert set(Scheme.objects.values_list("kind", flat=True)) == set(SchemeKind.values)
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    assert set(Question.objects.values_list("type", flat=True)) == set(QuestionType.values)
    assert {
        EventKind.LAUNCH,
        EventKind.BRIEFING,
        EventKind.MENTOR_PREPARATION,
        EventKind.LEARNING_SET,
    } <= set(SchemeEvent.objects.values_list("kind", flat=True))
    assert EventAttendance.objects.filter(attended=True).exists()
    assert Subscription.objects.exists()
    assert NewsItem.objects.exists()


@pytest.mark.django_db
def test_seed_demo_schemes_configured_as_briefed():
    seed()
    rolling = Scheme.objects.get(slug="career-mentoring")
    assert (rolling.intake, rolling.target_window_days, rolling.demand_threshold is not None) == (
        Intake.ROLLING,
        90,
        True,
    )
    pilot = Scheme.objects.get(intake=Intake.COHORT)
    assert (
        pilot.mentor_recruitment_opens.month,
        pilot.mentee_recruitment_opens.month,
        pilot.mentee_recruitment_closes.month,
        pilot.launch_date.month,
        pilot.programme_length_months,
    ) == (12, 1, 2, 3, 3)
    foundations = Scheme.objects.get(phase=Phase.FOUNDATIONS)
    assert foundations.applications.count() == 0
    assert foundations.subscriptions.count() > 0
    assert foundations.need != ""
    template = ProgrammeTemplate.objects.order_by("pk").first()
    assert set(Scheme.objects.values_list("programme_template", flat=True)) == {
        template.pk if template else None
    }


@pytest.mark.django_db
def test_seed_demo_people_can_log_in_and_are_complete(client):
    output = seed()
    members = Profile.objects.filter(user__email__endswith="@demo.example")
    assert members.count() >= 100
    assert all(p.is_complete for p in members)
    assert len(set(members.values_list("country", flat=True))) >= 5
    assert members.exclude(do_not_pair_with=[]).count() >= 3
    demo_users = User.objects.filter(email__endswith="@demo.example")
    assert EmailAddress.objects.filter(user__in=demo_users, verified=True).count() == (
        demo_users.count()
    )
    coordinators = User.objects.filter(groups__name=COORDINATOR_GROUP)
    assert sorted(coordinators.values_list("email", flat=True)) == [
        "coordinator2@demo.example",
        "coordinator@demo.example",
    ]
    assert User.objects.get(email="admin@demo.example").is_superuser is True
    assert client.login(email="mentee@demo.example", password=PASSWORD)
    for login in (
        "admin@demo.example",
        "coordinator@demo.example",
        "mentor@demo.example",
        "mentee@demo.example",
        "peer@demo.example",
        PASSWORD,
        "/admin/",
    ):
        assert login in output


# A fixed "today" for the tests of dated demo history (the demo dates relative to today).
TODAY = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)


def relationships_of(email):
    return Relationship.objects.filter(members__user__email=email)


def member_emails(relationship):
    return sorted(relationship.members.values_list("user__email", flat=True))


@pytest.mark.django_db
def test_seed_demo_named_mentor_and_mentee_share_one_career_relationship():
    with time_machine.travel(TODAY):
        seed()
    pair = Relationship.objects.get(
        members__user__email="mentee@demo.example", scheme__slug="career-mentoring"
    )
    assert member_emails(pair) == ["mentee@demo.example", "mentor@demo.example"]
    assert relationships_of("mentee@demo.example").count() == 1
    assert (pair.status, pair.started_on) == (
        RelationshipStatus.ACTIVE,
        date(2026, 2, 14),
    )
    sessions = list(pair.sessions.order_by("number"))
    assert [(s.number, s.status) for s in sessions] == [
        (1, SessionStatus.HELD),
        (2, SessionStatus.HELD),
        (3, SessionStatus.HELD),
        (4, SessionStatus.PLANNED),
        (5, SessionStatus.PLANNED),
        (6, SessionStatus.PLANNED),
    ]
    assert [s.held_on for s in sessions[:3]] == [
        date(2026, 2, 20),
        date(2026, 3, 19),
        date(2026, 4, 18),
    ]
    assert all(s.notes for s in sessions[:3])
    assert sessions[0].scheduled_at is not None
    assert sessions[3].scheduled_at.date() == date(2026, 5, 26)
    assert [s.target_date for s in sessions[4:]] == [
        date(2026, 6, 14),
        date(2026, 7, 24),
    ]


@pytest.mark.django_db
def test_seed_demo_named_pair_has_expectations_goals_actions_and_reflections():
    with time_machine.travel(TODAY):
        seed()
    pair = relationships_of("mentee@demo.example").get()
    assert sorted(pair.expectations.values_list("status", flat=True)) == sorted(
        [ExpectationStatus.AGREED] * 3 + [ExpectationStatus.DEFERRED]
    )
    assert pair.expectations.exclude(clarification_response="").count() == 1
    goals = list(pair.goals.order_by("pk"))
    assert [(g.owner.email, g.status, g.set_in.number) for g in goals] == [
        ("mentee@demo.example", GoalStatus.IN_PROGRESS, 2),
        ("mentee@demo.example", GoalStatus.IN_PROGRESS, 2),
    ]
    assert [g.progress.get().session.number for g in goals] == [3, 3]
    actions = pair.actions.order_by("pk")
    assert [(a.agreed_in.number, a.done_in and a.done_in.number) for a in actions] == [
        (1, 2),
        (2, 3),
        (2, 3),
        (3, None),
    ]
    assert sorted(
        Reflection.objects.filter(relationship=pair).values_list(
            "author__email", "session__number", "status"
        )
    ) == [
        ("mentee@demo.example", 2, "complete"),
        ("mentor@demo.example", 3, "complete"),
    ]


@pytest.mark.django_db
def test_seed_demo_peer_has_a_peer_relationship_with_sessions():
    seed()
    pair = relationships_of("peer@demo.example").get()
    assert pair.scheme.slug == "international-peer-co-mentoring"
    assert set(pair.members.values_list("role", flat=True)) == {"peer"}
    assert pair.members.count() == 2
    assert pair.sessions.filter(status=SessionStatus.HELD).count() == 2
    assert pair.goals.values("owner").distinct().count() == 2


@pytest.mark.django_db
def test_seed_demo_relationships_show_every_story():
    with time_machine.travel(TODAY):
        seed()
        today = TODAY.date()
    assert set(Relationship.objects.values_list("status", flat=True)) == {
        RelationshipStatus.ACTIVE,
        RelationshipStatus.COMPLETED,
        RelationshipStatus.ENDED_EARLY,
    }
    completed = Relationship.objects.get(
        status=RelationshipStatus.COMPLETED, scheme__slug__in=LIVE_SCHEMES
    )
    assert completed.sessions.filter(status=SessionStatus.HELD).count() == 6
    ended = Relationship.objects.get(status=RelationshipStatus.ENDED_EARLY)
    assert (ended.ended_on, ended.sessions.filter(status=SessionStatus.PLANNED).count()) == (
        today - timedelta(days=30),
        0,
    )
    last_held = {
        r.pk: r.last
        for r in Relationship.objects.filter(status=RelationshipStatus.ACTIVE).annotate(
            last=Max("sessions__held_on")
        )
    }
    stalled = [pk for pk, last in last_held.items() if last and last < today - timedelta(weeks=10)]
    assert len(stalled) == 1
    assert Relationship.objects.filter(kind="circle").count() == 1
    held = Session.objects.filter(status=SessionStatus.HELD)
    assert held.values("relationship").distinct().count() >= 8
    assert not held.filter(held_on__gt=today).exists()
    assert set(Relationship.objects.values_list("scheme__slug", flat=True)) == {
        *LIVE_SCHEMES,
        PILOT_SLUG,
    }


@pytest.mark.django_db
def test_seed_demo_matches_through_runs_approved_by_the_administrator():
    seed()
    admin = User.objects.get(email="admin@demo.example")
    runs = MatchingRun.objects.all()
    assert sorted(runs.values_list("scheme__slug", "status", "started_by")) == sorted(
        (slug, "finished", admin.pk) for slug in (*LIVE_SCHEMES, PILOT_SLUG)
    )
    assert set(Proposal.objects.values_list("status", "approved_by")) == {
        (ProposalStatus.CONFIRMED, admin.pk),
        (ProposalStatus.APPROVED, admin.pk),
    }
    assert Proposal.objects.exclude(overridden_by=None).exists()
    # every relationship came from a confirmed proposal; matched applications are its members
    assert Relationship.objects.filter(proposal__isnull=True).count() == 0
    for slug in LIVE_SCHEMES:
        accepted = Application.objects.filter(
            scheme__slug=slug, status=ApplicationStatus.ACCEPTED, proposal_memberships=None
        )
        assert accepted.count() >= 5, slug


@pytest.mark.django_db
def test_seed_demo_leaves_a_match_to_accept_and_names_who():
    output = seed()
    waiting = ProposalMember.objects.filter(
        proposal__status=ProposalStatus.APPROVED, response=Response.PENDING
    )
    assert waiting.values("proposal").distinct().count() == len(LIVE_SCHEMES)
    line = next(x for x in output.splitlines() if "a member with a match to accept" in x)
    email = line.split(": ")[-1]
    assert waiting.filter(application__applicant__email=email).exists()
    assert email not in {
        "mentor@demo.example",
        "mentee@demo.example",
        "peer@demo.example",
    }


@pytest.mark.django_db
def test_seed_demo_queues_no_task_and_leaves_no_email_pending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seed()
    assert callbacks == []
    assert SentNotification.objects.exists()
    assert not SentNotification.objects.filter(status=SentNotification.Status.PENDING).exists()


@pytest.mark.django_db
def test_seed_demo_second_run_adds_no_relationship_or_session():
    seed()
    before = (
        list(Relationship.objects.values_list("pk", "status", "started_on")),
        list(Session.objects.values_list("pk", "status", "held_on", "scheduled_at")),
        list(Application.objects.values_list("pk", "status")),
    )
    seed()
    after = (
        list(Relationship.objects.values_list("pk", "status", "started_on")),
        list(Session.objects.values_list("pk", "status", "held_on", "scheduled_at")),
        list(Application.objects.values_list("pk", "status")),
    )
    assert after == before


def figures(schemes, **cohort):
    return {t.slug: t for t in scheme_health(schemes=schemes, **cohort)}


# What demo.evaluation seeds for the pilot's three pairs (six members): the
# averages over the members' scores, worked out by hand.
PILOT_FEEDBACK_ROWS = [[QUESTIONS[0][0], 6, 4.17], [QUESTIONS[1][0], 5, 4.2]]
PILOT_RATING_ROWS = [
    [DIMENSIONS[0], 6, 2.5, 3.67],
    [DIMENSIONS[1], 6, 2.17, 3.33],
    [DIMENSIONS[2], 6, 2.83, 4.0],
]


@pytest.mark.django_db
def test_seed_demo_pilot_dashboard_shows_feedback_scores_and_self_ratings():
    with time_machine.travel(TODAY):
        seed()
        tables = figures(Scheme.objects.filter(slug=PILOT_SLUG))
    assert tables["feedback-scores"].rows == PILOT_FEEDBACK_ROWS
    assert tables["self-ratings"].rows == PILOT_RATING_ROWS
    assert tables["outcomes"].rows[0] == ["Completed", 3, 100.0]


@pytest.mark.django_db
def test_seed_demo_dashboard_of_every_scheme_names_the_pilot_rows():
    seed()
    tables = figures(Scheme.objects.all())
    prefix = "Leadership Mentoring Pilot: "
    assert tables["feedback-scores"].rows == [
        [prefix + label, n, average] for label, n, average in PILOT_FEEDBACK_ROWS
    ]
    assert tables["self-ratings"].rows == [[prefix + row[0], *row[1:]] for row in PILOT_RATING_ROWS]


@pytest.mark.django_db
def test_seed_demo_pilot_cohort_is_its_latest_finished_one():
    # In May the pilot's own launch (March 2026) is still running: last year's cohort shows.
    with time_machine.travel(TODAY):
        seed()
    pilot = Scheme.objects.get(slug=PILOT_SLUG)
    rows = list(
        Relationship.objects.filter(scheme=pilot)
        .order_by("started_on")
        .values_list("status", "started_on", "ended_on")
    )
    starts = [date(2025, 3, day) for day in (1, 3, 5)]
    assert rows == [
        (RelationshipStatus.COMPLETED, start, start + timedelta(days=84)) for start in starts
    ]
    for relationship in Relationship.objects.filter(scheme=pilot):
        held = relationship.sessions.filter(status=SessionStatus.HELD)
        assert held.count() == 6
        assert max(held.values_list("held_on", flat=True)) <= relationship.ended_on
        assert relationship.proposal.status == ProposalStatus.CONFIRMED


@pytest.mark.django_db
def test_seed_demo_pilot_in_review_evaluates_this_years_launch():
    with time_machine.travel(datetime(2026, 9, 15, 10, 0, tzinfo=UTC)):
        seed()
    pilot = Scheme.objects.get(slug=PILOT_SLUG)
    assert pilot.phase == Phase.REVIEW
    assert sorted(pilot.relationships.values_list("started_on", flat=True)) == [
        pilot.launch_date,
        pilot.launch_date + timedelta(days=2),
        pilot.launch_date + timedelta(days=4),
    ]


@pytest.mark.django_db
def test_seed_demo_pilot_ratings_come_before_and_after_and_feedback_at_the_end():
    with time_machine.travel(TODAY):
        seed()
    pilot = Scheme.objects.get(slug=PILOT_SLUG)
    assert list(pilot.evaluation_dimensions.values_list("name", flat=True)) == list(DIMENSIONS)
    assert sorted(pilot.feedback_questions.values_list("type", flat=True)) == sorted(
        ["number", "number", "long_text", "long_text"]
    )
    for rating in SelfRating.objects.filter(relationship__scheme=pilot).select_related(
        "relationship"
    ):
        day = rating.created_at.date()
        if rating.phase == RatingPhase.BASELINE:
            assert rating.relationship.started_on <= day < rating.relationship.ended_on
        else:
            assert day > rating.relationship.ended_on
    responses = FeedbackResponse.objects.filter(relationship__scheme=pilot)
    assert responses.count() == 6
    assert all(r.submitted_at.date() > r.relationship.ended_on for r in responses)
    assert responses.filter(share_individually=True).count() == 4


@pytest.mark.django_db
def test_seed_demo_pilot_has_a_draft_report_quoting_consented_answers():
    with time_machine.travel(TODAY):
        seed()
    report = EvaluationReport.objects.get(title=REPORT_TITLE)
    assert report.scheme.slug == PILOT_SLUG
    assert report.outcomes != ""
    assert report.handover == ""
    quotes = list(report.quotes.select_related("response", "question"))
    assert [(q.theme, q.raw_text) for q in quotes] == [
        (
            "Confidence to lead",
            "I had the difficult conversation with my manager I had put off for a year.",
        ),
        ("How the pilot could develop", "More time at the start to agree what we both wanted."),
    ]
    assert all(q.response.share_individually for q in quotes)
    for quote in quotes:
        quote.full_clean()  # the model's own consent and free-text checks pass
    # The report's cohort period selects the whole cohort: its figures are the same.
    with time_machine.travel(TODAY):
        tables = figures(
            Scheme.objects.filter(pk=report.scheme_id),
            start=report.period_start,
            end=report.period_end,
        )
    assert tables["feedback-scores"].rows == PILOT_FEEDBACK_ROWS
    assert tables["self-ratings"].rows == PILOT_RATING_ROWS
