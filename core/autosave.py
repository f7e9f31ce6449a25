"""The answers of the autosave endpoints (static/js/autosave.js posts a form's fields to
them while the member types): JSON saying when it was saved, or why it was not."""

from __future__ import annotations

from django import forms
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext

from .zones import local_with_zone


def saved(**urls: str) -> JsonResponse:
    """Saved now: the time in the member's zone, named as every time in the portal is
    ("10:42 GMT", "10:42 (Sao Paulo time, UTC−3)": ``core.zones.local_with_zone``), and any
    URLs the page should use from now on (a new draft's edit page and autosave endpoint)."""
    at = local_with_zone(timezone.now(), "H:i")
    return JsonResponse({"saved": True, "saved_at": at, **urls})


def not_saved(message: str, *, status: int = 400) -> JsonResponse:
    """Not saved; the page keeps the text and says why."""
    return JsonResponse({"saved": False, "message": message}, status=status)


def invalid(form: forms.BaseForm) -> JsonResponse:
    """Not saved because of the form's errors, each named by its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        text = " ".join(str(e) for e in errors)
        parts.append(
            text
            if name == "__all__"
            else gettext("%(field)s: %(errors)s") % {"field": label or name, "errors": text}
        )
    return not_saved(gettext("Not saved yet. %(errors)s") % {"errors": " ".join(parts)})
