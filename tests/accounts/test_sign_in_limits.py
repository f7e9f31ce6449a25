"""Sign-in lock-out per account and client address, the client address taken from a
configured proxy only, and the per-address caps on password-reset emails (which stop the
emails but lock no one out).

A failed sign-in counts against the account and the address together (allauth's
``login_failed`` key, made in ``accounts.adapters.AccountAdapter``), plus a looser limit per
address; X-Forwarded-For is believed only behind ``TRUSTED_PROXY_COUNT`` proxies.
"""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LOCKED = ["Too many failed login attempts. Try again later."]
WRONG = ["The email address and/or password you specified are not correct."]
OFFICE = "192.0.2.10"  # every member behind one address (an office, or an unconfigured proxy)
ELSEWHERE = "198.51.100.20"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Rate limits live in the cache: the locmem cache, empty for each test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email: str, password: str, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def errors(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return list(response.context["form"].non_field_errors())


def signed_in(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_made_up_emails_from_one_address_lock_no_member_out(client, mentee):
    """The finding: five failures with made-up emails locked out another member who shared
    the address for five minutes."""
    for i in range(5):
        assert errors(sign_in(client, f"made-up-{i}@example.net", "x", REMOTE_ADDR=OFFICE)) == (
            WRONG
        )
    response = sign_in(client, mentee.email, PASSWORD, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302
    assert signed_in(client) == mentee.pk


def test_failures_against_one_account_lock_only_that_account_from_that_address(
    client, mentee, mentor
):
    for _ in range(5):
        assert errors(sign_in(client, mentee.email, "wrong", REMOTE_ADDR=OFFICE)) == WRONG
    assert errors(sign_in(client, mentee.email, PASSWORD, REMOTE_ADDR=OFFICE)) == LOCKED
    assert signed_in(client) is None
    # another account from the same address, and the same account from another address
    assert sign_in(client, mentor.email, PASSWORD, REMOTE_ADDR=OFFICE).status_code == 302
    assert signed_in(client) == mentor.pk
    client.logout()
    assert sign_in(client, mentee.email, PASSWORD, REMOTE_ADDR=ELSEWHERE).status_code == 302
    assert signed_in(client) == mentee.pk


def test_one_address_spraying_many_accounts_is_stopped(client, mentee):
    per_address = int(django_settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1][:2])
    for i in range(per_address):
        sign_in(client, f"sprayed-{i}@example.net", "x", REMOTE_ADDR=ELSEWHERE)
    assert errors(sign_in(client, mentee.email, PASSWORD, REMOTE_ADDR=ELSEWHERE)) == LOCKED
    assert sign_in(client, mentee.email, PASSWORD, REMOTE_ADDR=OFFICE).status_code == 302


def test_spoofed_forwarded_for_is_ignored_without_a_configured_proxy(client, mentee):
    """With no proxy configured, a client cannot dodge the limit by claiming a new address
    in each request's X-Forwarded-For."""
    assert django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    for i in range(5):
        sign_in(
            client, mentee.email, "wrong", REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}"
        )
    fresh = sign_in(
        client, mentee.email, PASSWORD, REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="10.9.9.99"
    )
    assert errors(fresh) == LOCKED


def test_forwarded_for_is_honoured_behind_the_configured_proxy(client, settings, mentee):
    """Behind one proxy of ours, the client address is the one our proxy appended (the
    last): members behind the proxy are told apart, and a spoofed first entry is ignored."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "172.18.0.5"
    for i in range(5):
        sign_in(
            client,
            mentee.email,
            "wrong",
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, {OFFICE}",  # spoofed first entry varies
        )
    locked = sign_in(client, mentee.email, PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    assert errors(locked) == LOCKED
    other = sign_in(
        client, mentee.email, PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE
    )
    assert other.status_code == 302
    assert signed_in(client) == mentee.pk


def test_successful_sign_in_does_not_count(client, mentee):
    for _ in range(10):
        assert sign_in(client, mentee.email, PASSWORD).status_code == 302
        client.logout()
    assert errors(sign_in(client, mentee.email, "wrong")) == WRONG


# --- password reset -----------------------------------------------------------------------


def reset(client, email: str, **headers):
    return client.post(reverse("account_reset_password"), {"email": email}, **headers)


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def page(response, client) -> tuple[int, str, bytes]:
    """What a visitor sees: the status, where it sends them, and that page."""
    shown = client.get(response["Location"])
    return response.status_code, response["Location"], shown.content


def test_password_reset_emails_capped_per_minute_and_per_day(client, db):
    """The finding: 5 a minute per address, without a daily cap, is about 7,000 emails a day
    at one victim. At most 10 a day reach one address, from any number of client addresses."""
    victim = UserFactory(email="victim@example.org")
    other = UserFactory(email="other@example.org")
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        for i in range(6):
            assert reset(client, victim.email, REMOTE_ADDR=f"203.0.113.{i}").status_code == 302
        assert [m.to for m in mail.outbox].count([victim.email]) == 5
        clock.shift(61)
        for i in range(5):
            assert reset(client, victim.email, REMOTE_ADDR=f"203.0.113.{i}").status_code == 302
        for minutes in (1, 60, 600):
            clock.shift(minutes * 60 + 1)
            assert reset(client, victim.email, REMOTE_ADDR="203.0.113.99").status_code == 302
        assert reset(client, other.email).status_code == 302
        assert [m.to for m in mail.outbox].count([victim.email]) == 10
        clock.shift(24 * 3600)
        assert reset(client, victim.email).status_code == 302
    assert [m.to for m in mail.outbox].count([victim.email]) == 11


def test_the_daily_cap_locks_no_one_out_of_resetting(client, mentee):
    """The finding: ten requests naming a member's address answered the eleventh with 429
    for a day, so the owner could not reset. Now the owner sees the usual page (the same as
    for an address with no account), no further email is sent, and a link from an earlier
    email still sets a new password."""
    owner = mentee
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        for i in range(10):
            clock.shift(12)  # ten over two minutes, from many client addresses
            assert reset(client, owner.email, REMOTE_ADDR=f"203.0.113.{i}").status_code == 302
        sent = [m for m in mail.outbox if m.to == [owner.email]]
        assert len(sent) == 10
        clock.shift(3600)
        capped = page(reset(client, owner.email, REMOTE_ADDR=ELSEWHERE), client)
        unknown = page(reset(client, "nobody@example.net", REMOTE_ADDR=ELSEWHERE), client)
        assert capped == unknown
        assert capped[0] == 302
        assert b"use the link in the latest reset email" in capped[2]
        assert b"works for 3 days" in capped[2]
        assert [m.to for m in mail.outbox].count([owner.email]) == 10  # nothing more sent
        # the owner follows a link from an earlier email (allauth moves the key to the session)
        key_page = client.get(reset_link(sent[3]), follow=True)
        assert key_page.status_code == 200
        form_url = key_page.redirect_chain[-1][0]
        new = "a-new-long-passphrase-42"
        done = client.post(form_url, {"password1": new, "password2": new})
        assert done.status_code == 302, done.content
    owner.refresh_from_db()
    assert owner.check_password(new)
    assert not owner.check_password(PASSWORD)


def test_the_per_client_address_limit_still_answers_429(client, db):
    """One client asking about many addresses is stopped: the answer depends on who asks,
    not on the address asked about."""
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        for i in range(20):
            assert reset(client, f"someone-{i}@example.net", REMOTE_ADDR=OFFICE).status_code == 302
        assert reset(client, "someone-else@example.net", REMOTE_ADDR=OFFICE).status_code == 429
        assert reset(client, "someone-else@example.net", REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_a_reset_request_with_a_malformed_address_sends_nothing(client, db):
    response = reset(client, "not-an-address")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert mail.outbox == []
