"""Member portal: my matches, accept or decline, choose from a shortlist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.areas import area_labels
from accounts.availability_people import times_apart, windows_of_profiles
from accounts.http import AuthenticatedHttpRequest
from accounts.photos import PHOTO_CONTENT_TYPE
from core.forms import apply_errors
from core.storage import private_file_response
from sessions_log.flash_selectors import flash_applications_for

from . import directory, profiles, rules, selectors, services
from .forms import (
    ACCEPT,
    DirectoryFilterForm,
    MentorRequestForm,
    NoneSuitForm,
    RequestAnswerForm,
    RespondForm,
)
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
            # Nothing to choose once the mentee chose or declined them all.
            "choosing": rules.choosing_now(user=request.user, proposal=p),
        }
        for p in proposals
    ]
    return render(
        request,
        "matching/proposal_list.html",
        {
            "rows": rows,
            "directories": list(directory.directory_schemes_for(user=request.user)),
            "flash_applications": flash_applications_for(user=request.user),
        },
    )


def _relationship_url(proposal) -> str | None:
    if proposal.relationship is None:
        return None
    try:
        return proposal.relationship.get_absolute_url()
    except NoReverseMatch:  # the relationship pages are not mounted yet
        return None


def _can_answer(proposal, user) -> bool:
    return (
        proposal.status == ProposalStatus.APPROVED
        and proposal.kind != ProposalKind.OPTION
        and _mine(proposal, user).response == Response.PENDING
    )


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for_user(user=request.user, pk=pk)
    form = RespondForm(request.POST or None)
    if request.method == "POST" and _can_answer(proposal, request.user) and form.is_valid():
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
    return _detail_page(request, proposal, form=form)


def _times_apart(proposal) -> bool:
    """Whether the members of ``proposal`` all gave weekly availability and have no time in
    common (their profiles are loaded with the proposal): the page says so, neutrally,
    apart from the reasons, which only speak for the match."""
    applicants = [m.application.applicant for m in proposal.members.all()]
    profiles = [p for a in applicants if (p := getattr(a, "profile", None)) is not None]
    return times_apart(
        windows_of_profiles(profiles), [a.pk for a in applicants], week_of=timezone.localdate()
    )


def _detail_page(
    request: AuthenticatedHttpRequest,
    proposal,
    *,
    form: RespondForm | None = None,
    none_suit_form: NoneSuitForm | None = None,
) -> HttpResponse:
    mine = _mine(proposal, request.user)
    chooser = rules.chooses_shortlist(user=request.user, proposal=proposal)
    # An option's mentor: asked nothing, told only that the mentee is choosing.
    options_mentor = proposal.kind == ProposalKind.OPTION and not chooser
    options = []
    labels = area_labels()
    if proposal.kind == ProposalKind.OPTION and proposal.status == ProposalStatus.APPROVED:
        options = [
            {
                "proposal": o,
                "others": _others(o, request.user),
                "cards": profiles.proposal_cards(proposal=o, viewer=request.user, labels=labels),
                "reasons": o.reasons_for_members(request.user),
            }
            for o in selectors.shortlist_for(proposal=proposal, user=request.user)
        ]
    return render(
        request,
        "matching/proposal_detail.html",
        {
            "proposal": proposal,
            "mine": mine,
            "others": _others(proposal, request.user),
            "cards": profiles.proposal_cards(proposal=proposal, viewer=request.user, labels=labels),
            "reasons": proposal.reasons_for_members(request.user),
            "can_answer": _can_answer(proposal, request.user),
            "form": form if form is not None else RespondForm(),
            "options": options,
            "none_suit_form": none_suit_form if none_suit_form is not None else NoneSuitForm(),
            "options_mentor": options_mentor,
            "awaiting_choice": options_mentor and proposal.status == ProposalStatus.APPROVED,
            # The mentee said none of their options suit them: told so in their own terms.
            "declined_shortlist": chooser and proposal.status == ProposalStatus.DECLINED,
            "relationship_url": _relationship_url(proposal),
            "times_apart": not options and _times_apart(proposal),
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


@login_required
@require_POST
def shortlist_none_suit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "None of these suit me": every option declined with the mentee's note (404 for
    anyone but the shortlist's mentee); a bad note comes back on the page as typed."""
    option = selectors.option_to_choose(user=request.user, pk=pk)
    form = NoneSuitForm(request.POST)
    if form.is_valid():
        try:
            services.shortlist_decline_all(
                option=option, user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you: we have passed your note to the coordinator. You are back "
                    "in the pool for the next round of matching."
                ),
            )
            return redirect("matching:detail", pk=option.pk)
    return _detail_page(request, option, none_suit_form=form)


@login_required
def profile_photo(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponseBase:
    """A member's photo, for the people ``matching.profiles`` says may see it; a 404 for
    anyone else (and for a member who hides it before a match)."""
    profile = profiles.profile_photo_for(viewer=request.user, user_id=user_id)
    return private_file_response(
        profile.photo, filename="photo.jpg", content_type=PHOTO_CONTENT_TYPE, inline=True
    )


# --- member-led matching: the directory and requests -----------------------------------

DIRECTORY_PER_PAGE = 20


@login_required
def mentor_directory(request: AuthenticatedHttpRequest, scheme_pk: int) -> HttpResponse:
    """The scheme's mentors for one of its accepted mentees, filtered, most places left
    first (never by score: ``matching.directory``)."""
    mentee = directory.directory_application(user=request.user, scheme_pk=scheme_pk)
    everyone = directory.mentor_directory(mentee_application=mentee)
    form = DirectoryFilterForm(
        request.GET or None, countries=everyone.countries, languages=everyone.languages
    )
    cards = everyone.cards
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = directory.Filters(
            expertise=data["q_expertise"],
            country=data["q_country"],
            language=data["q_language"],
            mode=data["q_mode"],
            overlap=data["q_overlap"],
        )
        cards = directory.mentor_directory(mentee_application=mentee, filters=filters).cards
    page = Paginator(cards, DIRECTORY_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/directory.html",
        {"scheme": mentee.scheme, "form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def mentor_request(request: AuthenticatedHttpRequest, scheme_pk: int, pk: int) -> HttpResponse:
    """Ask one mentor of the directory, with a message."""
    mentee = directory.directory_application(user=request.user, scheme_pk=scheme_pk)
    mentor = directory.directory_mentor(mentee_application=mentee, pk=pk)
    form = MentorRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_request_create(
                mentee_application=mentee,
                mentor_application=mentor,
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your request has gone to %(name)s. We will email you their answer.")
                % {"name": mentor.applicant.display_name},
            )
            return redirect("matching:requests")
    return render(
        request,
        "matching/request_form.html",
        {"scheme": mentee.scheme, "mentor": mentor, "form": form},
    )


@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The requests the member made and received (messages shown only to these two); a
    received request with its mentee's card as they show it before a match. The requests
    made are a mentee's section: shown to whoever made one or may (a directory of theirs)."""
    rows = list(directory.requests_for_user(user=request.user))
    made = [r for r in rows if r.mentee_application.applicant_id == request.user.pk]
    received = [r for r in rows if r.mentor_application.applicant_id == request.user.pk]
    cards = profiles.requester_cards(requests=received) if received else {}
    directories = set(
        directory.directory_schemes_for(user=request.user).values_list("pk", flat=True)
    )
    return render(
        request,
        "matching/request_list.html",
        {
            "made": made,
            "received": [{"request": r, "card": cards[r.pk]} for r in received],
            "asks": bool(made or directories),
            "directories": directories,
            "answer_form": RequestAnswerForm(),
        },
    )


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentor_request = directory.request_to_answer(user=request.user, pk=pk)
    form = RequestAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline the request."))
        return redirect("matching:requests")
    accept = form.cleaned_data["decision"] == ACCEPT
    try:
        services.mentor_request_answer(
            request=mentor_request,
            user=request.user,
            accept=accept,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Thank you: you accepted the request.") if accept else _("You declined the request."),
        )
    return redirect("matching:requests")


@login_required
@require_POST
def request_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentor_request = directory.request_to_withdraw(user=request.user, pk=pk)
    try:
        services.mentor_request_withdraw(request=mentor_request, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You withdrew your request."))
    return redirect("matching:requests")
