"""Password reset without a lock-out: allauth's views, with the per-address email cap made
silent.

allauth answers 429 once an address has had its reset emails for the day, so anyone who
typed a member's address ten times blocked that member's reset for 24 hours. Here the cap
still stops the emails (no flooding), but the answer is the same page as for any request:
the links already sent stay valid (Django's token: until the password changes or the
account signs in, at most ``PASSWORD_RESET_TIMEOUT``), and the page says to use the latest.
The per-client-address limit (``reset_password``) still answers 429: it depends on who
asks, never on the address asked about, so it tells nobody whether an address has an account.
"""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from allauth.core import ratelimit
from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect

# The per-address cap, in ACCOUNT_RATE_LIMITS (allauth reads its actions from there).
EMAIL_CAP_ACTION = "reset_password_email"


def reset_link_days() -> int:
    """How many whole days a reset link works (``PASSWORD_RESET_TIMEOUT``, in seconds)."""
    return max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 86400)


class PasswordResetView(allauth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].lower()
        too_many = ratelimit.consume_or_429(self.request, action="reset_password", key=email)
        if too_many:
            return too_many
        # Over the cap: no email, and the same answer as a sent one (no enumeration, no
        # lock-out; the links already sent still work).
        if ratelimit.consume(self.request, action=EMAIL_CAP_ACTION, key=email):
            form.save(self.request)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(allauth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "reset_link_days": reset_link_days()}


password_reset = PasswordResetView.as_view()
password_reset_done = PasswordResetDoneView.as_view()
