"""The member's dashboard: their profile's state, applications and relationships.

A page of the site rather than of one app: it reads accounts, schemes and sessions_log.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.http import AuthenticatedHttpRequest
from accounts.services import profile_get_or_create
from schemes.selectors import applications_for_user
from sessions_log.selectors import relationships_for_user, unread_counts

from .next_steps import next_steps_for


@login_required
def member_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread = unread_counts(user=request.user)
    mine = list(relationships_for_user(user=request.user))
    # each with the other members (prefetched), so the page lists them without seams
    relationships = [
        (rel, unread.get(rel.pk, 0), [m for m in rel.members.all() if m.user_id != request.user.pk])
        for rel in mine
    ]
    profile = profile_get_or_create(user=request.user)
    applications = list(applications_for_user(user=request.user))
    steps = next_steps_for(
        user=request.user,
        relationships=mine,
        unread=unread,
        profile=profile,
        applications=applications,
    )
    return render(
        request,
        "dashboard.html",
        {
            "profile": profile,
            "applications": applications,
            "relationships": relationships,
            "next": steps,
        },
    )
