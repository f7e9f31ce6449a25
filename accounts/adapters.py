from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from .emails.links import absolute_url
from .site import site_domain


def on_site_url(url: str) -> str:
    """``url`` (a link allauth made for an email) on ``SITE_URL``: allauth builds its links
    from the request's host, or the Sites row when there is no request, never from the
    configured public address."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.path.startswith("/"):
        return url
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to any member of the public (they apply to schemes afterwards).

    Failed sign-ins are counted per account *and* client address together: the key of
    allauth's ``login_failed`` limit names both, so five failures against one account from
    one address lock only that pair, never another member who shares the address (an
    office, or every member when the proxy is not configured). The client address is
    allauth's, which believes X-Forwarded-For only behind ``TRUSTED_PROXY_COUNT`` proxies.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's links in its emails (activate_url, password_reset_url, signup_url):
        # every one on the configured public address.
        links = {
            key: on_site_url(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        # The body's full name in "Hello from …": the Sites row holds 50 characters at most.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=site_domain())
        super().send_mail(template_prefix, email, {"current_site": site, **context, **links})

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "ACCOUNT_ALLOW_REGISTRATION", True)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's hook for the key of ``login_failed`` (also cleared, for this address,
        # after a successful password reset): the account, then the client address.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}|{self.get_client_ip(request)}"
