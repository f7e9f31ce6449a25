"""Flash mentoring: mentors offer conversation slots, mentees book them.

A booking is a relationship of the pair (``relationship_start``: no programme, its planned
end the conversation's day) with one session planned at the slot's time (``session_plan``:
the calendar invitation and its emails). Cancelling goes through ``session_cancel``
(METHOD:CANCEL), and ``session_cancel`` of a flash session comes back to
``flash_booking_cancel``. Logging the session as held completes the relationship
(``sessions.session_log``); its hours count as CPD like any held session
(``cpd.selectors.session_hours``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User
from core.history import with_history_user
from schemes.models import Application, Role, Scheme

from ..models import (
    FLASH_MINUTES_MAX,
    FLASH_NOTE_MAX,
    FlashSlot,
    MemberRole,
    RelationshipStatus,
    Session,
)
from ..rules import flash_application, flash_cancel_refusal
from .relationships import relationship_start
from .sessions import cancel_planned_session, session_plan

OFFER_AHEAD = timedelta(days=365)


def _application(*, user: User, scheme: Scheme, role: str, locked: bool = False) -> Application:
    """The user's accepted application in ``role``, locked for the rest of the transaction
    when ``locked`` (one member's offers or bookings are decided one at a time)."""
    found = flash_application(user=user, scheme=scheme, role=role)
    if found is None:
        if role == Role.MENTOR:
            raise ValidationError(_("Only an accepted mentor of this scheme can offer slots."))
        raise ValidationError(_("Only an accepted mentee of this scheme can book a slot."))
    if locked:
        return Application.objects.select_for_update().get(pk=found.pk)
    return found


def _refuse_overlap(*, slot: FlashSlot) -> None:
    """A mentor's live slots may not overlap (whether booked or not)."""
    nearby = FlashSlot.objects.live().filter(
        mentor_id=slot.mentor_id,
        starts_at__lt=slot.ends_at,
        starts_at__gt=slot.starts_at - timedelta(minutes=FLASH_MINUTES_MAX),
    )
    for other in nearby.exclude(pk=slot.pk):
        if other.ends_at > slot.starts_at:
            when = timezone.localtime(other.starts_at)
            raise ValidationError(
                {
                    "starts_at": _(
                        "This overlaps your slot at %(time)s (%(minutes)s minutes): "
                        "choose a time after it ends or before it starts."
                    )
                    % {"time": f"{when:%a %-d %b %Y, %H:%M}", "minutes": other.duration_minutes}
                }
            )


@transaction.atomic
def flash_slot_offer(
    *,
    scheme: Scheme,
    mentor: User,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    location: str,
) -> FlashSlot:
    """Offer a conversation slot (``starts_at`` as typed in the mentor's zone, an
    instant). Refused: not an accepted mentor, a time in the past or over a year ahead, a
    slot overlapping another of theirs. Side effects: none."""
    _application(user=mentor, scheme=scheme, role=Role.MENTOR, locked=True)
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError({"starts_at": _("This time has passed: choose a future time.")})
    if starts_at > now + OFFER_AHEAD:
        raise ValidationError({"starts_at": _("Offer slots up to a year ahead.")})
    slot = FlashSlot(
        scheme=scheme,
        mentor=mentor,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location.strip(),
    )
    slot.full_clean()
    _refuse_overlap(slot=slot)
    slot.save()
    return slot


def _flash_session(slot: FlashSlot) -> Session:
    assert slot.relationship is not None
    return slot.relationship.sessions.get(number=1)


def _notify_booked(slot: FlashSlot, session: Session) -> None:
    """The booking confirmation to both, each in their own zone (the outbox renders each
    email under its recipient's zone); the mentor's names the mentee's note."""
    relationship = slot.relationship
    assert relationship is not None
    assert slot.booked_by is not None
    url = absolute_url(relationship.get_absolute_url())
    for user, partner in ((slot.mentor, slot.booked_by), (slot.booked_by, slot.mentor)):
        notify(
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            key=f"flash:{slot.pk}:booked:{relationship.pk}",
            template="sessions_log_flash_booked",
            context={
                "slot": slot,
                "session": session,
                "scheme": slot.scheme,
                "partner": partner,
                "is_mentor": user.pk == slot.mentor_id,
                "url": url,
            },
            user=user,
            scheme=slot.scheme,
        )


@transaction.atomic
def flash_slot_book(*, slot: FlashSlot, by: User, note: str) -> FlashSlot:
    """Book an open slot for the accepted mentee ``by``, with a note of what they want to
    talk about. The slot is taken by one conditional UPDATE (``booked_by IS NULL``), so of
    two mentees racing for it exactly one wins; a mentee holds at most the scheme's
    ``flash_bookings_max`` future bookings (their application is locked while counting).

    Side effects: a relationship of the pair with one session planned at the slot's time,
    whose invitation (METHOD:REQUEST, both as attendees) is emailed by ``session_plan``;
    a booking confirmation to both (RELATIONSHIP_UPDATE)."""
    scheme = slot.scheme
    note = note.strip()
    if slot.mentor_id == by.pk:
        raise ValidationError(_("This is your own slot: a mentee books it."))
    mentee_app = _application(user=by, scheme=scheme, role=Role.MENTEE, locked=True)
    if len(note) > FLASH_NOTE_MAX:
        raise ValidationError({"note": _("Keep the note to 500 characters.")})
    now = timezone.now()
    held = FlashSlot.objects.live().filter(scheme=scheme, booked_by=by, starts_at__gt=now)
    if held.count() >= scheme.flash_bookings_max:
        raise ValidationError(
            _(
                "You already hold %(count)s upcoming conversations in this scheme, the most "
                "it allows: cancel one or wait until it has taken place."
            )
            % {"count": scheme.flash_bookings_max}
        )
    taken = (
        FlashSlot.objects.open_after(now)
        .filter(pk=slot.pk)
        .update(booked_by=by, booked_at=now, note=note)
    )
    if not taken:
        raise ValidationError(
            _("This slot has just been booked or withdrawn: choose another time.")
        )
    slot.refresh_from_db()
    mentor_app = flash_application(user=slot.mentor, scheme=scheme, role=Role.MENTOR)
    day = timezone.localtime(slot.starts_at).date()
    relationship = relationship_start(
        scheme=scheme,
        members=[(slot.mentor, MemberRole.MENTOR, mentor_app), (by, MemberRole.MENTEE, mentee_app)],
        template=None,
        planned_end_on=day,
    )
    session = Session(
        relationship=relationship, number=1, title=_("Flash conversation"), target_date=day
    )
    session.full_clean()
    session.save()
    slot.relationship = relationship
    slot.save(update_fields=["relationship"])
    session_plan(
        session=session, by=by, scheduled_at=slot.starts_at, mode=slot.mode, location=slot.location
    )
    _notify_booked(slot, session)
    return slot


def _end_booking(slot: FlashSlot, by: User) -> None:
    """Cancel a booking's session (METHOD:CANCEL to both) and close its relationship."""
    relationship = slot.relationship
    assert relationship is not None
    cancel_planned_session(session=_flash_session(slot), by=by)
    relationship.status = RelationshipStatus.ENDED_EARLY
    relationship.ended_on = timezone.localdate()
    relationship.full_clean()
    with_history_user(relationship, by).save()


@transaction.atomic
def flash_booking_cancel(*, slot: FlashSlot, by: User) -> FlashSlot:
    """Cancel a booked conversation before it starts, by its mentor or its mentee. The
    slot opens again when the mentee cancels; the mentor's cancelling withdraws it. A held,
    started or already cancelled conversation is refused (``rules.flash_cancel_refusal``).

    Side effects: the session's cancellation (METHOD:CANCEL) emailed to both by
    ``sessions.cancel_planned_session``."""
    slot = FlashSlot.objects.select_for_update().get(pk=slot.pk)
    if by.pk not in (slot.mentor_id, slot.booked_by_id):
        raise ValidationError(_("Only the mentor or the mentee of a booking can cancel it."))
    now = timezone.now()
    refusal = flash_cancel_refusal(slot, now=now)
    if refusal:
        raise ValidationError(refusal)
    _end_booking(slot, by)
    if by.pk == slot.mentor_id:
        slot.cancelled_at = now
        slot.save(update_fields=["cancelled_at"])
    else:
        slot.booked_by, slot.booked_at, slot.note, slot.relationship = None, None, "", None
        slot.save(update_fields=["booked_by", "booked_at", "note", "relationship"])
    return slot


@transaction.atomic
def flash_slot_withdraw(*, slot: FlashSlot, by: User) -> FlashSlot:
    """The mentor withdraws a future slot; a booked one is cancelled first (the mentee is
    told through the calendar cancellation). Side effects: as ``flash_booking_cancel``."""
    if by.pk != slot.mentor_id:
        raise ValidationError(_("Only the slot's mentor can withdraw it."))
    if slot.is_booked:
        return flash_booking_cancel(slot=slot, by=by)
    if slot.cancelled_at is None:
        slot.cancelled_at = timezone.now()
        slot.save(update_fields=["cancelled_at"])
    return slot
