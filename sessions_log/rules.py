"""Permission predicates and the coordinator's model permissions for this app.

Coordinators see relationships, sessions (dates, durations, statuses only), concerns and
early endings of their schemes, and set up self-rating dimensions and feedback questions.
Expectations, goals, actions and session notes are never in the admin.
"""

COORDINATOR_PERMISSIONS = (
    "sessions_log.view_programmetemplate",
    "sessions_log.view_programmestep",
    "sessions_log.view_relationship",
    "sessions_log.view_session",
    "sessions_log.view_concern",
    "sessions_log.view_ending",
    "sessions_log.view_evaluationdimension",
    "sessions_log.add_evaluationdimension",
    "sessions_log.change_evaluationdimension",
    "sessions_log.delete_evaluationdimension",
    "sessions_log.view_feedbackquestion",
    "sessions_log.add_feedbackquestion",
    "sessions_log.change_feedbackquestion",
    "sessions_log.delete_feedbackquestion",
    "sessions_log.view_feedbackresponse",
)


def is_member(user, relationship) -> bool:
    """Whether ``user`` is one of the relationship's members (the only readers of its notes,
    expectations, goals and actions)."""
    return user.is_authenticated and relationship.members.filter(user=user).exists()
