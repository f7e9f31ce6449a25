"""Reads of CPD records, scoped to the member asking: activities and hours
(``activities``), reflections (``reflections``), and what portfolios and certificates draw
on (``portfolio``). Every name is importable from here."""

from .activities import (
    EVENT_TYPES,
    HUNDREDTH,
    CpdActivity,
    HoursSummary,
    cpd_activities_for_scheme,
    cpd_activities_for_user,
    cpd_activity_for_user,
    evidence_for_user,
    held_sessions_for_user,
    hours_summary,
    manual_activity_for_user,
    session_hours,
)
from .portfolio import (
    certificate_by_code,
    completed_relationship_for_user,
    completed_relationships_for_user,
    cpd_profile_for_user,
)
from .reflections import (
    held_session_for_user,
    reflection_for_author,
    reflection_visible_to,
    reflections_for_author,
    reflections_for_export,
    reflections_shared_with,
    sessions_awaiting_reflection,
)

__all__ = [
    "EVENT_TYPES",
    "HUNDREDTH",
    "CpdActivity",
    "HoursSummary",
    "certificate_by_code",
    "completed_relationship_for_user",
    "completed_relationships_for_user",
    "cpd_activities_for_scheme",
    "cpd_activities_for_user",
    "cpd_activity_for_user",
    "cpd_profile_for_user",
    "evidence_for_user",
    "held_session_for_user",
    "held_sessions_for_user",
    "hours_summary",
    "manual_activity_for_user",
    "reflection_for_author",
    "reflection_visible_to",
    "reflections_for_author",
    "reflections_for_export",
    "reflections_shared_with",
    "session_hours",
    "sessions_awaiting_reflection",
]
