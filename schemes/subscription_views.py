"""Registered interest and news from the member's side: what they are subscribed to on
the scheme's page and stopping it, the one-click unsubscribe link of news emails, and the
confirmation link of a subscription (double opt-in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest

from . import reminders, selectors, services
from .forms import SubscriptionChoicesForm
from .models import Scheme


def subscribed_state(request: HttpRequest, scheme: Scheme) -> list[str]:
    """What the signed-in member will be emailed about ``scheme`` (their registration of
    interest in a role, the scheme's news), as sentences; empty when nothing (or signed
    out: an address typed in the form is not known to be theirs)."""
    if not request.user.is_authenticated:
        return []
    subscription = selectors.subscriptions_of(scheme=scheme, user=request.user).first()
    if subscription is None:
        return []
    said = []
    role = subscription.interested_as
    if role in scheme.roles:
        label = scheme.role_label(role).lower()
        if scheme.recruitment_open_for(role):
            said.append(
                gettext("Recruitment for the %(role)s role is open now: you can apply.")
                % {"role": label}
            )
        else:
            said.append(
                gettext("You will be emailed when recruitment opens for the %(role)s role.")
                % {"role": label}
            )
    if subscription.wants_news:
        said.append(gettext("You get the scheme's news by email."))
    return said


@login_required
@require_POST
def subscription_stop(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The member stops every email of their registration with the scheme."""
    scheme = get_object_or_404(selectors.public_schemes(), slug=slug)
    if services.subscription_stop(scheme=scheme, user=request.user):
        messages.success(
            request,
            gettext("You will no longer be emailed about %(name)s.") % {"name": scheme.name},
        )
    return redirect(scheme.get_absolute_url())


@csrf_exempt  # the signed token is the credential; RFC 8058 one-click POSTs carry no cookie
@require_http_methods(["GET", "POST"])
def news_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link in news emails. GET asks to confirm; POST (the button, or a mail
    client's List-Unsubscribe-Post) unsubscribes. A bad token changes nothing."""
    try:
        subscription = reminders.subscription_for_token(token=token)
    except signing.BadSignature:
        return render(request, "schemes/news_unsubscribe.html", {"state": "invalid"}, status=400)
    if subscription is None or not subscription.wants_news:
        state = "already"
    elif request.method == "POST":
        state = "done" if reminders.news_unsubscribe(subscription=subscription) else "already"
    else:
        state = "confirm"
    return render(
        request,
        "schemes/news_unsubscribe.html",
        {"state": state, "subscription": subscription},
    )


@require_http_methods(["GET", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a subscription's confirmation email (double opt-in). GET shows the
    request's choices in a form; POST saves the choices submitted (the owner's own, whoever
    asked). A bad or expired token changes nothing."""
    try:
        wanted = reminders.subscription_confirm_read(token=token)
        scheme = selectors.public_schemes().get(pk=int(str(wanted["scheme"])))
    except (signing.BadSignature, Scheme.DoesNotExist):
        return render(
            request, "schemes/subscription_confirm.html", {"state": "invalid"}, status=400
        )
    form = SubscriptionChoicesForm.from_request(
        wanted, scheme=scheme, data=request.POST if request.method == "POST" else None
    )
    state = "confirm"
    if form.is_valid():
        wanted = form.request(wanted)
        services.subscription_confirm(scheme=scheme, request=wanted)
        state = "done"
    context = {"state": state, "scheme": scheme, "wanted": wanted, "form": form}
    return render(request, "schemes/subscription_confirm.html", context)
