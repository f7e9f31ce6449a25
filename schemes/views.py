from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.areas import area_text
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Profile
from core import autosave
from core.confirm import Confirmation, confirm_page

from . import selectors, services
from .forms import (
    SAVE_DRAFT,
    SUBMIT,
    ApplicationForm,
    PreparationForm,
    RsvpForm,
    StartApplicationForm,
    SubscriptionForm,
    answer_display,
)
from .ics import event_calendar
from .models import Application, ApplicationStatus, EventAttendance, Question, Role
from .models import ApplicationForm as FormDefinition
from .subscription_views import subscribed_state

WAITLISTED = _(
    "Your application is submitted and on the waiting list: more mentees are waiting than "
    "the scheme's mentors have places. We have emailed you; places are offered in the order "
    "people applied."
)


def home(request: HttpRequest) -> HttpResponse:
    schemes = list(selectors.public_schemes())
    return render(request, "schemes/home.html", {"schemes": schemes})


def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = get_object_or_404(selectors.public_schemes(), slug=slug)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = SubscriptionForm(request.POST or None, scheme=scheme, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = services.subscription_request(
            scheme=scheme,
            by=request.user if request.user.is_authenticated else None,
            **form.cleaned_data,
        )
        if done:
            messages.success(
                request,
                gettext("Thank you: we will keep you posted about %(name)s.")
                % {"name": scheme.name},
            )
        else:
            messages.success(
                request,
                gettext(
                    "Nearly done: we have emailed a link to %(email)s. Your "
                    "choice takes effect when you open it (within 7 days)."
                )
                % {"email": form.cleaned_data["email"]},
            )
        return redirect(scheme.get_absolute_url())
    events = scheme.events.filter(
        kind__in=["launch", "briefing", "mentor_preparation"], starts_at__gte=timezone.now()
    )
    return render(
        request,
        "schemes/scheme_detail.html",
        {
            "scheme": scheme,
            "form": form,
            "events": events,
            "news": scheme.news.filter(published_at__isnull=False)[:5],
            "subscribed": subscribed_state(request, scheme),
        },
    )


@login_required
def application_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    scheme = get_object_or_404(selectors.public_schemes(), slug=slug)
    profile = Profile.objects.filter(user=request.user).first()
    roles = [
        r
        for r in services.eligible_roles(scheme=scheme, profile=profile)
        if scheme.recruitment_open_for(r)
    ]
    form = StartApplicationForm(request.POST or None, scheme=scheme, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                scheme=scheme, applicant=request.user, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(application.get_absolute_url())
    # why each role the member cannot apply for is closed to them: eligibility, then dates
    why_not = [
        services.eligibility_error(scheme=scheme, profile=profile, role=r)
        or scheme.recruitment_closed_text(r)
        for r in scheme.roles
        if r not in roles
    ]
    return render(
        request,
        "schemes/application_start.html",
        {"scheme": scheme, "form": form, "roles": roles, "profile": profile, "why_not": why_not},
    )


def _questions(application):
    definition = FormDefinition.objects.filter(
        scheme=application.scheme, role=application.role
    ).first()
    if definition is None:
        return definition, Question.objects.none()
    return definition, definition.questions.all()


def _draft_form(request: HttpRequest, application: Application, questions) -> ApplicationForm:
    """The posted data checked as a draft (required answers not enforced)."""
    return ApplicationForm(
        request.POST,
        initial=ApplicationForm.initial_from(application),  # keeps a retired area chosen
        scheme=application.scheme,
        role=application.role,
        questions=list(questions),
        submitting=False,
    )


def _save_as_draft(
    request: HttpRequest, application: Application, questions: list[Question]
) -> Application:
    """Keep what was typed even though it cannot be submitted yet: the same data checked as
    a draft is saved when it is valid."""
    draft = _draft_form(request, application, questions)
    if not draft.is_valid():
        return application
    return services.application_save_draft(application=application, data=draft.application_data())


@login_required
@require_POST
def application_autosave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the draft while the applicant types (static/js/autosave.js): JSON with the time
    it was saved, or why not (an answer that is not valid even for a draft; an application
    already submitted)."""
    application = selectors.application_for_user(user=request.user, pk=pk)
    if not application.is_editable:
        return autosave.not_saved(gettext("This application has been submitted."), status=409)
    draft = _draft_form(request, application, _questions(application)[1])
    if not draft.is_valid():
        return autosave.invalid(draft)
    try:
        services.application_save_draft(application=application, data=draft.application_data())
    except ValidationError as exc:  # submitted in another tab meanwhile
        return autosave.not_saved(" ".join(exc.messages), status=409)
    return autosave.saved()


def _mentor_offers(application: Application, profile: Profile | None) -> str | None:
    """A mentor's areas to offer as matching reads them (their profile's expertise: the
    mentor's form asks none of its own), or None for another role."""
    if application.role != Role.MENTOR:
        return None
    return area_text(profile.expertise) if profile else ""


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, pk=pk)
    definition, questions = _questions(application)
    questions = list(questions)
    if not application.is_editable:
        stored = application.answers or {}
        answers = [(q, answer_display(q, stored.get(str(q.pk)))) for q in questions]
        return render(
            request,
            "schemes/application_view.html",
            {"application": application, "answers": answers},
        )
    submitting = request.method == "POST" and SUBMIT in request.POST
    profile = Profile.objects.filter(user=request.user).first()
    profile_refused = False  # shown once, as the profile's own message with its link
    form = ApplicationForm(
        request.POST or None,
        initial=ApplicationForm.initial_from(application),
        scheme=application.scheme,
        role=application.role,
        questions=questions,
        submitting=submitting,
    )
    if request.method == "POST" and form.is_valid():
        application = services.application_save_draft(
            application=application, data=form.application_data()
        )
        if not submitting:
            messages.success(request, gettext("Draft saved. You can come back to it at any time."))
            return redirect(application.get_absolute_url())
        try:
            application = services.application_submit(application=application, by=request.user)
        except ValidationError as exc:
            if getattr(exc, "code", None) == services.PROFILE_INCOMPLETE:
                profile_refused = True
            else:
                form.add_error(None, exc)
        else:
            if application.status == ApplicationStatus.WAITLISTED:
                messages.warning(request, WAITLISTED)
            else:
                messages.success(
                    request, gettext("Thank you: your application has been submitted.")
                )
            return redirect("dashboard")
    elif request.method == "POST":
        if submitting:
            application = _save_as_draft(request, application, questions)
        messages.error(
            request, gettext("Please correct the highlighted answers; nothing you typed is lost.")
        )
    return render(
        request,
        "schemes/application_form.html",
        {
            "application": application,
            "form": form,
            "definition": definition,
            "role_label": application.scheme.role_label(application.role),
            "profile": profile,
            "profile_refused": profile_refused,
            "offers": _mentor_offers(application, profile),
            "save_draft": SAVE_DRAFT,
            "submit": SUBMIT,
        },
    )


@login_required
def application_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, pk=pk)
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Withdraw your application to %(name)s?")
            % {"name": application.scheme.name},
            consequence=gettext(
                "Your application leaves the scheme: you will not be matched from it, "
                "and it cannot be sent again. To take part later, you would apply afresh."
            ),
            yes=gettext("Yes, withdraw my application"),
            back_url=application.get_absolute_url(),
        ),
        lambda: services.application_withdraw(application=application, by=request.user),
        success=gettext("Your application has been withdrawn."),
        done_url=reverse("dashboard"),
    )


@login_required
def event_rsvp(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_member(user=request.user, pk=pk)
    reply = EventAttendance.objects.filter(event=event, user=request.user).first()
    # The form starts from the current reply, so "Send reply" never flips it unseen.
    form = RsvpForm(request.POST or None, initial={"rsvp": reply.rsvp} if reply else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_rsvp(event=event, user=request.user, rsvp=form.cleaned_data["rsvp"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("Your reply is recorded."))
            mine = selectors.member_events(user=request.user).filter(pk=event.pk).exists()
            return redirect("schemes:my_events" if mine else event.scheme.get_absolute_url())
    context = {"event": event, "form": form, "reply": reply}
    return render(request, "schemes/event_rsvp.html", context)


@login_required
def event_calendar_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The event's calendar file, to add it to the member's own calendar."""
    event = selectors.event_for_member(user=request.user, pk=pk)
    response = HttpResponse(event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@login_required
def my_events(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's upcoming events, with their replies."""
    events = list(selectors.member_events(user=request.user))
    replies = dict(
        EventAttendance.objects.filter(user=request.user, event__in=events).values_list(
            "event_id", "rsvp"
        )
    )
    rows = [(event, replies.get(event.pk)) for event in events]
    return render(request, "schemes/my_events.html", {"rows": rows})


@login_required
def preparation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What the scheme requires before matching, and the online module to complete it."""
    application = selectors.application_for_user(user=request.user, pk=pk)
    scheme = application.scheme
    if not scheme.preparation_required:
        raise Http404("This scheme asks for no preparation.")
    due = next(
        (
            d
            for d in selectors.preparation_due_for(user=request.user)
            if d.application == application
        ),
        None,
    )
    module = getattr(scheme, "preparation_module", None)
    form = PreparationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.preparation_module_complete(
                application=application,
                code_of_conduct_accepted=form.cleaned_data["code_of_conduct_accepted"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("Thank you: your preparation is complete."))
            return redirect("dashboard")
    context = {
        "application": application,
        "scheme": scheme,
        "due": due,
        "module": module,
        "form": form,
        "role_label": scheme.role_label(application.role),
    }
    return render(request, "schemes/preparation.html", context)
