"""Models of the sessions_log app: relationships and sessions, the plan agreed inside a
relationship (expectations, goals, actions) and end-of-relationship feedback."""

from .facilitators import ConsentResponse, FacilitatorConsent
from .feedback import (
    EvaluationDimension,
    FeedbackQuestion,
    FeedbackResponse,
    RatingPhase,
    SelfRating,
)
from .flash import FLASH_MINUTES_MAX, FLASH_MINUTES_MIN, FLASH_NOTE_MAX, FlashMode, FlashSlot
from .messages import MESSAGE_MAX_LENGTH, Message, MessageReport
from .planning import (
    Action,
    Expectation,
    ExpectationStatus,
    Goal,
    GoalProgress,
    GoalStatus,
)
from .programmes import ProgrammeStep, ProgrammeTemplate
from .relationships import (
    MemberRole,
    Relationship,
    RelationshipKind,
    RelationshipMember,
    RelationshipStatus,
    Session,
    SessionMode,
    SessionStatus,
)
from .support import CalendarFeed, Concern, Ending

__all__ = [
    "FLASH_MINUTES_MAX",
    "FLASH_MINUTES_MIN",
    "FLASH_NOTE_MAX",
    "FlashMode",
    "FlashSlot",
    "MESSAGE_MAX_LENGTH",
    "Message",
    "MessageReport",
    "ConsentResponse",
    "FacilitatorConsent",
    "CalendarFeed",
    "Concern",
    "Ending",
    "EvaluationDimension",
    "FeedbackQuestion",
    "FeedbackResponse",
    "RatingPhase",
    "SelfRating",
    "Action",
    "Expectation",
    "ExpectationStatus",
    "Goal",
    "GoalProgress",
    "GoalStatus",
    "MemberRole",
    "ProgrammeStep",
    "ProgrammeTemplate",
    "Relationship",
    "RelationshipKind",
    "RelationshipMember",
    "RelationshipStatus",
    "Session",
    "SessionMode",
    "SessionStatus",
]
