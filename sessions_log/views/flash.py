"""Flash mentoring pages: a mentee books a mentor's slot; a mentor offers and withdraws
slots; either cancels a booking. Each fetches through a scoped selector (404 for anyone
else), parses a form, calls one service and redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.forms import apply_errors
from schemes.models import Role

from .. import flash_forms, flash_selectors, services


@login_required
def directory(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The mentors of a flash scheme with their next open slots, in the viewer's zone."""
    scheme = flash_selectors.flash_scheme_for(user=request.user, slug=slug, role=Role.MENTEE)
    area = request.GET.get("area", "")
    page = flash_selectors.flash_directory(scheme=scheme, viewer=request.user, area=area)
    form = flash_forms.FlashFilterForm(request.GET or None, areas=page.areas)
    return render(
        request,
        "sessions_log/flash_directory.html",
        {"scheme": scheme, "page": page, "filter_form": form, "area": area},
    )


@login_required
def book(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    scheme = flash_selectors.flash_scheme_for(user=request.user, slug=slug, role=Role.MENTEE)
    slot = flash_selectors.slot_to_book(scheme=scheme, pk=pk, viewer=request.user)
    form = flash_forms.FlashBookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flash_slot_book(slot=slot, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Conversation booked: you both have the invitation."))
            assert slot.relationship is not None
            return redirect(slot.relationship)
    return render(
        request,
        "sessions_log/flash_book.html",
        {"scheme": scheme, "slot": slot, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def slots(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A mentor's slots still to come, with a form to offer another."""
    scheme = flash_selectors.flash_scheme_for(user=request.user, slug=slug, role=Role.MENTOR)
    form = flash_forms.FlashSlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flash_slot_offer(scheme=scheme, mentor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Slot offered: mentees can book it now."))
            return redirect("sessions_log:flash_slots", slug=scheme.slug)
    mine = flash_selectors.mentor_slots(scheme=scheme, mentor=request.user)
    return render(
        request,
        "sessions_log/flash_slots.html",
        {"scheme": scheme, "slots": mine, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot = flash_selectors.slot_of_member(user=request.user, pk=pk)
    _act(request, lambda: services.flash_slot_withdraw(slot=slot, by=request.user))
    return redirect("sessions_log:flash_slots", slug=slot.scheme.slug)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot = flash_selectors.slot_of_member(user=request.user, pk=pk)
    _act(request, lambda: services.flash_booking_cancel(slot=slot, by=request.user))
    if slot.mentor_id == request.user.pk:
        return redirect("sessions_log:flash_slots", slug=slot.scheme.slug)
    return redirect("sessions_log:flash_directory", slug=slot.scheme.slug)


def _act(request: AuthenticatedHttpRequest, act) -> None:
    try:
        act()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: both of you have been told."))
