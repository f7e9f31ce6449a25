"""What the members agree between themselves: expectations (stated, clarified, decided),
goals (set and reviewed) and actions (added and done)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest

from .. import forms, selectors, services
from ..models import Expectation
from ._common import form_page, post_action, relationship_form_view, relationship_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

expectation_add = relationship_form_view(
    forms.ExpectationForm,
    services.expectation_add,
    title=_("State an expectation"),
    success=_("Expectation added."),
)


def _expectation_form_view(
    form_class: type[Form],
    service: Callable[..., object],
    *,
    title: StrOrPromise,
    intro: Callable[[Expectation], str],
    success: StrOrPromise,
    check: Callable[..., None],
) -> Callable[[AuthenticatedHttpRequest, int, int], HttpResponse]:
    """A view of ``form_class`` about one expectation of the member's relationship that, on a
    valid POST, calls ``service(expectation=..., by=member, **cleaned_data)``. A member
    ``check`` refuses (the author deciding on their own expectation, say) is sent back to the
    relationship page with the reason, on a GET as on a POST: the form is never shown."""

    @login_required
    def view(request: AuthenticatedHttpRequest, pk: int, expectation_pk: int) -> HttpResponse:
        relationship = relationship_of(request, pk)
        expectation = selectors.expectation_in(
            relationship=relationship, pk=expectation_pk, user=request.user
        )
        try:
            check(expectation=expectation, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(relationship)
        return form_page(
            request,
            relationship,
            form_class(request.POST or None),
            lambda d: service(expectation=expectation, by=request.user, **d),
            title=title,
            intro=intro(expectation),
            success=success,
        )

    return view


expectation_ask = _expectation_form_view(
    forms.ClarificationRequestForm,
    services.expectation_ask_clarification,
    title=_("Ask to clarify an expectation"),
    intro=lambda e: e.text,
    success=_("Your question was added."),
    check=services.expectation_check_ask,
)
expectation_clarify = _expectation_form_view(
    forms.ClarificationForm,
    services.expectation_clarify,
    title=_("Clarify your expectation"),
    intro=lambda e: (
        gettext("%(text)s\n\nQuestion: %(clarification_request)s")
        % {"text": e.text, "clarification_request": e.clarification_request}
    ),
    success=_("Clarification added."),
    check=services.expectation_check_clarify,
)
expectation_decide = _expectation_form_view(
    forms.ExpectationDecisionForm,
    services.expectation_decide,
    title=_("Decide on an expectation"),
    intro=lambda e: e.text,
    success=_("Expectation updated."),
    check=services.expectation_check_decide,
)

goal_add = relationship_form_view(
    forms.GoalForm,
    services.goal_set,
    title=_("Set a goal"),
    success=_("Goal set."),
    form_needs_relationship=True,
)


@login_required
def goal_review(request: AuthenticatedHttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    goal = selectors.goal_in(relationship=relationship, pk=goal_pk, user=request.user)
    return form_page(
        request,
        relationship,
        forms.GoalReviewForm(request.POST or None, initial={"status": goal.status}),
        lambda d: services.goal_review(goal=goal, by=request.user, **d),
        title=gettext("Review a goal"),
        intro=goal.what,
        success=gettext("Progress recorded."),
    )


@login_required
def goal_edit(request: AuthenticatedHttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    """Edit a goal; the page lists its earlier versions (who changed it, and when)."""
    relationship = relationship_of(request, pk)
    goal = selectors.goal_in(relationship=relationship, pk=goal_pk, user=request.user)
    fields = ("what", "why", "success_looks_like", "target_date")
    return form_page(
        request,
        relationship,
        forms.GoalEditForm(request.POST or None, initial={f: getattr(goal, f) for f in fields}),
        lambda d: services.goal_edit(goal=goal, by=request.user, **d),
        title=gettext("Edit a goal"),
        success=gettext("Goal saved; its earlier version is kept."),
        extra={"versions": selectors.goal_versions(goal=goal)},
    )


action_add = relationship_form_view(
    forms.ActionForm,
    services.action_add,
    title=_("Add an action"),
    success=_("Action added."),
    form_needs_relationship=True,
)


@login_required
@require_POST
def action_done(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    action = selectors.action_in(relationship=relationship, pk=action_pk, user=request.user)
    return post_action(
        request,
        relationship,
        lambda: services.action_complete(action=action, by=request.user),
        gettext("Action done."),
    )
