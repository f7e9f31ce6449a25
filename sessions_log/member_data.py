"""The sessions_log part of a member's data export.

Two kinds of record, by the rules of who reads what (``docs/security.md``):

- the **shared record** of each of their relationships, as its members read it on the
  relationship pages: its members, sessions with their notes and places, expectations,
  goals with their progress, actions and messages, each with who wrote it ("you" or the
  partner's name). What a member may read is ``rules.filter_readable`` and
  ``rules.sessions_readable`` (a facilitator: only what was written since joining), so
  nothing here is more than the member could already read;
- what is **theirs alone**: the messages they reported, concerns they raised, endings they
  recorded, their feedback (with the questions' wording) and self-ratings, their answers
  about facilitators, their calendar feed (never its secret address), and the changes
  they made to relationship records (which record and when), the flash slots they offered
  or booked (with the booking's note).

Never a partner's concerns, feedback, self-ratings or reports, which the partner alone
(and, as the rules say, staff) may read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q

from accounts.models import User

from .models import (
    Action,
    CalendarFeed,
    Concern,
    Ending,
    Expectation,
    FacilitatorConsent,
    FeedbackQuestion,
    FeedbackResponse,
    FlashSlot,
    Goal,
    GoalProgress,
    Message,
    MessageReport,
    ProgrammeStep,
    ProgrammeTemplate,
    Relationship,
    RelationshipMember,
    SelfRating,
    Session,
)
from .rules import filter_readable, sessions_readable

HistoricalRelationship: Any = Relationship.history.model
HistoricalExpectation: Any = Expectation.history.model
HistoricalGoal: Any = Goal.history.model

#: See ``accounts.member_data.EXPORTED``.
EXPORTED: tuple[type[Model], ...] = (
    Relationship,
    RelationshipMember,
    HistoricalRelationship,
    Session,
    Expectation,
    HistoricalExpectation,
    Goal,
    HistoricalGoal,
    GoalProgress,
    Action,
    Message,
    MessageReport,
    Concern,
    Ending,
    FeedbackResponse,
    FlashSlot,
    SelfRating,
    FacilitatorConsent,
    CalendarFeed,
    ProgrammeTemplate,
    ProgrammeStep,
    FlashSlot,
)
NOT_EXPORTED: dict[type[Model], str] = {}


def _templates(user: User) -> list[dict[str, Any]]:
    """The programme templates a coordinator keeps as their own, with their steps (two
    queries, whatever the number of templates)."""
    steps: dict[int, list[str]] = {}
    for step in ProgrammeStep.objects.filter(template__owner=user).order_by("number", "pk"):
        steps.setdefault(step.template_id, []).append(f"{step.number}. {step.title}")
    return [
        {
            "name": t.name,
            "description": t.description,
            "duration_months": t.duration_months,
            "steps": steps.get(t.pk, []),
        }
        for t in ProgrammeTemplate.objects.filter(owner=user)
    ]


def _by(author: User | None, user: User) -> str:
    """Who wrote it, as the member reads it on the relationship pages."""
    if author is None:
        return ""
    if author.pk == user.pk:
        return "you"
    return author.get_full_name() or "another member"


def _sessions(user: User, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each relationship's sessions; notes and place only where ``sessions_readable``."""
    readable = set(
        sessions_readable(Session.objects.filter(relationship_id__in=ids), user=user).values_list(
            "pk", flat=True
        )
    )
    sessions: dict[int, list[dict[str, Any]]] = {}
    for s in Session.objects.filter(relationship_id__in=ids).order_by("number", "pk"):
        mine = s.pk in readable
        sessions.setdefault(s.relationship_id, []).append(
            {
                "number": s.number,
                "title": s.title,
                "status": s.status,
                "target_date": s.target_date,
                "scheduled_at": s.scheduled_at,
                "mode": s.mode,
                "location": s.location if mine else "",
                "held_on": s.held_on,
                "duration_minutes": s.duration_minutes,
                "led_by_me": s.led_by_id == user.pk,
                "notes": s.notes if mine else "",
            }
        )
    return sessions


def _relationships(*, user: User) -> list[dict[str, Any]]:
    """The member's relationships: who is in them, their status history and sessions."""
    mine = {m.relationship_id: m for m in RelationshipMember.objects.filter(user=user)}
    ids = list(mine)
    members: dict[int, list[dict[str, Any]]] = {}
    for m in RelationshipMember.objects.filter(relationship_id__in=ids).select_related("user"):
        members.setdefault(m.relationship_id, []).append(
            {"name": _by(m.user, user), "role": m.role}
        )
    history: dict[int, list[dict[str, Any]]] = {}
    for h in HistoricalRelationship.objects.filter(id__in=ids).order_by("history_date"):
        history.setdefault(h.id, []).append({"status": h.status, "at": h.history_date})
    sessions = _sessions(user, ids)
    return [
        {
            "id": r.pk,
            "scheme": r.scheme.name,
            "kind": r.kind,
            "status": r.status,
            "my_role": mine[r.pk].role,
            "joined_at": mine[r.pk].joined_at,
            "started_on": r.started_on,
            "planned_end_on": r.planned_end_on,
            "ended_on": r.ended_on,
            "members": members.get(r.pk, []),
            "status_history": history.get(r.pk, []),
            "sessions": sessions.get(r.pk, []),
        }
        for r in Relationship.objects.filter(pk__in=ids).select_related("scheme").order_by("pk")
    ]


def _goals(user: User) -> list[dict[str, Any]]:
    progress: dict[int, list[dict[str, Any]]] = {}
    notes = filter_readable(
        GoalProgress.objects.all(), user=user, relationship_path="goal__relationship"
    )
    for p in notes.select_related("author").order_by("created_at", "pk"):
        progress.setdefault(p.goal_id, []).append(
            {"by": _by(p.author, user), "note": p.note, "status": p.status, "at": p.created_at}
        )
    return [
        {
            "relationship_id": g.relationship_id,
            "by": _by(g.owner, user),
            "goal": g.what,
            "why": g.why,
            "success_looks_like": g.success_looks_like,
            "target_date": g.target_date,
            "status": g.status,
            "progress": progress.get(g.pk, []),
        }
        for g in filter_readable(Goal.objects.all(), user=user)
        .select_related("owner")
        .order_by("created_at", "pk")
    ]


def _plan(*, user: User) -> dict[str, list[dict[str, Any]]]:
    """The shared plan and conversation of the member's relationships, as they read it."""
    expectations = filter_readable(Expectation.objects.all(), user=user)
    actions = filter_readable(Action.objects.all(), user=user)
    conversation = filter_readable(Message.objects.all(), user=user)
    return {
        "expectations": [
            {
                "relationship_id": e.relationship_id,
                "by": _by(e.author, user),
                "text": e.text,
                "status": e.status,
                "clarification_request": e.clarification_request,
                "clarification_response": e.clarification_response,
                "created_at": e.created_at,
            }
            for e in expectations.select_related("author").order_by("created_at", "pk")
        ],
        "goals": _goals(user),
        "actions": [
            {
                "relationship_id": a.relationship_id,
                "by": _by(a.owner, user),
                "text": a.text,
                "due_on": a.due_on,
                "done_at": a.done_at,
            }
            for a in actions.select_related("owner").order_by("created_at", "pk")
        ],
        "messages": [
            {
                "relationship_id": m.relationship_id,
                "by": _by(m.author, user),
                "body": m.body,
                "created_at": m.created_at,
            }
            for m in conversation.select_related("author").order_by("created_at", "pk")
        ],
    }


def _feedback(user: User) -> list[dict[str, Any]]:
    responses = list(FeedbackResponse.objects.filter(user=user).order_by("submitted_at", "pk"))
    labels = {
        str(q.pk): q.label
        for q in FeedbackQuestion.objects.filter(
            scheme__relationships__feedback__user=user
        ).distinct()
    }
    return [
        {
            "relationship_id": f.relationship_id,
            "answers": [
                {"question": labels.get(str(k), f"Question {k} (since removed)"), "answer": v}
                for k, v in (f.answers or {}).items()
            ],
            "share_individually": f.share_individually,
            "submitted_at": f.submitted_at,
        }
        for f in responses
    ]


def _own(*, user: User) -> dict[str, Any]:
    """What the member alone wrote or chose, which their partners never read."""
    ratings = SelfRating.objects.filter(user=user).select_related("dimension")
    consents = FacilitatorConsent.objects.filter(Q(member=user) | Q(facilitator=user))
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
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
        "feedback": _feedback(user),
        "self_ratings": [
            {
                "relationship_id": r.relationship_id,
                "dimension": r.dimension.name,
                "phase": r.phase,
                "score": r.score,
            }
            for r in ratings.order_by("relationship_id", "phase", "dimension__order", "pk")
        ],
        "facilitator_answers": [
            {
                "relationship_id": c.relationship_id,
                "i_am": "the facilitator" if c.facilitator_id == user.pk else "a member",
                "response": c.response,
                "responded_at": c.responded_at,
                "created_at": c.created_at,
            }
            for c in consents.order_by("created_at", "pk")
        ],
        "calendar_feed": {"created_at": feed.created_at} if feed else None,
        "relationship_records_changed": _changes(user),
        "flash_slots": _flash_slots(user),
    }


def _flash_slots(user: User) -> list[dict[str, Any]]:
    """The flash slots the member offered or booked, with the booking's note."""
    slots = FlashSlot.objects.filter(Q(mentor=user) | Q(booked_by=user))
    return [
        {
            "i_am": "the mentor" if s.mentor_id == user.pk else "the mentee",
            "scheme_id": s.scheme_id,
            "starts_at": s.starts_at,
            "duration_minutes": s.duration_minutes,
            "mode": s.mode,
            "location": s.location,
            "booked_at": s.booked_at,
            "note": s.note,
            "relationship_id": s.relationship_id,
            "withdrawn_at": s.cancelled_at,
        }
        for s in slots.order_by("starts_at", "pk")
    ]


def _changes(user: User) -> list[dict[str, Any]]:
    """The changes the member made to relationship records: which record and when."""
    return [
        {"record": name, "id": h.id, "change": h.history_type, "at": h.history_date}
        for name, model in (
            ("relationship", HistoricalRelationship),
            ("expectation", HistoricalExpectation),
            ("goal", HistoricalGoal),
        )
        for h in model.objects.filter(history_user=user).order_by("history_date")
    ]


def member_data(*, user: User) -> dict[str, Any]:
    """The member's relationship records, as Python values (a constant number of
    queries: twenty-five)."""
    return {
        "relationships": _relationships(user=user),
        **_plan(user=user),
        **_own(user=user),
        "programme_templates_owned": _templates(user),
    }
