"""Member portal: a relationship's page, sessions, expectations, goals, actions, ending,
concerns, self-ratings, feedback and the personal calendar feed.

Every view fetches the relationship through ``selectors.relationship_for_user`` (404 for
anyone who is not a member), parses a form, calls one service and redirects.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.emails.links import absolute_url

from . import forms, selectors, services
from .ics import sessions_calendar
from .models import FeedbackQuestion, RatingPhase, Relationship
from .rules import relationship_membership

ICS_TYPE = "text/calendar; charset=utf-8"


def _form_page(
    request: HttpRequest,
    relationship: Relationship,
    form,
    act: Callable[[dict], object],
    *,
    title: str,
    success: str,
    intro: str = "",
    submit: str = "Save",
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``act`` (one service) and go back to the page."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return redirect(relationship)
    return render(
        request,
        "sessions_log/form.html",
        {
            "relationship": relationship,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
        },
        status=400 if request.method == "POST" else 200,
    )


def _post_action(request: HttpRequest, relationship: Relationship, act, success: str):
    try:
        act()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(relationship)


def _relationship(request: HttpRequest, pk: int) -> Relationship:
    return selectors.relationship_for_user(user=request.user, pk=pk)


@login_required
@require_GET
def relationship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    page = selectors.relationship_page(relationship=relationship, user=request.user)
    return render(request, "sessions_log/relationship.html", {"page": page, "r": relationship})


@login_required
def session_plan(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    session = selectors.session_in(relationship=relationship, number=number)
    initial = {"mode": session.mode, "location": session.location}
    if session.scheduled_at:
        initial["scheduled_at"] = session.scheduled_at
    form = forms.SessionPlanForm(request.POST or None, initial=initial)
    rescheduling = session.scheduled_at is not None
    return _form_page(
        request,
        relationship,
        form,
        lambda d: services.session_plan(session=session, by=request.user, **d),
        title=f"{'Reschedule' if rescheduling else 'Plan'} session {session.number}",
        intro="Every member gets a calendar invitation by email.",
        success="Session planned; a calendar invitation is on its way to each of you.",
    )


@login_required
def session_target(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    session = selectors.session_in(relationship=relationship, number=number)
    form = forms.TargetDateForm(request.POST or None, initial={"target_date": session.target_date})
    return _form_page(
        request,
        relationship,
        form,
        lambda d: services.session_set_target_date(session=session, by=request.user, **d),
        title=f"Move the target date of session {session.number}",
        success="Target date moved.",
    )


@login_required
def session_log(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    session = selectors.session_in(relationship=relationship, number=number)
    open_actions = relationship.actions.filter(done_at__isnull=True)
    initial = {
        "held_on": session.held_on or session.target_date,
        "duration_minutes": session.duration_minutes
        or (session.step.expected_minutes if session.step else 60),
        "mode": session.mode,
        "led_by": session.led_by_id,
        "notes": session.notes,
    }
    if session.led_by_id is None:
        lead = selectors.next_lead(relationship, list(relationship.sessions.all()))
        initial["led_by"] = lead.pk if lead else None
    form = forms.SessionLogForm(
        request.POST or None,
        initial=initial,
        relationship=relationship,
        open_actions=open_actions,
    )
    return _form_page(
        request,
        relationship,
        form,
        lambda d: services.session_log(
            session=session,
            by=request.user,
            held_on=d["held_on"],
            duration_minutes=d["duration_minutes"],
            mode=d["mode"],
            led_by=d["led_by"],
            notes=d["notes"],
            new_actions=d["new_actions"],
            done_actions=list(d["done_actions"]),
        ),
        title=f"Log session {session.number}" + (f": {session.title}" if session.title else ""),
        intro="Notes are private to the members of this relationship.",
        success="Session logged.",
    )


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    session = selectors.session_in(relationship=relationship, number=number)
    if session.scheduled_at is None:
        raise Http404("This session has no date yet.")
    response = HttpResponse(
        sessions_calendar([session], name=f"Session {session.number}"), content_type=ICS_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _post_action(
        request,
        relationship,
        lambda: services.session_add(relationship=relationship, by=request.user),
        "A further session was added.",
    )


@login_required
def expectation_add(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _form_page(
        request,
        relationship,
        forms.ExpectationForm(request.POST or None),
        lambda d: services.expectation_add(relationship=relationship, by=request.user, **d),
        title="State an expectation",
        success="Expectation added.",
    )


@login_required
def expectation_ask(request: HttpRequest, pk: int, expectation_pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    expectation = selectors.expectation_in(relationship=relationship, pk=expectation_pk)
    return _form_page(
        request,
        relationship,
        forms.ClarificationRequestForm(request.POST or None),
        lambda d: services.expectation_ask_clarification(
            expectation=expectation, by=request.user, **d
        ),
        title="Ask to clarify an expectation",
        intro=expectation.text,
        success="Your question was added.",
    )


@login_required
def expectation_clarify(request: HttpRequest, pk: int, expectation_pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    expectation = selectors.expectation_in(relationship=relationship, pk=expectation_pk)
    return _form_page(
        request,
        relationship,
        forms.ClarificationForm(request.POST or None),
        lambda d: services.expectation_clarify(expectation=expectation, by=request.user, **d),
        title="Clarify your expectation",
        intro=f"{expectation.text}\n\nQuestion: {expectation.clarification_request}",
        success="Clarification added.",
    )


@login_required
def expectation_decide(request: HttpRequest, pk: int, expectation_pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    expectation = selectors.expectation_in(relationship=relationship, pk=expectation_pk)
    return _form_page(
        request,
        relationship,
        forms.ExpectationDecisionForm(request.POST or None),
        lambda d: services.expectation_decide(expectation=expectation, by=request.user, **d),
        title="Decide on an expectation",
        intro=expectation.text,
        success="Expectation updated.",
    )


@login_required
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _form_page(
        request,
        relationship,
        forms.GoalForm(request.POST or None, relationship=relationship),
        lambda d: services.goal_set(relationship=relationship, by=request.user, **d),
        title="Set a goal",
        success="Goal set.",
    )


@login_required
def goal_review(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    goal = selectors.goal_in(relationship=relationship, pk=goal_pk)
    return _form_page(
        request,
        relationship,
        forms.GoalReviewForm(request.POST or None, initial={"status": goal.status}),
        lambda d: services.goal_review(goal=goal, by=request.user, **d),
        title="Review a goal",
        intro=goal.what,
        success="Progress recorded.",
    )


@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _form_page(
        request,
        relationship,
        forms.ActionForm(request.POST or None, relationship=relationship),
        lambda d: services.action_add(relationship=relationship, by=request.user, **d),
        title="Add an action",
        success="Action added.",
    )


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    action = selectors.action_in(relationship=relationship, pk=action_pk)
    return _post_action(
        request,
        relationship,
        lambda: services.action_complete(action=action, by=request.user),
        "Action done.",
    )


@login_required
def end_early(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _form_page(
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


@login_required
def concern(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _form_page(
        request,
        relationship,
        forms.ConcernForm(request.POST or None),
        lambda d: services.relationship_raise_concern(
            relationship=relationship, by=request.user, **d
        ),
        title="Raise a concern with the coordinator",
        submit="Send to the coordinator",
        success="Your concern was sent to the scheme's coordinator.",
    )


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _post_action(
        request,
        relationship,
        lambda: services.relationship_complete(relationship=relationship, by=request.user),
        "Congratulations: the relationship is complete.",
    )


@login_required
@require_POST
def pause(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    paused = request.POST.get("paused") == "1"
    return _post_action(
        request,
        relationship,
        lambda: services.relationship_set_paused(
            relationship=relationship, by=request.user, paused=paused
        ),
        "Relationship paused." if paused else "Relationship resumed.",
    )


@login_required
@require_POST
def rematch(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    return _post_action(
        request,
        relationship,
        lambda: services.relationship_request_rematch(relationship=relationship, by=request.user),
        "You are back in the matching pool.",
    )


@login_required
def ratings(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    relationship = _relationship(request, pk)
    if phase not in RatingPhase.values:
        raise Http404("No such rating.")
    dimensions = list(relationship.scheme.evaluation_dimensions.all())
    if not dimensions:
        raise Http404("This scheme does not ask for self-ratings.")
    form = forms.SelfRatingForm(request.POST or None, dimensions=dimensions)
    return _form_page(
        request,
        relationship,
        form,
        lambda d: services.self_ratings_record(
            relationship=relationship, by=request.user, phase=phase, scores=form.scores()
        ),
        title=f"Rate yourself: {RatingPhase(phase).label.lower()}",
        intro="Your ratings are confidential; the scheme reports them only in aggregate.",
        success="Thank you: your ratings were saved.",
    )


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    me = relationship_membership(user=request.user, relationship=relationship)
    questions = [
        q
        for q in FeedbackQuestion.objects.filter(scheme_id=relationship.scheme_id)
        if not q.role or q.role == me.role
    ]
    form = forms.FeedbackForm(request.POST or None, questions=questions)
    return _form_page(
        request,
        relationship,
        form,
        lambda d: services.feedback_submit(
            relationship=relationship,
            by=request.user,
            answers=form.answers(),
            share_individually=d["share_individually"],
        ),
        title="Your feedback",
        intro="Your feedback is confidential to the scheme's administrators, who see totals; "
        "they read your answers individually only if you agree below.",
        submit="Send my feedback",
        success="Thank you for your feedback.",
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_reset(user=request.user)
        messages.success(request, "Your calendar link was replaced; the old one stopped working.")
        return redirect("sessions_log:calendar")
    feed = services.calendar_feed_for(user=request.user)
    url = absolute_url(reverse("sessions_log:calendar_feed", kwargs={"token": feed.token}))
    return render(request, "sessions_log/calendar.html", {"feed_url": url})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed: the secret token is the credential (no sign-in)."""
    user, sessions = selectors.sessions_for_feed(token=token)
    body = sessions_calendar(sessions, name=f"Mentoring sessions of {user.display_name}")
    return HttpResponse(body, content_type=ICS_TYPE)
