"""Models of the schemes app: schemes, their events, recruitment (interest, news),
application forms and applications."""

from .applications import Application, ApplicationQuerySet, ApplicationStatus
from .events import EventAttendance, EventKind, SchemeEvent
from .news import NewsItem, Subscription
from .preparation import PreparationCompletion, PreparationModule
from .questions import (
    ApplicationForm,
    Question,
    QuestionBase,
    QuestionType,
    ScoringRule,
    question_scoring_errors,
)
from .schemes import (
    BOOKED_KINDS,
    ONE_POOL_KINDS,
    Intake,
    OverThresholdAction,
    Phase,
    Role,
    Scheme,
    SchemeKind,
)

__all__ = [
    "BOOKED_KINDS",
    "ONE_POOL_KINDS",
    "Application",
    "ApplicationQuerySet",
    "ApplicationForm",
    "ApplicationStatus",
    "EventAttendance",
    "EventKind",
    "Intake",
    "NewsItem",
    "OverThresholdAction",
    "Phase",
    "PreparationCompletion",
    "PreparationModule",
    "Question",
    "QuestionBase",
    "QuestionType",
    "Role",
    "ScoringRule",
    "Scheme",
    "SchemeEvent",
    "SchemeKind",
    "Subscription",
    "question_scoring_errors",
]
