"""A relationship's page and its course: pausing, completing, ending early, raising a
concern, asking to be matched again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from core.confirm import Confirmation, confirm_page

from .. import forms, selectors, services
from ._common import (
    form_page,
    post_action,
    relationship_form_view,
    relationship_of,
    relationship_post_view,
)


@login_required
@require_GET
def relationship_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    page = selectors.relationship_page(relationship=relationship, user=request.user)
    return render(request, "sessions_log/relationship.html", {"page": page, "r": relationship})


@login_required
def end_early(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    return form_page(
        request,
        relationship,
        forms.EndEarlyForm(request.POST or None),
        lambda d: services.relationship_end_early(
            relationship=relationship,
            by=request.user,
            reason=d["reason"],
            wants_rematch=d["wants_rematch"],
        ),
        title=gettext("End this relationship early"),
        intro=gettext(
            "Relationships sometimes end early; nobody is at fault. The coordinator is told."
        ),
        submit=gettext("End the relationship"),
        success=gettext("The relationship has ended. Thank you for taking part."),
    )


concern = relationship_form_view(
    forms.ConcernForm,
    services.relationship_raise_concern,
    title=_("Raise a concern with the coordinator"),
    submit=_("Send to the coordinator"),
    success=_("Your concern was sent to the scheme's coordinator."),
)


@login_required
def complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Mark the relationship complete?"),
            consequence=gettext(
                "The relationship ends: its remaining planned sessions are cancelled "
                "and nothing more can be planned or logged in it. Each of you is then asked for "
                "feedback."
            ),
            yes=gettext("Yes, mark it complete"),
            back_url=relationship.get_absolute_url(),
            danger=False,
        ),
        lambda: services.relationship_complete(relationship=relationship, by=request.user),
        success=gettext("Congratulations: the relationship is complete."),
        done_url=relationship.get_absolute_url(),
    )


rematch = relationship_post_view(
    services.relationship_request_rematch, _("You are back in the matching pool.")
)


@login_required
def pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Pause (after a confirmation: reminders stop for everyone) or resume (at once)."""
    relationship = relationship_of(request, pk)
    if request.method == "POST" and request.POST.get("paused") == "0":
        return post_action(
            request,
            relationship,
            lambda: services.relationship_set_paused(
                relationship=relationship, by=request.user, paused=False
            ),
            gettext("Relationship resumed."),
        )
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Pause the relationship?"),
            consequence=gettext(
                "Session reminders stop for every member, and planned sessions stop "
                "appearing as things to do and leave your calendar feeds, until one of you "
                "resumes it from this page. Your partners are emailed."
            ),
            yes=gettext("Yes, pause it"),
            back_url=relationship.get_absolute_url(),
            danger=False,
        ),
        lambda: services.relationship_set_paused(
            relationship=relationship, by=request.user, paused=True
        ),
        success=gettext("Relationship paused."),
        done_url=relationship.get_absolute_url(),
    )


@login_required
def facilitator_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A circle member accepts or declines the facilitator proposed to them (404 when
    nothing awaits their answer)."""
    relationship = relationship_of(request, pk)
    consent = selectors.facilitator_consent_for(relationship=relationship, user=request.user)
    name = consent.facilitator.display_name
    return form_page(
        request,
        relationship,
        forms.FacilitatorAnswerForm(request.POST or None),
        lambda d: services.facilitator_answer(
            relationship=relationship, by=request.user, accept=d["decision"] == "accept"
        ),
        title=gettext("Accept %(name)s as your circle's facilitator?") % {"name": name},
        intro=gettext(
            "The coordinator proposes %(name)s as the facilitator of your "
            "circle. They join only if every member accepts, and read "
            "only what the circle writes after they join."
        )
        % {"name": name},
        success=gettext("Thank you: your answer is recorded."),
        submit=gettext("Send my answer"),
    )
