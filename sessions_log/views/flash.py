"""Flash mentoring pages: a mentee books a mentor's slot; a mentor offers and withdraws
slots; either cancels a booking. Each fetches through a scoped selector (404 for anyone
else), parses a form, calls one service and redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.confirm import Confirmation, confirm_page, is_confirmed
from core.forms import apply_errors
from core.zones import local_with_zone
from schemes.models import Role

from .. import flash_forms, flash_selectors, services
from ..rules import flash_cancel_refusal
from .sessions import cancellation_news


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
        {"scheme": scheme, "slots": mine.coming, "past": mine.past, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove an open slot at once; a booked one is a conversation to cancel, which asks
    first (its confirmation page), so an old form or a second click never cancels it."""
    slot = flash_selectors.slot_of_member(user=request.user, pk=pk)
    if slot.is_booked:
        return redirect("sessions_log:flash_cancel", pk=slot.pk)
    try:
        services.flash_slot_withdraw(slot=slot, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Slot removed."))
    return redirect("sessions_log:flash_slots", slug=slot.scheme.slug)


@login_required
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The confirmation page of cancelling a booking (``core.confirm``); only its POST with
    ``confirm=yes`` cancels. A booking that cannot be cancelled (held, started, already
    cancelled: ``rules.flash_cancel_refusal``) is not asked about: its page says why."""
    slot = flash_selectors.slot_of_member(user=request.user, pk=pk)
    by_mentor = slot.mentor_id == request.user.pk
    if by_mentor:
        done_url = reverse("sessions_log:flash_slots", args=[slot.scheme.slug])
        after = _("Your slot is withdrawn: nobody else can book it.")
        done = _("Conversation cancelled and your slot withdrawn")
    else:
        done_url = reverse("sessions_log:flash_directory", args=[slot.scheme.slug])
        after = _("The slot opens again for other mentees.")
        done = _("Conversation cancelled")
    refusal = flash_cancel_refusal(slot)
    if refusal and not is_confirmed(request):
        messages.error(request, refusal)
        return redirect(done_url)
    partner = slot.booked_by if by_mentor else slot.mentor
    consequence = _(
        "Your conversation with %(name)s on %(when)s is cancelled and its relationship ends; "
        "both of you are sent a cancellation that removes it from your calendar."
    ) % {
        "name": partner.display_name if partner else "",
        "when": local_with_zone(slot.starts_at, "l j F Y, H:i"),
    }
    return confirm_page(
        request,
        Confirmation(
            title=_("Cancel this conversation?"),
            consequence=f"{consequence} {after}",
            yes=_("Yes, cancel the conversation"),
            back_url=done_url,
        ),
        lambda: services.flash_booking_cancel(slot=slot, by=request.user),
        success=cancellation_news(slot.relationship, request.user, done=done)
        if slot.relationship
        else done,
        done_url=done_url,
    )
