"""The portal's one pattern for an action that cannot be undone: a confirmation page.

The action's button is a link to its URL; a GET shows what will happen and a single "Yes"
button that posts ``confirm=yes`` back to the same URL. Only that POST acts: a POST without
the confirmation (an old bookmarked form, a double submit from elsewhere) shows the page
again and changes nothing. No JavaScript is involved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

CONFIRM_FIELD = "confirm"
CONFIRMED_VALUES = frozenset({"yes", "on"})


@dataclass(frozen=True)
class Confirmation:
    """What the page says: a question (``title``), what will happen (``consequence``), the
    button (``yes``) and where "No" leads (``back_url``)."""

    title: str
    consequence: str
    yes: str
    back_url: str
    danger: bool = True


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) in CONFIRMED_VALUES


def confirm_page(
    request: HttpRequest,
    confirmation: Confirmation,
    act: Callable[[], object],
    *,
    success: str,
    done_url: str,
) -> HttpResponse | HttpResponseRedirect:
    """Show ``confirmation``; once confirmed, call ``act`` (one service) and go to
    ``done_url`` with ``success``. A refusal (``ValidationError``) is shown on the same page."""
    error = ""
    if is_confirmed(request):
        try:
            act()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, success)
            return redirect(done_url)
    return render(
        request,
        "confirm.html",
        {"confirmation": confirmation, "error": error, "confirm_field": CONFIRM_FIELD},
        status=400 if error else 200,
    )
