"""Reflections: the author writes, edits and deletes; a partner reads shared ones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core import autosave
from core.confirm import Confirmation, confirm_page
from core.forms import apply_errors
from core.zones import local_with_zone

from .. import selectors, services
from ..forms import ReflectionForm
from ..models import Reflection, ReflectionModel, ReflectionStatus, SchemeCpdSetting
from ..prompts import carry_entries, sections

UNTITLED = _("Untitled reflection")
SAVED_AT = "cpd_reflection_saved_at"  # session key: "Saved at" for the next page


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


def _switched(request: AuthenticatedHttpRequest, model: str) -> dict:
    """What was posted, as the initial data of the form under the newly chosen model: the
    answers carried to its prompts (``carry_entries``), nothing dropped."""
    posted = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    entries = {k.removeprefix("entry_"): v for k, v in posted.items() if k.startswith("entry_")}
    initial = {k: v for k, v in posted.items() if not k.startswith("entry_")}
    initial["model"] = model
    initial.update({f"entry_{k}": v for k, v in carry_entries(entries, model).items()})
    return initial


def _render(
    request: AuthenticatedHttpRequest,
    *,
    form: ReflectionForm,
    reflection: Reflection | None,
    model: str,
    unsaved: bool = False,
) -> HttpResponse:
    """The form; ``unsaved`` when it comes back holding text that is not saved (the page
    then counts as changed: it autosaves if it can, and leaving it asks first)."""
    if reflection is not None and reflection.status != ReflectionStatus.DRAFT:
        autosave_url = ""  # a complete reflection changes only when its author saves it
    elif reflection is not None:
        autosave_url = reverse("cpd:reflection_autosave", args=[reflection.pk])
    else:
        autosave_url = reverse("cpd:reflection_autosave_new")
    context = {
        "form": form,
        "reflection": reflection,
        "model": model,
        "models": ReflectionModel.choices,
        "autosave_url": autosave_url,
        "unsaved": unsaved,
        "saved_at": request.session.pop(SAVED_AT, ""),
    }
    return render(request, "cpd/reflection_form.html", context)


def _saved_now(request: AuthenticatedHttpRequest) -> None:
    """Say "Saved at 10:42" beside the buttons of the next page, as an autosave does."""
    request.session[SAVED_AT] = local_with_zone(timezone.now(), "H:i")  # as autosave says it


def _is_draft(reflection: Reflection | None) -> bool:
    return reflection is None or reflection.status == ReflectionStatus.DRAFT


def _switch(
    request: AuthenticatedHttpRequest, *, reflection: Reflection | None, model: str
) -> HttpResponse:
    """A model button: what was typed, carried to the prompts of ``model`` (``_switched``),
    is saved as the draft under that model (an untitled one as "Untitled reflection") and
    its page opens. A complete reflection changes only with its own buttons: it is shown
    switched, not saved; so is a draft that cannot be saved (the form says why)."""
    initial = _switched(request, model)
    if _is_draft(reflection):
        data = {**initial, "title": str(initial.get("title", "")).strip() or str(UNTITLED)}
        bound = ReflectionForm(data, user=request.user, model=model)
        saved = None
        if bound.is_valid():
            try:
                saved = _save(request, bound, reflection=reflection, complete=False)
            except ValidationError as exc:
                apply_errors(bound, exc)
        if saved is not None:
            _saved_now(request)
            messages.success(
                request,
                gettext("Your draft is saved under %(model)s, with everything you typed.")
                % {"model": ReflectionModel(model).label},
            )
            return redirect("cpd:reflection_edit", pk=saved.pk)
        data["title"] = initial.get("title", "")  # shown as typed, with why it is not saved
        return _render(request, form=bound, reflection=reflection, model=model, unsaved=True)
    form = ReflectionForm(user=request.user, model=model, initial=initial)
    return _render(request, form=form, reflection=reflection, model=model, unsaved=True)


def _reflection_form(
    request: AuthenticatedHttpRequest, *, reflection: Reflection | None, model: str, initial: dict
) -> HttpResponse:
    switch = request.POST.get("switch_model")
    if request.method == "POST" and switch in ReflectionModel.values:
        # The model buttons post the form, so what was typed comes along to the new prompts.
        return _switch(request, reflection=reflection, model=switch)
    form = ReflectionForm(request.POST or None, user=request.user, model=model, initial=initial)
    if request.method != "POST" or not form.is_valid():
        unsaved = form.is_bound  # refused for its errors: what was typed is not saved
        return _render(request, form=form, reflection=reflection, model=model, unsaved=unsaved)
    complete = "complete" in request.POST
    was_draft = _is_draft(reflection)
    try:
        saved = _save(request, form, reflection=reflection, complete=complete)
    except ValidationError as exc:
        apply_errors(form, exc)
        kept = _kept_as_draft(request, form, reflection) if complete and was_draft else None
        if kept is None and reflection is not None:
            reflection.refresh_from_db()  # as saved, not as the refused save left it
        return _render(
            request, form=form, reflection=kept or reflection, model=model, unsaved=kept is None
        )
    if complete:
        messages.success(request, gettext("Your reflection is saved."))
        return redirect(saved)
    messages.success(request, gettext("Your draft is saved."))
    return redirect("cpd:reflection_edit", pk=saved.pk)


def _kept_as_draft(
    request: AuthenticatedHttpRequest, form: ReflectionForm, reflection: Reflection | None
) -> Reflection | None:
    """A draft whose completion was refused (a prompt left unanswered) is still saved, as a
    draft, with what was typed; None when that cannot be saved either."""
    try:
        saved = _save(request, form, reflection=reflection, complete=False)
    except ValidationError:
        return None
    _saved_now(request)
    messages.info(
        request,
        gettext(
            "Your draft is saved with what you typed. It is not complete yet: "
            "answer every prompt, then save it as complete."
        ),
    )
    return saved


def _save(
    request: AuthenticatedHttpRequest,
    form: ReflectionForm,
    *,
    reflection: Reflection | None,
    complete: bool,
) -> Reflection:
    data = form.cleaned_data
    return services.reflection_save(
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


@login_required
@require_POST
def reflection_autosave(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """Save a draft while its author types (static/js/autosave.js). The first save of a new
    reflection creates the draft and answers with its edit and autosave URLs; an untitled
    draft is called "Untitled reflection". A complete reflection is not autosaved (that
    would turn it back into a draft)."""
    reflection = selectors.reflection_for_author(user=request.user, pk=pk) if pk else None
    if reflection is not None and reflection.status != ReflectionStatus.DRAFT:
        return autosave.not_saved(
            gettext("A complete reflection is saved with its buttons."), status=409
        )
    data = request.POST.copy()
    if not data.get("title", "").strip():
        data["title"] = str(UNTITLED)
    model = _chosen_model(request, reflection.model if reflection else ReflectionModel.WHAT_SO_WHAT)
    form = ReflectionForm(data, user=request.user, model=model)
    if not form.is_valid():
        return autosave.invalid(form)
    try:
        saved = _save(request, form, reflection=reflection, complete=False)
    except ValidationError as exc:
        apply_errors(form, exc)
        return autosave.invalid(form)
    return autosave.saved(
        edit_url=reverse("cpd:reflection_edit", args=[saved.pk]),
        autosave_url=reverse("cpd:reflection_autosave", args=[saved.pk]),
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
        "title": gettext("Session %(number)s") % {"number": session.number}
        + (f": {session.title}" if session.title else ""),
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
        **{f"entry_{k}": v for k, v in carry_entries(reflection.entries, model).items()},
    }
    return _reflection_form(request, reflection=reflection, model=model, initial=initial)


@login_required
def reflection_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reflection = selectors.reflection_for_author(user=request.user, pk=pk)
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Delete this reflection?"),
            consequence=gettext(
                "Everything you wrote in it is deleted, and it leaves your CPD "
                "portfolio (and your partner's view, if you shared it). This cannot be undone."
            ),
            yes=gettext("Yes, delete the reflection"),
            back_url=reverse("cpd:reflection", kwargs={"pk": reflection.pk}),
        ),
        lambda: services.reflection_delete(author=request.user, reflection=reflection),
        success=gettext("The reflection is deleted."),
        done_url=reverse("cpd:reflections"),
    )
