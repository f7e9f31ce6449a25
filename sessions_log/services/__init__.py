"""Writes about relationships, sessions, the plan inside a relationship and feedback.

Every service is keyword-only, validates (``full_clean``) before saving, runs in one
transaction and queues emails on commit (through ``accounts.emails.outbox.notify``)."""

from .facilitators import circle_facilitator_set, facilitator_answer
from .feedback import feedback_consent_set, feedback_submit, self_ratings_record
from .flash import (
    flash_booking_cancel,
    flash_slot_book,
    flash_slot_offer,
    flash_slot_withdraw,
)
from .messages import (
    message_report,
    message_report_refusal,
    message_reports_handle,
    message_send,
    messages_mark_read,
)
from .plan import (
    action_add,
    action_complete,
    expectation_add,
    expectation_ask_clarification,
    expectation_check_ask,
    expectation_check_clarify,
    expectation_check_decide,
    expectation_clarify,
    expectation_decide,
    goal_edit,
    goal_review,
    goal_set,
)
from .relationships import (
    calendar_feed_for,
    calendar_feed_reset,
    relationship_complete,
    relationship_end_early,
    relationship_raise_concern,
    relationship_request_rematch,
    relationship_set_paused,
    relationship_start,
    relationship_start_date,
)
from .sessions import (
    session_add,
    session_cancel,
    session_log,
    session_plan,
    session_set_target_date,
)

__all__ = [
    "action_add",
    "action_complete",
    "calendar_feed_for",
    "calendar_feed_reset",
    "circle_facilitator_set",
    "expectation_add",
    "expectation_ask_clarification",
    "expectation_check_ask",
    "expectation_check_clarify",
    "expectation_check_decide",
    "expectation_clarify",
    "expectation_decide",
    "facilitator_answer",
    "feedback_consent_set",
    "feedback_submit",
    "flash_booking_cancel",
    "flash_slot_book",
    "flash_slot_offer",
    "flash_slot_withdraw",
    "goal_edit",
    "goal_review",
    "goal_set",
    "relationship_complete",
    "relationship_end_early",
    "relationship_raise_concern",
    "relationship_request_rematch",
    "relationship_set_paused",
    "relationship_start",
    "relationship_start_date",
    "self_ratings_record",
    "message_report",
    "message_report_refusal",
    "message_reports_handle",
    "message_send",
    "messages_mark_read",
    "session_add",
    "session_cancel",
    "session_log",
    "session_plan",
    "session_set_target_date",
]
