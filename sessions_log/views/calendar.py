"""The member's personal calendar feed of their sessions: the page with its secret link,
replacing that link (after a confirmation), and the feed itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from accounts.emails.links import absolute_url
from accounts.http import AuthenticatedHttpRequest
from core.confirm import Confirmation, confirm_page

from .. import selectors, services
from ..ics import sessions_calendar
from ._common import ICS_TYPE


@login_required
@require_GET
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed = services.calendar_feed_for(user=request.user)
    url = absolute_url(reverse("sessions_log:calendar_feed", kwargs={"token": feed.token}))
    return render(request, "sessions_log/calendar.html", {"feed_url": url})


@login_required
def calendar_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Replace the feed's secret address, once the member confirms: every calendar program
    subscribed to the old one stops receiving sessions."""
    page = reverse("sessions_log:calendar")
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Replace your calendar address?"),
            consequence=gettext(
                "The current address stops working at once: every calendar program "
                "subscribed to it stops showing your sessions until you subscribe to the new "
                "address. Do this if someone else may have the address."
            ),
            yes=gettext("Yes, replace the address"),
            back_url=page,
        ),
        lambda: services.calendar_feed_reset(user=request.user),
        success=gettext("Your calendar link was replaced; the old one stopped working."),
        done_url=page,
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed: the secret token is the credential (no sign-in)."""
    user, sessions = selectors.sessions_for_feed(token=token)
    body = sessions_calendar(
        sessions,
        name=gettext("Mentoring sessions of %(display_name)s")
        % {"display_name": user.display_name},
    )
    return HttpResponse(body, content_type=ICS_TYPE)
