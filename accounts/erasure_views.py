"""The member's page to ask for their account to be erased, or to withdraw the request."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from core.forms import apply_errors

from .erasure import erasure_request_cancel, erasure_request_create
from .http import AuthenticatedHttpRequest
from .models import ErasureRequest, ErasureRequestStatus, RetentionSettings


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the administrators read this, and it is erased with your account."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that once my account is erased it cannot be restored."),
        error_messages={"required": _("Tick the box to confirm you want your account erased.")},
    )


@login_required
def erasure_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: what erasure means, and the request form (or the pending request). POST
    ``action=request`` asks; ``action=cancel`` withdraws a pending request."""
    pending = ErasureRequest.objects.filter(
        user=request.user, status=ErasureRequestStatus.PENDING
    ).first()
    form = ErasureRequestForm()
    if request.method == "POST" and request.POST.get("action") == "cancel" and pending:
        erasure_request_cancel(request=pending, by=request.user)
        messages.success(request, _("Your request is withdrawn: your account stays."))
        return redirect("accounts:erasure")
    if request.method == "POST" and pending is None:
        form = ErasureRequestForm(request.POST)
        if form.is_valid():
            try:
                erasure_request_create(
                    user=request.user, reason=form.cleaned_data["reason"], by=request.user
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Your request is recorded. An administrator will review it.")
                )
                return redirect("accounts:erasure")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/erasure_request.html",
        {
            "form": form,
            "pending": pending,
            "waiting_days": RetentionSettings.get().erasure_request_days,
        },
        status=status,
    )
