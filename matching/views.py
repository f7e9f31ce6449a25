"""Member portal: my matches, accept or decline, choose from a shortlist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest

from . import rules, selectors, services
from .forms import ACCEPT, RespondForm
from .models import ProposalKind, ProposalStatus, Response


def _others(proposal, user) -> list:
    return [m for m in proposal.members.all() if m.application.applicant_id != user.pk]


def _mine(proposal, user):
    return next(m for m in proposal.members.all() if m.application.applicant_id == user.pk)


@login_required
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    proposals = list(selectors.proposals_for_user(user=request.user))
    rows = [
        {
            "proposal": p,
            "others": _others(p, request.user),
            "mine": _mine(p, request.user),
            # An option's mentor sees their own option only, not that others compete.
            "chooses": rules.chooses_shortlist(user=request.user, proposal=p),
        }
        for p in proposals
    ]
    return render(request, "matching/proposal_list.html", {"rows": rows})


def _relationship_url(proposal) -> str | None:
    if proposal.relationship is None:
        return None
    try:
        return proposal.relationship.get_absolute_url()
    except NoReverseMatch:  # the relationship pages are not mounted yet
        return None


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for_user(user=request.user, pk=pk)
    mine = _mine(proposal, request.user)
    can_answer = (
        proposal.status == ProposalStatus.APPROVED
        and proposal.kind != ProposalKind.OPTION
        and mine.response == Response.PENDING
    )
    form = RespondForm(request.POST or None)
    if request.method == "POST" and can_answer and form.is_valid():
        accept = form.cleaned_data["decision"] == ACCEPT
        try:
            services.proposal_respond(
                proposal=proposal,
                user=request.user,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                gettext("Thank you: you accepted this match.")
                if accept
                else gettext(
                    "You declined this match; you are back in the pool for the next round."
                ),
            )
        return redirect("matching:detail", pk=proposal.pk)
    options = []
    if proposal.kind == ProposalKind.OPTION and proposal.status == ProposalStatus.APPROVED:
        options = [
            {"proposal": o, "others": _others(o, request.user)}
            for o in selectors.shortlist_for(proposal=proposal, user=request.user)
        ]
    return render(
        request,
        "matching/proposal_detail.html",
        {
            "proposal": proposal,
            "mine": mine,
            "others": _others(proposal, request.user),
            "can_answer": can_answer,
            "form": form,
            "options": options,
            "awaiting_choice": proposal.kind == ProposalKind.OPTION and not options,
            "relationship_url": _relationship_url(proposal),
        },
    )


@login_required
@require_POST
def shortlist_choose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    option = selectors.option_to_choose(user=request.user, pk=pk)
    try:
        services.shortlist_choose(option=option, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, gettext("Thank you: we have asked your chosen partner to accept.")
        )
    return redirect("matching:detail", pk=option.pk)
