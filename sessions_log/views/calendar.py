"""The member's personal calendar feed of their sessions: the page with its secret link,
and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from accounts.emails.links import absolute_url
from accounts.http import AuthenticatedHttpRequest

from .. import selectors, services
from ..ics import sessions_calendar
from ._common import ICS_TYPE


@login_required
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_reset(user=request.user)
        messages.success(
            request, gettext("Your calendar link was replaced; the old one stopped working.")
        )
        return redirect("sessions_log:calendar")
    feed = services.calendar_feed_for(user=request.user)
    url = absolute_url(reverse("sessions_log:calendar_feed", kwargs={"token": feed.token}))
    return render(request, "sessions_log/calendar.html", {"feed_url": url})


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
