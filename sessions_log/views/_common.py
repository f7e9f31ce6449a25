"""The shape every relationship view shares: fetch the relationship for the member (404 for
anyone else), parse a form or take a POST, call one service, go back to the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.forms import apply_errors

from .. import selectors
from ..models import Relationship

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The default label of a form's button.
SAVE = _("Save")

ICS_TYPE = "text/calendar; charset=utf-8"


def relationship_of(request: AuthenticatedHttpRequest, pk: int) -> Relationship:
    return selectors.relationship_for_user(user=request.user, pk=pk)


def form_page(
    request: HttpRequest,
    relationship: Relationship,
    form,
    act: Callable[[dict], object],
    *,
    title: StrOrPromise,
    success: StrOrPromise,
    intro: StrOrPromise = "",
    submit: StrOrPromise = SAVE,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render ``form`` (with ``extra`` in the template's context); on a valid POST call
    ``act`` (one service) and go back to the page."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
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
            **(extra or {}),
        },
        status=400 if request.method == "POST" else 200,
    )


def post_action(request: HttpRequest, relationship: Relationship, act, success: StrOrPromise):
    try:
        act()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(relationship)


def relationship_form_view(
    form_class: type[Form],
    service: Callable[..., object],
    *,
    title: StrOrPromise,
    success: StrOrPromise,
    intro: StrOrPromise = "",
    submit: StrOrPromise = SAVE,
    form_needs_relationship: bool = False,
) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    """A view of ``form_class`` for one of the member's relationships that, on a valid POST,
    calls ``service(relationship=..., by=member, **cleaned_data)``."""

    @login_required
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        relationship = relationship_of(request, pk)
        extra: dict[str, Any] = {"relationship": relationship} if form_needs_relationship else {}
        return form_page(
            request,
            relationship,
            form_class(request.POST or None, **extra),
            lambda d: service(relationship=relationship, by=request.user, **d),
            title=title,
            success=success,
            intro=intro,
            submit=submit,
        )

    return view


def relationship_post_view(
    service: Callable[..., object], success: StrOrPromise
) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    """A POST-only view that calls ``service(relationship=..., by=member)`` for one of the
    member's relationships."""

    @login_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        relationship = relationship_of(request, pk)
        return post_action(
            request,
            relationship,
            lambda: service(relationship=relationship, by=request.user),
            success,
        )

    return view
