"""Links in emails: absolute URLs, and the signed token of the one-click email-preferences
link (made here for the emails, read here for the view that opens it without a sign-in).

Boundary: builds strings only; it renders, records and sends nothing. A link of another
app's own token (a scheme's news unsubscribe) is made by that app with ``link_maker``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..models import User

PREFERENCES_SALT = "accounts.email-preferences"
PREFERENCES_TOKEN_MAX_AGE = 60 * 60 * 24 * 180  # seconds: an email may be read months later


def absolute_url(path: str) -> str:
    """A full link for an email, from SITE_URL and a path."""
    return f"{settings.SITE_URL}{path}"


def preferences_token(user: User) -> str:
    """A signed token for the one-click email-preferences link (no sign-in needed)."""
    return signing.dumps(user.pk, salt=PREFERENCES_SALT)


def preferences_token_read(token: str) -> int:
    """The user id in a ``preferences_token``; raises ``signing.BadSignature`` for a token
    that was not made by ``preferences_token`` or is older than PREFERENCES_TOKEN_MAX_AGE."""
    return signing.loads(token, salt=PREFERENCES_SALT, max_age=PREFERENCES_TOKEN_MAX_AGE)


def preferences_url(user: User | None) -> str:
    if user is None:
        return absolute_url(reverse("accounts:email_preferences"))
    token = preferences_token(user)
    return absolute_url(reverse("accounts:email_preferences_token", kwargs={"token": token}))


def link_maker(url_name: str, *params: str) -> Callable[..., str]:
    """A maker of absolute links to ``url_name`` for sweeps that need tens of thousands
    (``reverse`` costs tens of microseconds each): reversed once with stand-ins for
    ``params``, then filled in. Values must be whole numbers or URL-safe tokens
    (``[A-Za-z0-9_:-]``, as ``signing.dumps`` makes), which ``reverse`` would not quote.
    """
    stand_ins = {name: str(97_531_000_000 + i) for i, name in enumerate(params)}
    url = absolute_url(reverse(url_name, kwargs=stand_ins))
    pattern = url.replace("{", "{{").replace("}", "}}")
    for name, stand_in in stand_ins.items():
        if pattern.count(stand_in) != 1:
            raise ValueError(f"Cannot make links to {url_name} from {url}")
        pattern = pattern.replace(stand_in, "{" + name + "}")
    return pattern.format


def preferences_link_maker() -> Callable[[User | None], str]:
    """``preferences_url`` for many recipients (see ``link_maker``)."""
    with_token = link_maker("accounts:email_preferences_token", "token")
    signed_out = preferences_url(None)

    def make(user: User | None) -> str:
        return signed_out if user is None else with_token(token=preferences_token(user))

    return make
