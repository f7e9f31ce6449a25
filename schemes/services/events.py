"""Events: replies, bulk invitations by role, and attendance (only once an event started)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify, receipt_send
from accounts.models import NotificationKind, User

from ..ics import event_calendar
from ..models import Application, EventAttendance, EventKind, Role, SchemeEvent

NOT_STARTED = _("{event} has not started yet: attendance can be recorded once it has begun.")


@transaction.atomic
def event_rsvp(*, event: SchemeEvent, user: User, rsvp: str) -> EventAttendance:
    """Record the member's reply (a second reply replaces the first). Side effects: a
    receipt to the member (RECEIPT), once per answer."""
    attendance, _ = EventAttendance.objects.update_or_create(
        event=event, user=user, defaults={"rsvp": rsvp}
    )
    receipt_send(
        user=user,
        key=f"rsvp:{attendance.pk}:{rsvp}",
        subject=gettext("your reply to %(title)s") % {"title": event.title},
        received=gettext("Your reply to %(title)s is recorded: %(reply)s.")
        % {"title": event.title, "reply": attendance.get_rsvp_display().lower()},
        next_step=gettext("You can change it at any time from the event's page."),
        url=absolute_url(reverse("schemes:event_rsvp", kwargs={"pk": event.pk})),
        link_text=gettext("The event"),
    )
    return attendance


@transaction.atomic
def event_record_attendance(*, event: SchemeEvent, users: Iterable[User]) -> int:
    """Mark these people as having attended (creating their RSVP if needed). Refused for an
    event that has not started: attendance counts as CPD hours and satisfies preparation."""
    if event.starts_at > timezone.now():
        raise ValidationError(NOT_STARTED.format(event=event.title))
    count = 0
    for user in users:
        EventAttendance.objects.update_or_create(
            event=event, user=user, defaults={"attended": True}
        )
        count += 1
    return count


def event_invitees(*, event: SchemeEvent, roles: Iterable[str]) -> list[User]:
    """The members of the event's scheme with a live application in one of ``roles``
    (learning sets are for mentors only), by name."""
    wanted = set(roles)
    if event.kind == EventKind.LEARNING_SET:
        wanted &= {Role.MENTOR}
    return list(
        {
            a.applicant
            for a in Application.objects.live()
            .filter(scheme=event.scheme_id, role__in=wanted)
            .select_related("applicant")
        }
    )


def event_invite(*, event: SchemeEvent, roles: Iterable[str], by: User) -> int:
    """Email each member of the event's scheme in ``roles`` an invitation with the event's
    calendar file and a link to reply, once per member and event. Refused for an event that
    has started. Returns how many were invited now. Side effects: SCHEME_NEWS emails."""
    roles = [r for r in roles if r in Role.values]
    if not roles:
        raise ValidationError(gettext("Choose at least one role to invite."))
    if event.starts_at <= timezone.now():
        raise ValidationError(
            gettext("%(title)s has already started: invite to a future event.")
            % {"title": event.title}
        )
    calendar = event_calendar(event)
    url = absolute_url(event.get_absolute_url())
    sent = 0
    for user in event_invitees(event=event, roles=roles):
        with transaction.atomic():
            record = notify(
                kind=NotificationKind.SCHEME_NEWS,
                key=f"event-invite:{event.pk}",
                template="schemes_event_invitation",
                context={"event": event, "scheme": event.scheme, "url": url},
                user=user,
                scheme=event.scheme,
                calendar=calendar,
            )
        sent += record is not None
    return sent
