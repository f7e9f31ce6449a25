"""What the demo tests share: seeding through the real command, the models it fills, a
fixed "today" for the dated history, and the pilot's figures worked out by hand."""

from datetime import UTC, datetime
from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import Profile, SentNotification, User
from cpd.models import Reflection
from demo.evaluation import DIMENSIONS, QUESTIONS
from insights.metrics import scheme_health
from insights.models import EvaluationReport, ReportQuote
from matching.models import MatchingRun, Proposal, ProposalMember
from schemes.models import (
    Application,
    EventAttendance,
    NewsItem,
    Question,
    Scheme,
    SchemeEvent,
    Subscription,
)
from sessions_log.models import (
    Action,
    EvaluationDimension,
    Expectation,
    FeedbackQuestion,
    FeedbackResponse,
    Goal,
    GoalProgress,
    Relationship,
    SelfRating,
    Session,
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


# A fixed "today" for the tests of dated demo history (the demo dates relative to today).
TODAY = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)


def relationships_of(email):
    return Relationship.objects.filter(members__user__email=email)


def member_emails(relationship):
    return sorted(relationship.members.values_list("user__email", flat=True))


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
