"""The member's consents page: what they agreed to and when (``accounts.ConsentRecord``),
and the switches to withdraw or give each consent again. A page of the site because it
reads several apps (the history is accounts', the feedback consent sessions_log's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.consents import consent_history
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Profile
from accounts.profile_cards import ProfilePart
from accounts.services import profile_visibility_set
from sessions_log.models import FeedbackResponse
from sessions_log.models.feedback import CONSENT
from sessions_log.services import feedback_consent_set


@login_required
def consents(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: current consents and their history; POST: withdraw or give one (the member's
    own feedback only: anyone else's, or an unknown id, is a 404)."""
    feedback = FeedbackResponse.objects.filter(user=request.user).select_related(
        "relationship__scheme"
    )
    if request.method == "POST" and "profile_part" in request.POST:
        return _profile_part_withdraw(request)
    if request.method == "POST":
        pk = request.POST.get("response", "")
        share = request.POST.get("share")
        response = feedback.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 19 else None
        if response is None or share not in ("0", "1"):
            raise Http404
        feedback_consent_set(response=response, share_individually=share == "1", by=request.user)
        messages.success(
            request,
            _("Consent given.")
            if share == "1"
            else _(
                "Consent withdrawn: nobody reads this feedback "
                "individually from now on and no report quotes it."
            ),
        )
        return redirect("consents")
    return render(
        request,
        "member_data/consents.html",
        {
            "feedback": feedback.order_by("-submitted_at", "-pk"),
            "feedback_consent": CONSENT,
            "history": consent_history(user=request.user),
            "profile_shown": _profile_shown(request.user),
        },
    )


def _profile_shown(user) -> list[ProfilePart]:
    profile = Profile.objects.filter(user=user).first()
    chosen = set(profile.shown_before_match or ()) if profile else set()
    return [part for part in ProfilePart if part.value in chosen]


def _profile_part_withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Stop showing one part of the member's profile before a match (a part they do not
    show is a 404: nothing to withdraw)."""
    part = request.POST.get("profile_part", "")
    shown = [p.value for p in _profile_shown(request.user)]
    if part not in shown:
        raise Http404
    profile_visibility_set(
        user=request.user, parts=[p for p in shown if p != part], source="consents page"
    )
    messages.success(
        request,
        _("Consent withdrawn: people proposed as your partners no longer see your %(part)s.")
        % {"part": ProfilePart(part).label.lower()},
    )
    return redirect("consents")
