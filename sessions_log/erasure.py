"""The relationships part of erasure (``accounts.erasure``) and of retention.

Every row stays (sessions, messages, goals, feedback, self-ratings: the figures count
them); what the person wrote goes: their messages, expectations, goals and progress notes,
actions, concerns, reasons for ending, flash booking notes, reports of messages and written
feedback answers (scores stay), in the history rows too. Their partner's own records stay
readable to the partner, beside "[erased]" where the person wrote and "Former member" for
their name.

A session's notes and meeting place belong to the pair together: they stay for the
partner, and go once every member of the relationship has been erased
(``relationships_content_empty``, which retention also applies to relationships ended
longer ago than the body keeps them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace

from accounts.erasure import ERASED_TEXT, PLACEHOLDER_NAME, ErasureSubject
from accounts.models import User
from core.history import history_scrub

from .models import (
    Action,
    CalendarFeed,
    Concern,
    Ending,
    Expectation,
    FeedbackResponse,
    FlashSlot,
    Goal,
    GoalProgress,
    Message,
    MessageReport,
    Relationship,
    RelationshipMember,
    Session,
)
from .models.feedback import WRITTEN_TYPES

EMPTIED_EXPECTATION = {
    "text": ERASED_TEXT,
    "clarification_request": "",
    "clarification_response": "",
}
EMPTIED_GOAL = {"what": ERASED_TEXT, "why": "", "success_looks_like": ""}


def _update(
    subject: ErasureSubject | None, label: str, queryset: QuerySet, /, **values: object
) -> int:
    changed = queryset.update(**values)
    if subject is not None:
        subject.count(label, changed)
    return changed


def _written_emptied(response: FeedbackResponse) -> dict:
    """The answers with every written one emptied (scores and choices stay)."""
    types = response.question_types or {}

    def written(key: str, value: object) -> bool:
        kind = types.get(str(key))
        return kind in WRITTEN_TYPES or (kind is None and isinstance(value, str))

    return {
        key: "" if written(key, value) else value for key, value in (response.answers or {}).items()
    }


def feedback_written_empty(responses: Iterable[FeedbackResponse]) -> int:
    changed = 0
    for response in responses:
        emptied = _written_emptied(response)
        if emptied != response.answers:
            FeedbackResponse.objects.filter(pk=response.pk).update(answers=emptied)
            changed += 1
    return changed


def _planning_empty(
    subject: ErasureSubject | None,
    expectations: QuerySet[Expectation],
    goals: QuerySet[Goal],
) -> None:
    expectation_pks = list(expectations.values_list("pk", flat=True))
    goal_pks = list(goals.values_list("pk", flat=True))
    _update(subject, "expectations", expectations, **EMPTIED_EXPECTATION)
    history_scrub(Expectation, expectation_pks, EMPTIED_EXPECTATION)
    _update(subject, "goals", goals, **EMPTIED_GOAL)
    history_scrub(Goal, goal_pks, EMPTIED_GOAL)


def relationships_content_empty(relationships: QuerySet[Relationship]) -> dict[str, int]:
    """Erase the confidential content of ``relationships``, whoever wrote it: session
    notes and places, messages, plans, concerns, endings' reasons, written feedback.
    The number of records changed, by kind."""
    rel = {"relationship__in": relationships}
    counts = {
        "session notes": Session.objects.filter(**rel)
        .exclude(notes="", location="")
        .update(notes="", location=""),
        "messages": Message.objects.filter(**rel)
        .exclude(body=ERASED_TEXT)
        .update(body=ERASED_TEXT),
        "message reports": MessageReport.objects.filter(message__relationship__in=relationships)
        .exclude(reason="")
        .update(reason=""),
        "goal progress notes": GoalProgress.objects.filter(goal__relationship__in=relationships)
        .exclude(note=ERASED_TEXT)
        .update(note=ERASED_TEXT),
        "actions": Action.objects.filter(**rel).exclude(text=ERASED_TEXT).update(text=ERASED_TEXT),
        "concerns": Concern.objects.filter(**rel)
        .exclude(message=ERASED_TEXT)
        .update(message=ERASED_TEXT),
        "reasons for ending": Ending.objects.filter(**rel).exclude(reason="").update(reason=""),
        "feedback": feedback_written_empty(FeedbackResponse.objects.filter(**rel)),
    }
    expectations = Expectation.objects.filter(**rel).exclude(text=ERASED_TEXT)
    goals = Goal.objects.filter(**rel).exclude(what=ERASED_TEXT)
    counts["expectations"] = expectations.count()
    counts["goals"] = goals.count()
    _planning_empty(None, expectations, goals)
    return {k: v for k, v in counts.items() if v}


#: What the partners wrote and keep, where the erased person's name or address may appear.
PARTNER_TEXT = (
    (Session, "relationship", ("notes", "location")),
    (Message, "relationship", ("body",)),
    (Expectation, "relationship", ("text", "clarification_request", "clarification_response")),
    (Goal, "relationship", ("what", "why", "success_looks_like")),
    (GoalProgress, "goal__relationship", ("note",)),
    (Action, "relationship", ("text",)),
)


def _names_replaced(subject: ErasureSubject, relationships: QuerySet[Relationship]) -> None:
    """In what their partners keep, the person's full name and addresses become the
    placeholder's name; then their first and last names as whole words ("Jamie: ask the
    team lead"), since in a pair's own records a first name says who it was."""
    for model, path, fields in PARTNER_TEXT:
        rows = model.objects.filter(**{f"{path}__in": relationships})
        for marker in subject.markers:
            for name in fields:
                changed = rows.filter(**{f"{name}__contains": marker}).update(
                    **{name: Replace(name, Value(marker), Value(PLACEHOLDER_NAME))}
                )
                subject.count("their name in their partners' records", changed)
        _words_replaced(subject, rows, fields)


def _words_replaced(subject: ErasureSubject, rows: QuerySet, fields: Iterable[str]) -> None:
    """The person's first and last names (three letters or more), as whole words, become
    the placeholder's name in ``fields`` of ``rows`` (read and written row by row: only
    the rows that hold one of the names)."""
    user = subject.user
    words = {w for w in (user.first_name.strip(), user.last_name.strip()) if len(w) >= 3}
    if not words:
        return
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words)) + r")\b")
    for name in fields:
        holding = Q()
        for word in words:
            holding |= Q(**{f"{name}__contains": word})
        for pk, text in rows.filter(holding).values_list("pk", name):
            replaced = pattern.sub(PLACEHOLDER_NAME, text)
            if replaced != text:
                rows.model.objects.filter(pk=pk).update(**{name: replaced})
                subject.count("their name in their partners' records", 1)


def _quote(subject: ErasureSubject, user: User) -> None:
    """What emails quoted: concerns and reasons for ending (sent to coordinators)."""
    subject.quoted(*Concern.objects.filter(raised_by=user).values_list("message", flat=True))
    subject.quoted(*Ending.objects.filter(ended_by=user).values_list("reason", flat=True))
    subject.quoted(*FlashSlot.objects.filter(booked_by=user).values_list("note", flat=True))


def erase(subject: ErasureSubject) -> None:
    user = subject.user
    _quote(subject, user)
    _update(subject, "messages", Message.objects.filter(author=user), body=ERASED_TEXT)
    _update(subject, "message reports", MessageReport.objects.filter(reported_by=user), reason="")
    _planning_empty(
        subject, Expectation.objects.filter(author=user), Goal.objects.filter(owner=user)
    )
    _update(
        subject, "goal progress notes", GoalProgress.objects.filter(author=user), note=ERASED_TEXT
    )
    _update(subject, "actions", Action.objects.filter(owner=user), text=ERASED_TEXT)
    _update(subject, "concerns", Concern.objects.filter(raised_by=user), message=ERASED_TEXT)
    _update(subject, "reasons for ending", Ending.objects.filter(ended_by=user), reason="")
    flash_notes = FlashSlot.objects.filter(booked_by=user).exclude(note="")
    _update(subject, "flash booking notes", flash_notes, note=ERASED_TEXT)
    subject.count("feedback", feedback_written_empty(FeedbackResponse.objects.filter(user=user)))
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    subject.count("calendar feeds", deleted)
    _names_replaced(subject, Relationship.objects.filter(members__user=user))
    # Relationships left with nobody who has not been erased: their shared content goes.
    remaining = RelationshipMember.objects.filter(
        relationship=OuterRef("pk"), user__erased_at__isnull=True
    ).exclude(user=user)
    alone = Relationship.objects.filter(members__user=user).filter(~Exists(remaining)).distinct()
    for what, number in relationships_content_empty(alone).items():
        subject.count(what, number)
