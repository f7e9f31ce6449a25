"""At the start and end of a relationship: self-ratings (pilot schemes) and feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User

from .. import forms, services
from ..models import FeedbackQuestion, FeedbackResponse, RatingPhase, Relationship
from ..rules import relationship_membership
from ._common import form_page, relationship_of


@login_required
def ratings(request: AuthenticatedHttpRequest, pk: int, phase: str) -> HttpResponse:
    relationship = relationship_of(request, pk)
    if phase not in RatingPhase.values:
        raise Http404("No such rating.")
    dimensions = list(relationship.scheme.evaluation_dimensions.all())
    if not dimensions:
        raise Http404("This scheme does not ask for self-ratings.")
    form = forms.SelfRatingForm(request.POST or None, dimensions=dimensions)
    return form_page(
        request,
        relationship,
        form,
        lambda d: services.self_ratings_record(
            relationship=relationship, by=request.user, phase=phase, scores=form.scores()
        ),
        title=gettext("Rate yourself: %(phase)s") % {"phase": RatingPhase(phase).label.lower()},
        intro=gettext("Your ratings are confidential; the scheme reports them only in aggregate."),
        success=gettext("Thank you: your ratings were saved."),
    )


def _feedback_closed(relationship: Relationship, user: User) -> str:
    """Why the feedback form is not open to ``user`` now (empty when it is), in the words
    ``services.feedback_submit`` would refuse it with."""
    if not relationship.has_ended:
        return gettext(
            "Feedback is given when the relationship has ended: we will ask you for it then."
        )
    if FeedbackResponse.objects.filter(relationship=relationship, user=user).exists():
        return gettext("You have already given feedback on this relationship. Thank you.")
    return ""


@login_required
def feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    relationship = relationship_of(request, pk)
    me = relationship_membership(user=request.user, relationship=relationship)
    assert me is not None  # relationship_of found it among the user's relationships
    closed = _feedback_closed(relationship, request.user)
    if closed:  # no form to fill in that would only be refused
        messages.info(request, closed)
        return redirect("sessions_log:relationship", pk=relationship.pk)
    questions = [
        q
        for q in FeedbackQuestion.objects.filter(scheme_id=relationship.scheme_id)
        if not q.role or q.role == me.role
    ]
    form = forms.FeedbackForm(request.POST or None, questions=questions)
    return form_page(
        request,
        relationship,
        form,
        lambda d: services.feedback_submit(
            relationship=relationship,
            by=request.user,
            answers=form.answers(),
            share_individually=d["share_individually"],
        ),
        title=gettext("Your feedback"),
        intro=gettext(
            "Your feedback is confidential to the scheme's administrators, who see totals; "
            "they read your answers individually only if you agree below."
        ),
        submit=gettext("Send my feedback"),
        success=gettext("Thank you for your feedback."),
    )
