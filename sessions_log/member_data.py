"""The sessions_log part of a member's data export: their relationships with the dates and
durations of their sessions (the notes belong to the pair and are read on the relationship
pages), and what they themselves wrote there: expectations, goals, actions, messages
(their own: the others' are theirs), reports of messages, concerns, an early ending,
feedback and self-ratings."""

from __future__ import annotations

from typing import Any

from accounts.models import User

from .models import (
    Action,
    Concern,
    Ending,
    Expectation,
    FeedbackResponse,
    Goal,
    Message,
    MessageReport,
    Relationship,
    RelationshipMember,
    SelfRating,
    Session,
)


def _relationships(*, user: User) -> list[dict[str, Any]]:
    """The member's relationships, each with its sessions' dates and durations."""
    memberships = {m.relationship_id: m.role for m in RelationshipMember.objects.filter(user=user)}
    sessions: dict[int, list[dict[str, Any]]] = {}
    for s in Session.objects.filter(relationship_id__in=memberships).order_by("number"):
        sessions.setdefault(s.relationship_id, []).append(
            {
                "number": s.number,
                "title": s.title,
                "status": s.status,
                "target_date": s.target_date,
                "held_on": s.held_on,
                "duration_minutes": s.duration_minutes,
            }
        )
    return [
        {
            "id": r.pk,
            "scheme": r.scheme.name,
            "kind": r.kind,
            "status": r.status,
            "my_role": memberships[r.pk],
            "started_on": r.started_on,
            "ended_on": r.ended_on,
            "sessions": sessions.get(r.pk, []),
        }
        for r in Relationship.objects.filter(pk__in=memberships).select_related("scheme")
    ]


def _plan(*, user: User) -> dict[str, list[dict[str, Any]]]:
    """The expectations the member stated, the goals they own and the actions they took on."""
    return {
        "goals": [
            {
                "relationship_id": g.relationship_id,
                "goal": g.what,
                "why": g.why,
                "success_looks_like": g.success_looks_like,
                "target_date": g.target_date,
                "status": g.status,
            }
            for g in Goal.objects.filter(owner=user)
        ],
        "expectations": [
            {
                "relationship_id": e.relationship_id,
                "text": e.text,
                "status": e.status,
                "clarification_request": e.clarification_request,
                "clarification_response": e.clarification_response,
                "created_at": e.created_at,
            }
            for e in Expectation.objects.filter(author=user)
        ],
        "actions": [
            {
                "relationship_id": a.relationship_id,
                "text": a.text,
                "due_on": a.due_on,
                "done_at": a.done_at,
            }
            for a in Action.objects.filter(owner=user)
        ],
    }


def _support_and_feedback(*, user: User) -> dict[str, list[dict[str, Any]]]:
    """The messages the member wrote and reported, the concerns they raised, the early
    endings they recorded, their feedback and their self-ratings."""
    ratings = SelfRating.objects.filter(user=user).select_related("dimension")
    return {
        "messages": [
            {"relationship_id": m.relationship_id, "body": m.body, "created_at": m.created_at}
            for m in Message.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "message_reports": [
            {
                "relationship_id": r.message.relationship_id,
                "message_id": r.message_id,
                "reason": r.reason,
                "created_at": r.created_at,
            }
            for r in MessageReport.objects.filter(reported_by=user)
            .select_related("message")
            .order_by("created_at", "pk")
        ],
        "concerns": [
            {"relationship_id": c.relationship_id, "message": c.message, "created_at": c.created_at}
            for c in Concern.objects.filter(raised_by=user).order_by("created_at", "pk")
        ],
        "endings": [
            {
                "relationship_id": e.relationship_id,
                "reason": e.reason,
                "wants_rematch": e.wants_rematch,
                "created_at": e.created_at,
            }
            for e in Ending.objects.filter(ended_by=user).order_by("created_at", "pk")
        ],
        "feedback": [
            {
                "relationship_id": f.relationship_id,
                "answers": f.answers,
                "share_individually": f.share_individually,
                "submitted_at": f.submitted_at,
            }
            for f in FeedbackResponse.objects.filter(user=user).order_by("submitted_at", "pk")
        ],
        "self_ratings": [
            {
                "relationship_id": r.relationship_id,
                "dimension": r.dimension.name,
                "phase": r.phase,
                "score": r.score,
            }
            for r in ratings.order_by("relationship_id", "phase", "dimension__order", "pk")
        ],
    }


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own relationship records, as Python values (twelve queries)."""
    return {
        "relationships": _relationships(user=user),
        **_plan(user=user),
        **_support_and_feedback(user=user),
    }
