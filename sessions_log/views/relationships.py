"""A relationship's page and its course: pausing, completing, ending early, raising a
concern, asking to be matched again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest

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
        title="End this relationship early",
        intro="Relationships sometimes end early; nobody is at fault. The coordinator is told.",
        submit="End the relationship",
        success="The relationship has ended. Thank you for taking part.",
    )


concern = relationship_form_view(
    forms.ConcernForm,
    services.relationship_raise_concern,
    title="Raise a concern with the coordinator",
    submit="Send to the coordinator",
    success="Your concern was sent to the scheme's coordinator.",
)
complete = relationship_post_view(
    services.relationship_complete, "Congratulations: the relationship is complete."
)
rematch = relationship_post_view(
    services.relationship_request_rematch, "You are back in the matching pool."
)


@login_required
@require_POST
def pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    paused = request.POST.get("paused") == "1"
    return post_action(
        request,
        relationship,
        lambda: services.relationship_set_paused(
            relationship=relationship, by=request.user, paused=paused
        ),
        "Relationship paused." if paused else "Relationship resumed.",
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
        title=f"Accept {name} as your circle's facilitator?",
        intro=f"The coordinator proposes {name} as the facilitator of your circle. They join "
        "only if every member accepts, and read only what the circle writes after they join.",
        success="Thank you: your answer is recorded.",
        submit="Send my answer",
    )
