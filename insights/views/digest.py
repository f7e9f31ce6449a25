"""A coordinator's digest on screen and "send me now" (``insights.digest_preview``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedHttpRequest
from accounts.roles import user_is_staff_member

from ..digest_preview import digest_preview, digest_send_now


@login_required
@require_http_methods(["GET", "POST"])
def digest(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the digest as it would be emailed now. POST: email it now."""
    if not user_is_staff_member(user=request.user):
        raise Http404("No such page.")
    if request.method == "POST":
        if digest_send_now(user=request.user):
            messages.success(
                request,
                gettext("Your digest is on its way to %(email)s.") % {"email": request.user.email},
            )
        else:
            messages.info(
                request, gettext("Nothing needs attention in your schemes, so no email was sent.")
            )
        return redirect("insights:digest")
    return render(request, "insights/digest.html", {"preview": digest_preview(user=request.user)})
