"""Reflections: the author writes, edits and deletes; a partner reads shared ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from core.confirm import Confirmation, confirm_page
from core.forms import apply_errors

from .. import selectors, services
from ..forms import ReflectionForm
from ..models import Reflection, ReflectionModel, SchemeCpdSetting
from ..prompts import sections


@login_required
def reflection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "cpd/reflection_list.html",
        {
            "mine": selectors.reflections_for_author(user=request.user),
            "shared": selectors.reflections_shared_with(user=request.user),
            "awaiting": selectors.sessions_awaiting_reflection(user=request.user),
        },
    )


@login_required
def reflection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reflection = selectors.reflection_visible_to(user=request.user, pk=pk)
    return render(
        request,
        "cpd/reflection_detail.html",
        {
            "reflection": reflection,
            "sections": sections(reflection.model, reflection.entries),
            "is_author": reflection.author_id == request.user.pk,
        },
    )


def _chosen_model(request: HttpRequest, default: str) -> str:
    for chosen in (request.POST.get("model"), request.GET.get("model")):
        if chosen in ReflectionModel.values:
            return chosen
    return default


def _scheme_model(scheme) -> str:
    setting = SchemeCpdSetting.objects.filter(scheme=scheme).first()
    return setting.reflection_model if setting else ReflectionModel.WHAT_SO_WHAT


def _reflection_form(
    request: AuthenticatedHttpRequest, *, reflection: Reflection | None, model: str, initial: dict
) -> HttpResponse:
    form = ReflectionForm(request.POST or None, user=request.user, model=model, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complete = "complete" in request.POST
        try:
            saved = services.reflection_save(
                author=request.user,
                reflection=reflection,
                title=data["title"],
                model=data["model"],
                entries=form.entries(),
                complete=complete,
                reflected_on=data["reflected_on"],
                session=data["session"],
                relationship=data["relationship"],
                goal=data["goal"],
                event=data["event"],
                shared_with_partner=data["shared_with_partner"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if complete:
                messages.success(request, "Your reflection is saved.")
                return redirect(saved)
            messages.success(request, "Your draft is saved.")
            return redirect("cpd:reflection_edit", pk=saved.pk)
    models = [
        (value, label, f"{request.path}?model={value}") for value, label in ReflectionModel.choices
    ]
    return render(
        request,
        "cpd/reflection_form.html",
        {"form": form, "reflection": reflection, "model": model, "models": models},
    )


@login_required
def reflection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    model = _chosen_model(request, ReflectionModel.WHAT_SO_WHAT)
    initial = {"reflected_on": timezone.localdate(), "model": model}
    return _reflection_form(request, reflection=None, model=model, initial=initial)


@login_required
def reflection_for_session(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """The link target of the reflection-prompt email: a reflection on one held session."""
    session = selectors.held_session_for_user(user=request.user, pk=session_id)
    model = _chosen_model(request, _scheme_model(session.relationship.scheme))
    initial = {
        "title": f"Session {session.number}" + (f": {session.title}" if session.title else ""),
        "reflected_on": timezone.localdate(),
        "session": session.pk,
        "relationship": session.relationship_id,
        "model": model,
    }
    return _reflection_form(request, reflection=None, model=model, initial=initial)


@login_required
def reflection_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reflection = selectors.reflection_for_author(user=request.user, pk=pk)
    model = _chosen_model(request, reflection.model)
    initial = {
        "title": reflection.title,
        "model": model,
        "reflected_on": reflection.reflected_on,
        "session": reflection.session_id,
        "relationship": reflection.relationship_id,
        "goal": reflection.goal_id,
        "event": reflection.event_id,
        "shared_with_partner": reflection.shared_with_partner,
        **{f"entry_{k}": v for k, v in reflection.entries.items()},
    }
    return _reflection_form(request, reflection=reflection, model=model, initial=initial)


@login_required
def reflection_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reflection = selectors.reflection_for_author(user=request.user, pk=pk)
    return confirm_page(
        request,
        Confirmation(
            title="Delete this reflection?",
            consequence="Everything you wrote in it is deleted, and it leaves your CPD "
            "portfolio (and your partner's view, if you shared it). This cannot be undone.",
            yes="Yes, delete the reflection",
            back_url=reverse("cpd:reflection", kwargs={"pk": reflection.pk}),
        ),
        lambda: services.reflection_delete(author=request.user, reflection=reflection),
        success="The reflection is deleted.",
        done_url=reverse("cpd:reflections"),
    )
