from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to any member of the public (they apply to schemes afterwards).

    Failed sign-ins are counted per account *and* client address together: the key of
    allauth's ``login_failed`` limit names both, so five failures against one account from
    one address lock only that pair, never another member who shares the address (an
    office, or every member when the proxy is not configured). The client address is
    allauth's, which believes X-Forwarded-For only behind ``TRUSTED_PROXY_COUNT`` proxies.
    """

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "ACCOUNT_ALLOW_REGISTRATION", True)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's hook for the key of ``login_failed`` (also cleared, for this address,
        # after a successful password reset): the account, then the client address.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}|{self.get_client_ip(request)}"
