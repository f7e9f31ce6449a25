"""Expectations, goals and actions: written and seen by the relationship's members only."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from core.history import with_history_user

from ..models import (
    Action,
    Expectation,
    ExpectationStatus,
    Goal,
    GoalProgress,
    MemberRole,
    Relationship,
    Session,
)
from ._common import member_of, require_open

GOAL_ROLES = (MemberRole.MENTEE, MemberRole.PEER)


@transaction.atomic
def expectation_add(*, relationship: Relationship, by: User, text: str) -> Expectation:
    """State an expectation of the relationship. Side effects: none."""
    member_of(relationship, by)
    require_open(relationship)
    expectation = Expectation(relationship=relationship, author=by, text=text.strip())
    expectation.full_clean()
    with_history_user(expectation, by).save()
    return expectation


# Who may act on an expectation, checked by its service and, before showing a form, by its
# page (a typed address to one's own expectation gets the refusal, never the form).


def expectation_check_ask(*, expectation: Expectation, by: User) -> None:
    """ValidationError unless ``by`` may ask the author to clarify (not the author)."""
    member_of(expectation.relationship, by)
    require_open(expectation.relationship)
    if expectation.author_id == by.pk:
        raise ValidationError(
            gettext("Ask your partner to clarify their expectations, not your own.")
        )
    if not expectation.is_clarifiable:
        raise ValidationError(gettext("This expectation is not open for clarification."))


def expectation_check_clarify(*, expectation: Expectation, by: User) -> None:
    """ValidationError unless ``by`` is the author and a clarification was asked for."""
    member_of(expectation.relationship, by)
    require_open(expectation.relationship)
    if expectation.author_id != by.pk:
        raise ValidationError(gettext("Only the author can clarify an expectation."))
    if expectation.status != ExpectationStatus.CLARIFICATION:
        raise ValidationError(gettext("No clarification was asked for."))


def expectation_check_decide(*, expectation: Expectation, by: User) -> None:
    """ValidationError unless ``by`` may decide (another member than the author, no
    clarification pending)."""
    member_of(expectation.relationship, by)
    require_open(expectation.relationship)
    if expectation.author_id == by.pk:
        raise ValidationError(
            gettext(
                "Your partner decides on your expectation: an expectation is agreed by the other "
                "side."
            )
        )
    if expectation.status == ExpectationStatus.CLARIFICATION:
        raise ValidationError(gettext("Wait for the clarification before deciding."))


@transaction.atomic
def expectation_ask_clarification(
    *, expectation: Expectation, by: User, question: str
) -> Expectation:
    """The other member asks the author what they mean. Side effects: none."""
    expectation_check_ask(expectation=expectation, by=by)
    expectation.status = ExpectationStatus.CLARIFICATION
    expectation.clarification_request = question.strip()
    expectation.full_clean()
    with_history_user(expectation, by).save()
    return expectation


@transaction.atomic
def expectation_clarify(*, expectation: Expectation, by: User, response: str) -> Expectation:
    """The author answers a request for clarification. Side effects: none."""
    expectation_check_clarify(expectation=expectation, by=by)
    expectation.status = ExpectationStatus.STATED
    expectation.clarification_response = response.strip()
    expectation.full_clean()
    with_history_user(expectation, by).save()
    return expectation


@transaction.atomic
def expectation_decide(*, expectation: Expectation, by: User, status: str) -> Expectation:
    """Agree an expectation, mark it not applicable or defer it: the other member's
    decision (another member's, in a circle), never its author's. Side effects: none."""
    expectation_check_decide(expectation=expectation, by=by)
    if status not in ExpectationStatus.decision_states:
        raise ValidationError(
            {"status": gettext("Choose agreed, not applicable or discuss later.")}
        )
    expectation.status = status
    expectation.decided_by = by
    expectation.full_clean()
    with_history_user(expectation, by).save()
    return expectation


@transaction.atomic
def goal_set(
    *,
    relationship: Relationship,
    by: User,
    owner: User,
    what: str,
    why: str = "",
    success_looks_like: str = "",
    target_date: date | None = None,
    session: Session | None = None,
) -> Goal:
    """Set a goal of ``owner`` (a mentee, or a peer in reciprocal and group schemes).
    Side effects: none."""
    member_of(relationship, by)
    require_open(relationship)
    owner_member = member_of(relationship, owner)
    if owner_member.role not in GOAL_ROLES:
        raise ValidationError({"owner": gettext("Goals belong to the mentee in this scheme.")})
    _refuse_past_target(target_date)
    goal = Goal(
        relationship=relationship,
        owner=owner,
        what=what.strip(),
        why=why.strip(),
        success_looks_like=success_looks_like.strip(),
        target_date=target_date,
        set_in=session,
    )
    goal.full_clean()
    with_history_user(goal, by).save()
    return goal


def _refuse_past_target(target_date: date | None, before: date | None = None) -> None:
    """A goal's target date may not be set in the past (one already there may stay)."""
    if target_date is not None and target_date != before and target_date < timezone.localdate():
        raise ValidationError({"target_date": gettext("Choose a target date from today on.")})


@transaction.atomic
def goal_edit(
    *,
    goal: Goal,
    by: User,
    what: str,
    why: str = "",
    success_looks_like: str = "",
    target_date: date | None = None,
) -> Goal:
    """Reword a goal or move its target date; each version is kept (``Goal.history``, with
    who changed it). Side effects: none."""
    member_of(goal.relationship, by)
    require_open(goal.relationship)
    _refuse_past_target(target_date, goal.target_date)
    goal.what = what.strip()
    goal.why = why.strip()
    goal.success_looks_like = success_looks_like.strip()
    goal.target_date = target_date
    goal.full_clean()
    with_history_user(goal, by).save()
    return goal


@transaction.atomic
def goal_review(
    *, goal: Goal, by: User, note: str, status: str, session: Session | None = None
) -> GoalProgress:
    """Add a progress note to a goal and update its status. Side effects: none."""
    member_of(goal.relationship, by)
    require_open(goal.relationship)
    progress = GoalProgress(goal=goal, session=session, author=by, note=note.strip(), status=status)
    progress.full_clean()
    progress.save()
    goal.status = status
    goal.full_clean()
    with_history_user(goal, by).save()
    return progress


@transaction.atomic
def action_add(
    *,
    relationship: Relationship,
    by: User,
    text: str,
    owner: User | None = None,
    due_on: date | None = None,
    session: Session | None = None,
) -> Action:
    """Agree an action (it carries over to each next session until done). Side effects: none."""
    member_of(relationship, by)
    require_open(relationship)
    if owner is not None:
        member_of(relationship, owner)
    action = Action(
        relationship=relationship, agreed_in=session, owner=owner, text=text.strip(), due_on=due_on
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_complete(*, action: Action, by: User, session: Session | None = None) -> Action:
    """Mark an open action done. Side effects: none."""
    member_of(action.relationship, by)
    if action.is_done:
        raise ValidationError(gettext("This action is already done."))
    action.done_at = timezone.now()
    action.done_in = session
    action.full_clean()
    action.save(update_fields=["done_at", "done_in"])
    return action
