"""Emailed and secret links (``token_holder`` entries of the matrix) stop working for an
account that is deactivated: none shows the owner's data nor signs anyone in.

Every token link of the matrix needs an entry in ``WHEN_DEACTIVATED`` (so a new one cannot
be added unchecked), with the status it must give once its owner is deactivated.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.test import Client

from .test_matrix import _path, all_entries, authz_world, body  # noqa: F401 (fixture)
from .world import MARKERS, MENTEE

WHEN_DEACTIVATED = {
    "sessions_log:calendar_feed": 404,
    "accounts:email_preferences_token": 404,
    # Unsubscribing stays possible (it only stops email) and shows no personal data.
    "schemes:news_unsubscribe": 200,
    # A subscription request may be confirmed (it names an address, not the account).
    "schemes:subscription_confirm": 200,
    # allauth: the confirmation page (for the address itself); nobody is signed in.
    "account_confirm_email": 200,
    # allauth: the reset key of an inactive account is refused.
    "account_reset_password_from_key": 302,
    # A certificate's code still confirms what the paper printed (a past participation does
    # not end with the account); an erased member's certificates are deleted (404).
    "verify_certificate": 200,
}


def token_entries(world) -> dict:
    return {k: e for k, e in all_entries(world).items() if e.token_holder and "#" not in k}


def test_every_token_link_is_checked(authz_world, db):  # noqa: F811 (the fixture)
    assert sorted(token_entries(authz_world)) == sorted(WHEN_DEACTIVATED)


@pytest.mark.parametrize("key", sorted(WHEN_DEACTIVATED))
def test_token_links_stop_with_the_account(key, authz_world, db):  # noqa: F811
    world = authz_world
    entry = token_entries(world)[key]
    kwargs = entry.kwargs(world)
    path = _path(key, kwargs if isinstance(kwargs, dict) else kwargs[0][1])
    owner = world.user(MENTEE)
    with transaction.atomic():
        type(owner).objects.filter(pk=owner.pk).update(is_active=False)
        client = Client()
        response = client.get(path, follow=False)
        content = body(response)
        transaction.set_rollback(True)
    assert response.status_code == WHEN_DEACTIVATED[key]
    assert SESSION_KEY not in client.session
    shown = [m.what for m in MARKERS if m.text.encode() in content]
    assert shown == []
