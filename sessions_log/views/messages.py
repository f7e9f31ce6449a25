"""A relationship's private conversation: reading and sending messages, and reporting one
to the coordinators."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.http import AuthenticatedHttpRequest
from core.forms import apply_errors

from .. import forms, selectors, services
from ._common import form_page, relationship_of


@login_required
def conversation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The conversation, oldest first, and the reply box; a valid POST sends a message.
    Opening the page marks what it shows as read."""
    relationship = relationship_of(request, pk)
    form = forms.MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                relationship=relationship, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, gettext("Message sent."))
            return redirect(reverse("sessions_log:messages", kwargs={"pk": pk}) + "#latest")
    thread = selectors.messages_for(relationship=relationship, user=request.user)
    if thread and request.method == "GET":
        services.messages_mark_read(
            relationship=relationship, by=request.user, until=thread[-1].created_at
        )
    return render(
        request,
        "sessions_log/messages.html",
        {"r": relationship, "thread": thread, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report(request: AuthenticatedHttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """Report a partner's message to the scheme's coordinators (with a confirmation). One's
    own message, or one already reported, has no form: back to the conversation, saying why
    (the service refuses it too)."""
    relationship = relationship_of(request, pk)
    message = selectors.message_in(relationship=relationship, pk=message_pk, user=request.user)
    refusal = services.message_report_refusal(message=message, by=request.user)
    if refusal is not None:
        flash.error(request, refusal)
        return redirect(reverse("sessions_log:messages", kwargs={"pk": pk}))
    return form_page(
        request,
        relationship,
        forms.MessageReportForm(request.POST or None),
        lambda d: services.message_report(message=message, by=request.user, reason=d["reason"]),
        title=gettext("Report a message to the coordinator"),
        intro=gettext("The message from %(name)s, %(day)s:")
        % {"name": message.author.display_name, "day": date_format(message.created_at, "d F Y")}
        + f"\n{message.body}",
        submit=gettext("Report this message"),
        success=gettext("The message was reported; the scheme's coordinators will be in touch."),
    )
