"""The one safe-redirect helper: every view that honours a ``next`` parameter calls it.

``next`` comes from the request, so it is whatever a link's author chose: only a path on
this site (or a URL of this host, over HTTPS when the request is) is followed; anything else
(another host, ``//host``, ``javascript:``, control characters) falls back to the view's
default.
"""

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The request's ``next`` (query string, then form) if it stays on this site, else
    ``fallback`` (a URL, or a URL name resolved with ``resolve_url``)."""
    candidate = request.GET.get("next") or request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback)


def redirect_to_next(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Redirect to ``safe_next_url(request, fallback)`` (the URL as it is: never read as a
    URL name)."""
    return HttpResponseRedirect(safe_next_url(request, fallback))
