"""Starting, pausing, completing and ending relationships; concerns; calendar feeds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify, receipt_send
from accounts.models import NotificationKind, User
from core.history import with_history_user
from schemes.models import Application, Intake, Scheme
from schemes.services import application_return_to_pool

from ..models import (
    CalendarFeed,
    Concern,
    Ending,
    ProgrammeTemplate,
    Relationship,
    RelationshipKind,
    RelationshipMember,
    RelationshipStatus,
    Session,
    SessionStatus,
)
from ._common import member_of, require_open
from .sessions import send_cancellation


def _planned_end(template: ProgrammeTemplate, started_on: date) -> date:
    """The template's duration after the start, and never before its last step's target
    date (the relationship's dates run to its planned end: ``Relationship.date_window``)."""
    offsets = [step.offset_days for step in template.steps.all()]
    days = max([round(30.44 * template.duration_months), *offsets])
    return started_on + timedelta(days=days)


def relationship_start_date(*, scheme: Scheme, accepted_on: date) -> date:
    """The day a relationship in ``scheme`` starts when its members accepted on
    ``accepted_on``: a cohort scheme's pairs and circles start together on its launch date,
    or on the day they accepted if that is later; a rolling scheme's start when they accept.

    The one owner of a relationship's start: its planned end, its sessions' target dates,
    momentum (no session since the start), reminders and the coordinators' digest all count
    from the ``started_on`` this decides."""
    if scheme.intake == Intake.COHORT and scheme.launch_date is not None:
        return max(accepted_on, scheme.launch_date)
    return accepted_on


@transaction.atomic
def relationship_start(
    *,
    scheme: Scheme,
    members: list[tuple[User, str, Application | None]],
    kind: str = RelationshipKind.PAIR,
    template: ProgrammeTemplate | None = None,
    accepted_on: date | None = None,
    planned_end_on: date | None = None,
) -> Relationship:
    """Create an active relationship and its planned sessions from the template's cadence.

    ``members`` is a list of ``(user, role, application_or_None)``; ``accepted_on`` is the
    day the last of them accepted (default today). The start is decided by
    ``relationship_start_date``; each step's target date is the start plus its offset.
    ``planned_end_on`` is the end of a relationship without a template (a flash booking's
    conversation day); a template's duration decides it otherwise.
    Side effects: none (emails are sent by the caller, the matching flow).
    """
    started_on = relationship_start_date(
        scheme=scheme, accepted_on=accepted_on or timezone.localdate()
    )
    template = template or getattr(scheme, "programme_template", None)
    relationship = Relationship(
        scheme=scheme,
        kind=kind,
        template=template,
        started_on=started_on,
        planned_end_on=_planned_end(template, started_on) if template else planned_end_on,
    )
    relationship.full_clean()
    relationship.save()
    RelationshipMember.objects.bulk_create(
        [
            RelationshipMember(relationship=relationship, user=user, role=role, application=app)
            for user, role, app in members
        ]
    )
    if template is not None:
        Session.objects.bulk_create(
            [
                Session(
                    relationship=relationship,
                    step=step,
                    number=step.number,
                    title=step.title,
                    target_date=started_on + timedelta(days=step.offset_days),
                )
                for step in template.steps.all()
            ]
        )
    return relationship


def _alert_coordinators(
    *, relationship: Relationship, template: str, key: str, context: dict[str, Any]
) -> None:
    url = absolute_url(reverse("admin:sessions_log_relationship_change", args=[relationship.pk]))
    for coordinator in relationship.scheme.coordinators.all():
        notify(
            kind=NotificationKind.COORDINATOR_ALERT,
            key=key,
            template=template,
            context={"relationship": relationship, "scheme": relationship.scheme, "url": url}
            | context,
            user=coordinator,
            scheme=relationship.scheme,
        )


@transaction.atomic
def relationship_raise_concern(*, relationship: Relationship, by: User, message: str) -> Concern:
    """Record a member's concern. Side effects: an immediate email to each of the scheme's
    coordinators (COORDINATOR_ALERT) with the message and a link to the relationship; a
    receipt to the member who raised it (RECEIPT, without the message)."""
    member_of(relationship, by)
    concern = Concern(relationship=relationship, raised_by=by, message=message.strip())
    concern.full_clean()
    concern.save()
    _alert_coordinators(
        relationship=relationship,
        template="sessions_log_concern",
        key=f"concern:{concern.pk}",
        context={"concern": concern, "raised_by": by},
    )
    receipt_send(
        user=by,
        key=f"concern:{concern.pk}:receipt",
        subject=gettext("your concern about %(name)s") % {"name": relationship.scheme.name},
        received=gettext(
            "Your concern about your relationship in %(name)s reached the "
            "scheme's coordinators; your partner is not told."
        )
        % {"name": relationship.scheme.name},
        next_step=gettext(
            "A coordinator will contact you. If anyone is at risk, do not wait: "
            "contact them or your organisation directly."
        ),
        url=absolute_url(relationship.get_absolute_url()),
        link_text=gettext("Your relationship page"),
    )
    return concern


def _cancel_planned(relationship: Relationship, by: User) -> None:
    """Cancel the planned sessions of a relationship that ends, sending each one that had a
    date and time its calendar cancellation (METHOD:CANCEL) to every member."""
    for session in relationship.sessions.filter(
        status=SessionStatus.PLANNED, scheduled_at__isnull=False
    ).select_related("step"):
        session.status = SessionStatus.CANCELLED
        session.ics_sequence += 1
        session.save(update_fields=["status", "ics_sequence", "updated_at"])
        send_cancellation(session=session, by=by)
    relationship.sessions.filter(status=SessionStatus.PLANNED).update(
        status=SessionStatus.CANCELLED
    )


@transaction.atomic
def relationship_end_early(
    *, relationship: Relationship, by: User, reason: str = "", wants_rematch: bool = False
) -> Relationship:
    """End an open relationship early, no fault. Planned sessions are cancelled.

    If ``wants_rematch``, the ender's application goes back to ACCEPTED (the matching
    pool); the other members can ask for the same from the relationship page.
    Side effects: an email to the coordinators with the private reason (COORDINATOR_ALERT);
    an email to the other members, without the reason; for each session that had a date
    and time, its cancellation (METHOD:CANCEL) to every member.
    """
    me = member_of(relationship, by)
    require_open(relationship)
    today = timezone.localdate()
    relationship.status = RelationshipStatus.ENDED_EARLY
    relationship.ended_on = today
    relationship.full_clean()
    with_history_user(relationship, by).save()
    ending = Ending(
        relationship=relationship, ended_by=by, reason=reason.strip(), wants_rematch=wants_rematch
    )
    ending.full_clean()
    ending.save()
    _cancel_planned(relationship, by)
    if wants_rematch and me.application is not None:
        application_return_to_pool(application=me.application, by=by)
    _alert_coordinators(
        relationship=relationship,
        template="sessions_log_ended",
        key=f"ended:{relationship.pk}",
        context={"ending": ending, "ended_by": by},
    )
    url = absolute_url(relationship.get_absolute_url())
    for member in relationship.members.all():
        if member.user_id == by.pk:
            continue
        notify(
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            key=f"ended:{relationship.pk}",
            template="sessions_log_ended_member",
            context={"relationship": relationship, "scheme": relationship.scheme, "url": url},
            user=member.user,
            scheme=relationship.scheme,
        )
    return relationship


@transaction.atomic
def relationship_request_rematch(*, relationship: Relationship, by: User) -> None:
    """After an early ending, put the member's application back in the matching pool.
    Side effects: none."""
    me = member_of(relationship, by)
    if relationship.status != RelationshipStatus.ENDED_EARLY:
        raise ValidationError(
            gettext("Only a relationship that ended early can lead to a new match.")
        )
    if me.application is None:
        raise ValidationError(gettext("There is no application to return to the matching pool."))
    application_return_to_pool(application=me.application, by=by)


@transaction.atomic
def relationship_set_paused(*, relationship: Relationship, by: User, paused: bool) -> Relationship:
    """Pause or resume an open relationship (a paused one's planned sessions leave the
    calendar feeds, ``selectors.in_calendar``). Pausing a paused relationship, or resuming
    an active one, is refused.
    Side effects: an email to each other member (PARTNER_ACTIVITY, their preference)."""
    member_of(relationship, by)
    require_open(relationship)
    status = RelationshipStatus.PAUSED if paused else RelationshipStatus.ACTIVE
    if relationship.status == status:
        raise ValidationError(
            gettext("The relationship is already paused.")
            if paused
            else gettext("The relationship is not paused.")
        )
    relationship.status = status
    relationship.full_clean()
    with_history_user(relationship, by).save()
    url = absolute_url(relationship.get_absolute_url())
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    for member in relationship.members.select_related("user"):
        if member.user_id == by.pk:
            continue
        notify(
            kind=NotificationKind.PARTNER_ACTIVITY,
            key=f"{status}:{relationship.pk}:{stamp}",
            template="sessions_log_paused",
            context={
                "relationship": relationship,
                "scheme": relationship.scheme,
                "paused": paused,
                "by": by,
                "url": url,
            },
            user=member.user,
            scheme=relationship.scheme,
        )
    return relationship


@transaction.atomic
def relationship_complete(*, relationship: Relationship, by: User) -> Relationship:
    """Mark the relationship completed once the template's minimum of sessions is held.
    Remaining planned sessions are cancelled. Side effects: for each that had a date and
    time, its calendar cancellation (METHOD:CANCEL) to every member."""
    member_of(relationship, by)
    require_open(relationship)
    held = relationship.sessions.filter(status=SessionStatus.HELD).count()
    if not relationship.can_complete(held=held):
        raise ValidationError(
            gettext("Hold and log the programme's sessions before completing it.")
        )
    relationship.status = RelationshipStatus.COMPLETED
    relationship.ended_on = timezone.localdate()
    relationship.full_clean()
    with_history_user(relationship, by).save()
    _cancel_planned(relationship, by)
    return relationship


@transaction.atomic
def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The user's calendar feed, created with a fresh secret token the first time."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """Replace the feed's secret token (the old URL stops working). Side effects: none."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)
