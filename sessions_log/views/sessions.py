"""Sessions: planning (with a calendar invitation), moving the target date, logging, the
invitation file, and adding a further session."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from accounts.emails.outbox import wants
from accounts.http import AuthenticatedHttpRequest
from accounts.models import NotificationKind, User
from core.confirm import Confirmation, confirm_page
from core.zones import local_with_zone

from .. import forms, selectors, services
from ..ics import session_minutes, sessions_calendar
from ..models import Relationship, Session, SessionStatus
from ..services.sessions import FLASH_FIXED
from ..suggestions import times_in_common
from ._common import ICS_TYPE, form_page, relationship_of


@login_required
def session_plan(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    session = selectors.session_in(relationship=relationship, number=number, user=request.user)
    refusal = _plan_refusal(session)
    if refusal:
        messages.info(request, refusal)
        return redirect(relationship)
    initial: dict[str, Any] = {"mode": session.mode, "location": session.location}
    if session.scheduled_at:
        initial["scheduled_at"] = session.scheduled_at
    chosen = _suggested_start(request.GET.get("at", ""))
    if chosen is not None:
        initial["scheduled_at"] = chosen
    form = forms.SessionPlanForm(request.POST or None, initial=initial)
    rescheduling = session.scheduled_at is not None
    common = times_in_common(
        relationship=relationship, around=session.target_date, viewer_id=request.user.pk
    )
    return form_page(
        request,
        relationship,
        form,
        lambda d: services.session_plan(session=session, by=request.user, **d),
        title=(
            gettext("Reschedule session %(number)s")
            if rescheduling
            else gettext("Plan session %(number)s")
        )
        % {"number": session.number},
        intro=gettext(
            "Every member gets a calendar invitation by email, unless they turned these emails off."
        ),
        success=_invitation_news(relationship, request.user, moved=rescheduling),
        extra={"times_in_common": common, "plan_url": request.path},
    )


def _plan_refusal(session: Session) -> str:
    """Why the plan form is not offered for ``session`` ("" when it is): a held or cancelled
    session is not planned again; a flash conversation keeps its slot's time (the service
    refuses both; the form would only lead to the refusal)."""
    if session.status == SessionStatus.HELD:
        return gettext("Session %(number)s was held: it is not planned again.") % {
            "number": session.number
        }
    if session.status == SessionStatus.CANCELLED:
        return gettext(
            "Session %(number)s was cancelled: a cancelled session is not planned again."
        ) % {"number": session.number}
    if session.relationship.scheme.is_booked and session.scheduled_at is not None:
        return gettext(FLASH_FIXED)
    return ""


def _log_refusal(session: Session) -> str:
    """Why the log form is not offered for ``session`` ("" when it is): a cancelled one is
    not logged, nor a flash conversation still to come (its time never moves; a programme's
    session may have been held on an earlier day than planned: the service judges the day)."""
    if session.status == SessionStatus.CANCELLED:
        return gettext("Session %(number)s was cancelled: a cancelled session is not logged.") % {
            "number": session.number
        }
    if session.relationship.scheme.is_booked and session.is_ahead:
        return gettext(
            "This conversation is booked for %(when)s: log it once it has taken place."
        ) % {"when": local_with_zone(session.scheduled_at, "l j F Y, H:i")}
    return ""


def _emails_off(relationship: Relationship, by: User) -> tuple[str, bool]:
    """The members who turned off emails about sessions (PARTNER_ACTIVITY), named ("you"
    for ``by``), and whether that is every member; ("", False) when nobody did."""
    kind = NotificationKind.PARTNER_ACTIVITY
    members = list(relationship.members.select_related("user"))
    off = [m.user for m in members if not wants(m.user, kind)]
    names = ", ".join(gettext("you") if u.pk == by.pk else u.display_name for u in off)
    return names, bool(off) and len(off) == len(members)


def _invitation_news(relationship: Relationship, planner: User, *, moved: bool = False) -> str:
    """What the planner is told about the invitations: who gets one, and who does not
    because they turned off emails about sessions (PARTNER_ACTIVITY)."""
    done = gettext("Session moved") if moved else gettext("Session planned")
    names, everyone = _emails_off(relationship, planner)
    if not names:
        return gettext("%(done)s; a calendar invitation is on its way to each of you.") % {
            "done": done
        }
    if everyone:
        return gettext(
            "%(done)s. No invitation is emailed (%(names)s turned these "
            "emails off): tell each other, or share the calendar file "
            "from the relationship page."
        ) % {"done": done, "names": names}
    return gettext(
        "%(done)s; a calendar invitation is on its way, except to "
        "%(names)s (emails about sessions turned off): let them know."
    ) % {"done": done, "names": names}


def cancellation_news(relationship: Relationship, by: User, *, done: str) -> str:
    """``done`` ("Session cancelled") and who is emailed the calendar cancellation of a
    scheduled session: said only of those who are (not of who turned these emails off)."""
    names, everyone = _emails_off(relationship, by)
    if not names:
        return gettext("%(done)s; each of you is sent a cancellation for your calendar.") % {
            "done": done
        }
    if everyone:
        return gettext(
            "%(done)s. No cancellation is emailed (%(names)s turned these emails off): "
            "tell each other, and remove it from your calendars."
        ) % {"done": done, "names": names}
    return gettext(
        "%(done)s; a cancellation for the calendar is on its way, except to %(names)s "
        "(emails about sessions turned off): let them know."
    ) % {"done": done, "names": names}


def _suggested_start(text: str) -> datetime | None:
    """A suggestion's start (``?at=2026-03-24T19:00``, in the planner's zone), or None."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@login_required
def session_target(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    session = selectors.session_in(relationship=relationship, number=number, user=request.user)
    form = forms.TargetDateForm(request.POST or None, initial={"target_date": session.target_date})
    return form_page(
        request,
        relationship,
        form,
        lambda d: services.session_set_target_date(session=session, by=request.user, **d),
        title=gettext("Move the target date of session %(number)s") % {"number": session.number},
        success=gettext("Target date moved."),
    )


def _held_on_default(session: Session) -> date:
    """The day it was held if logged, else its planned day, but never after today: a
    session is logged once held, and a future default would only be refused."""
    if session.held_on:
        return session.held_on
    today = timezone.localdate()
    planned = (
        timezone.localtime(session.scheduled_at).date()
        if session.scheduled_at
        else session.target_date
    )
    return min(planned or today, today)


@login_required
def session_log(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    session = selectors.session_in(relationship=relationship, number=number, user=request.user)
    refusal = _log_refusal(session)
    if refusal and request.method != "POST":  # a POST is refused on its field by the service
        messages.info(request, refusal)
        return redirect(relationship)
    open_actions = relationship.actions.filter(done_at__isnull=True)
    initial = {
        "held_on": _held_on_default(session),
        # its planned length: the step's, a flash slot's, else an hour
        "duration_minutes": session.duration_minutes or session_minutes(session),
        "mode": session.mode,
        "led_by": session.led_by_id,
        "notes": session.notes,
    }
    if session.led_by_id is None:
        lead = selectors.next_lead(relationship, list(relationship.sessions.all()))
        initial["led_by"] = lead.pk if lead else None
    form = forms.SessionLogForm(
        request.POST or None,
        initial=initial,
        relationship=relationship,
        open_actions=open_actions,
    )
    return form_page(
        request,
        relationship,
        form,
        lambda d: services.session_log(
            session=session,
            by=request.user,
            held_on=d["held_on"],
            duration_minutes=d["duration_minutes"],
            mode=d["mode"],
            led_by=d["led_by"],
            notes=d["notes"],
            new_actions=d["new_actions"],
            done_actions=list(d["done_actions"]),
        ),
        title=gettext("Log session %(number)s") % {"number": session.number}
        + (gettext(": %(title)s") % {"title": session.title} if session.title else ""),
        intro=gettext("Notes are private to the members of this relationship."),
        success=gettext("Session logged."),
    )


@login_required
@require_GET
def session_ics(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    session = selectors.session_in(relationship=relationship, number=number, user=request.user)
    if session.scheduled_at is None:
        raise Http404("This session has no date yet.")
    response = HttpResponse(
        sessions_calendar(
            [session], name=gettext("Session %(number)s") % {"number": session.number}
        ),
        content_type=ICS_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@login_required
def session_cancel(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    session = selectors.session_in(relationship=relationship, number=number, user=request.user)
    when = (
        gettext(" planned for %(when)s")
        % {"when": local_with_zone(session.scheduled_at, "l j F Y, H:i")}
        if session.scheduled_at
        else ""
    )
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Cancel session %(number)s?") % {"number": session.number},
            consequence=gettext("Session %(number)s%(when)s is cancelled for every member")
            % {"number": session.number, "when": when}
            + (
                gettext(
                    ", and each of you is sent a cancellation that removes it from your calendar."
                )
                if session.scheduled_at
                else "."
            )
            + (
                gettext(
                    " This is the whole conversation: its relationship ends, and the slot "
                    "opens again if the mentee cancels or is withdrawn if the mentor does."
                )
                if relationship.scheme.is_booked
                else gettext(
                    " A cancelled session cannot be planned or logged again;"
                    " you can add a further one."
                )
            ),
            yes=gettext("Yes, cancel the session"),
            back_url=relationship.get_absolute_url(),
        ),
        lambda: services.session_cancel(session=session, by=request.user),
        success=cancellation_news(relationship, request.user, done=gettext("Session cancelled"))
        if session.scheduled_at
        else gettext("Session cancelled."),
        done_url=relationship.get_absolute_url(),
    )


@login_required
def session_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Add a further session?"),
            consequence=gettext(
                "A session is added after the last one, without a date: you can plan "
                "it next. Sessions are kept once added; one you do not hold can be cancelled."
            ),
            yes=gettext("Yes, add a session"),
            back_url=relationship.get_absolute_url(),
            danger=False,
        ),
        lambda: services.session_add(relationship=relationship, by=request.user),
        success=gettext("A further session was added."),
        done_url=relationship.get_absolute_url(),
    )
