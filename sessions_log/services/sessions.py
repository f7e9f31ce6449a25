"""Planning, rescheduling and logging sessions."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User
from core.history import with_history_user
from core.zones import local_with_zone

from ..ics import InvitationMethod, session_invitation
from ..models import (
    Action,
    Ending,
    FlashSlot,
    Relationship,
    RelationshipStatus,
    Session,
    SessionMode,
    SessionStatus,
)
from ._common import member_of, require_open

FLASH_HELD = gettext_noop("Flash conversation held.")


FLASH_FIXED = gettext_noop(
    "A flash conversation keeps the time of the slot booked: to change it, cancel it and "
    "book another slot."
)


def _require_planned(session: Session) -> None:
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(gettext("Only a planned session can be scheduled."))


def _require_movable(session: Session) -> None:
    """A flash conversation's session is its booking of a mentor's slot: it is scheduled
    once, at the slot's time, and never moved (a move would leave the slot behind and
    offer the mentor a time they never gave)."""
    if session.relationship.scheme.is_booked and session.scheduled_at is not None:
        raise ValidationError(gettext(FLASH_FIXED))


@transaction.atomic
def session_plan(
    *, session: Session, by: User, scheduled_at: datetime, mode: str, location: str = ""
) -> Session:
    """Set (or change) the date, time and place of a planned session.

    A change of an already scheduled session raises the iCalendar SEQUENCE so calendars
    update the event in place. A flash conversation's session is planned once, by its
    booking, and never moved (``FLASH_FIXED``).
    Side effects: an email to every member with the invitation attached (METHOD:REQUEST,
    the members as attendees; the same UID, a higher SEQUENCE for a change) and a link to
    the ``.ics`` file (PARTNER_ACTIVITY, apart from the reminders), once per sequence number.
    """
    relationship = session.relationship
    member_of(relationship, by)
    require_open(relationship)
    _require_planned(session)
    _require_movable(session)
    location = location.strip()
    if mode in (SessionMode.ONLINE, SessionMode.IN_PERSON) and not location:
        raise ValidationError(
            {"location": gettext("Give the meeting link (online) or the place (in person).")}
        )
    if session.scheduled_at is not None:
        session.ics_sequence += 1
    session.scheduled_at = scheduled_at
    session.target_date = timezone.localtime(scheduled_at).date()
    session.mode = mode
    session.location = location
    session.full_clean()
    session.save()
    ics_url = absolute_url(
        reverse(
            "sessions_log:session_ics", kwargs={"pk": relationship.pk, "number": session.number}
        )
    )
    page_url = absolute_url(relationship.get_absolute_url())
    invitation = session_invitation(session, method=InvitationMethod.REQUEST)
    members = list(relationship.members.select_related("user"))
    for member in members:
        partners = [m.user for m in members if m.user_id != member.user_id]
        flash_partner = partners[0] if relationship.scheme.is_booked and partners else None
        notify(
            kind=NotificationKind.PARTNER_ACTIVITY,
            key=f"session:{session.pk}:seq{session.ics_sequence}",
            template="sessions_invitation",
            context={
                "session": session,
                "relationship": relationship,
                "scheme": relationship.scheme,
                "rescheduled": session.ics_sequence > 0,
                "ics_url": ics_url,
                "url": page_url,
                "planned_by": by,
                # A flash booking is a conversation with one partner, not "session 1".
                "flash_partner": flash_partner,
            },
            user=member.user,
            scheme=relationship.scheme,
            calendar=invitation,
        )
    return session


def send_cancellation(*, session: Session, by: User) -> None:
    """Email every member of a cancelled session (its SEQUENCE already raised) the
    METHOD:CANCEL of its invitation, once (PARTNER_ACTIVITY)."""
    relationship = session.relationship
    cancellation = session_invitation(session, method=InvitationMethod.CANCEL)
    page_url = absolute_url(relationship.get_absolute_url())
    for member in relationship.members.all():
        notify(
            kind=NotificationKind.PARTNER_ACTIVITY,
            key=f"session:{session.pk}:cancelled",
            template="sessions_cancelled",
            context={
                "session": session,
                "relationship": relationship,
                "scheme": relationship.scheme,
                "url": page_url,
                "cancelled_by": by,
            },
            user=member.user,
            scheme=relationship.scheme,
            calendar=cancellation,
        )


@transaction.atomic
def session_cancel(*, session: Session, by: User) -> Session:
    """Cancel a planned session of an open relationship.

    A flash conversation's session is its booking: cancelling it is
    ``flash_booking_cancel`` (the slot reopened or withdrawn, the relationship ended
    early), whichever page it is cancelled from.
    Side effects: if it had a date and time, an email to every member with the
    cancellation attached (METHOD:CANCEL, the invitation's UID, a higher SEQUENCE), so
    calendars remove the event (PARTNER_ACTIVITY), once.
    """
    relationship = session.relationship
    member_of(relationship, by)
    require_open(relationship)
    if relationship.scheme.is_booked:
        # Imported here: the flash services build on this module.
        from .flash import flash_booking_cancel

        slot = FlashSlot.objects.filter(relationship=relationship).first()
        if slot is not None:
            flash_booking_cancel(slot=slot, by=by)
            session.refresh_from_db()
            return session
    return cancel_planned_session(session=session, by=by)


def cancel_planned_session(*, session: Session, by: User) -> Session:
    """Mark a planned session cancelled and send its calendar cancellation (the part of
    ``session_cancel`` that the flash booking cancel shares); the caller holds the
    transaction and has checked the member."""
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(gettext("Only a planned session can be cancelled."))
    session.status = SessionStatus.CANCELLED
    was_scheduled = session.scheduled_at is not None
    if was_scheduled:
        session.ics_sequence += 1
    session.full_clean()
    with_history_user(session, by).save()
    if not was_scheduled:
        return session
    send_cancellation(session=session, by=by)
    return session


@transaction.atomic
def session_set_target_date(*, session: Session, by: User, target_date: date) -> Session:
    """Move the target date of a planned, not yet scheduled session. Side effects: none."""
    member_of(session.relationship, by)
    require_open(session.relationship)
    _require_planned(session)
    if session.scheduled_at is not None:
        raise ValidationError(gettext("This session has a date and time: reschedule it instead."))
    session.target_date = target_date
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_add(*, relationship: Relationship, by: User, title: str = "") -> Session:
    """Add a further planned session after the last one (not to a flash conversation:
    one booking, one session). Side effects: none."""
    member_of(relationship, by)
    require_open(relationship)
    if relationship.scheme.is_booked:
        raise ValidationError(
            gettext("A flash conversation has one session: book another slot instead.")
        )
    last = relationship.sessions.aggregate(n=Max("number"))["n"] or 0
    session = Session(
        relationship=relationship,
        number=last + 1,
        title=title.strip() or gettext("Further session"),
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_log(
    *,
    session: Session,
    by: User,
    held_on: date,
    duration_minutes: int,
    mode: str,
    led_by: User | None = None,
    notes: str = "",
    new_actions: list[str] | None = None,
    done_actions: list[Action] | None = None,
) -> Session:
    """Record that a session was held (or correct its log).

    ``new_actions`` become open actions agreed in this session; ``done_actions`` (open
    actions of this relationship) are marked done in it. Open actions carry over.
    Side effects: none.
    """
    relationship = session.relationship
    member_of(relationship, by)
    require_open(relationship)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(gettext("A cancelled session cannot be logged."))
    _require_started(session, held_on=held_on)
    if led_by is not None:
        member_of(relationship, led_by)
    session.status = SessionStatus.HELD
    session.held_on = held_on
    session.duration_minutes = duration_minutes
    session.mode = mode
    session.led_by = led_by
    session.notes = notes
    # When it was first logged: a correction later changes the notes, not that moment
    # (which staff see, and which dates the CPD reflection prompt).
    session.logged_at = session.logged_at or timezone.now()
    session.full_clean()
    with_history_user(session, by).save()
    now = timezone.now()
    for action in done_actions or []:
        if action.relationship_id != relationship.pk or action.is_done:
            raise ValidationError(
                gettext("Only this relationship's open actions can be marked done.")
            )
        action.done_at = now
        action.done_in = session
        action.full_clean()
        action.save(update_fields=["done_at", "done_in"])
    for text in new_actions or []:
        if text.strip():
            action = Action(relationship=relationship, agreed_in=session, text=text.strip())
            action.full_clean()
            action.save()
    if relationship.scheme.is_booked:
        _flash_complete(relationship, by=by, held_on=held_on)
    return session


def _require_started(session: Session, *, held_on: date) -> None:
    """A session is not logged as held on its planned day before its planned start has
    come (``Session.is_ahead``): it has not taken place yet. A pair who met on an earlier
    day than planned log that day (held early). A flash conversation's time is its slot's
    and never moves: it is logged only once it has started, never on an earlier day. The
    message is on the "held on" field."""
    if session.scheduled_at is None:
        return
    when = local_with_zone(session.scheduled_at, "l j F Y, H:i")
    planned_day = timezone.localtime(session.scheduled_at).date()
    if session.relationship.scheme.is_booked:
        if session.is_ahead or held_on < planned_day:
            raise ValidationError(
                {
                    "held_on": gettext(
                        "This conversation is booked for %(when)s: log it once it has "
                        "taken place, on that day or later."
                    )
                    % {"when": when}
                }
            )
    elif session.is_ahead and held_on >= planned_day:
        raise ValidationError(
            {
                "held_on": gettext(
                    "This session is planned for %(when)s: log it once it has taken place. "
                    "If you met on an earlier day, enter that day."
                )
                % {"when": when}
            }
        )


def _flash_complete(relationship: Relationship, *, by: User, held_on: date) -> None:
    """A flash conversation held: the relationship ends, completed, on the day it was
    held, with the reason recorded for the coordinators."""
    relationship.status = RelationshipStatus.COMPLETED
    relationship.ended_on = max(held_on, relationship.started_on)
    relationship.full_clean()
    with_history_user(relationship, by).save()
    ending = Ending(relationship=relationship, ended_by=by, reason=gettext(FLASH_HELD))
    ending.full_clean()
    ending.save()
