"""No open redirect: every view that honours ``next`` goes through the one helper
(``core.redirects``), and each of them, ours and allauth's, is tried with hostile values.

The source of every package is searched for a read of ``next``; a module that reads it
other than through the helper fails, and every module that calls the helper needs a case in
``OUR_VIEWS`` (so a new one cannot be added untested).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.accounts.test_profile_and_preferences import PROFILE
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "accounts",
    "core",
    "schemes",
    "matching",
    "sessions_log",
    "cpd",
    "insights",
    "mentoring_site",
    "demo",
]
HELPER = "core/redirects.py"

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " https://evil.example/",
    "http://testserver@evil.example/",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example",
]

# A read of ``next`` from a request: request.GET["next"], .get("next"), QueryDict access…
_READS_NEXT = re.compile(r"""(GET|POST|query_params|REQUEST)\s*(\.get\(|\[)\s*["']next["']""")
_CALLS_HELPER = re.compile(r"\b(redirect_to_next|safe_next_url)\(")


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text()


# module that calls the helper -> how to reach its redirect: (url name, POST data)
OUR_VIEWS = {"accounts/views.py": ("accounts:profile", PROFILE)}


def test_only_the_helper_reads_next():
    readers = [name for name, text in _sources() if _READS_NEXT.search(text)]
    assert readers == [HELPER]


def test_every_caller_of_the_helper_is_tried():
    callers = {name for name, text in _sources() if _CALLS_HELPER.search(text)} - {HELPER}
    assert callers == set(OUR_VIEWS)


def off_site(location: str) -> bool:
    """Whether ``location`` is anything but a plain path of this site (or a URL of this
    host): what a browser might take off the site, or run as script."""
    cleaned = re.sub(r"[\x00-\x20]", "", location).replace("\\", "/")
    if cleaned.startswith("http://testserver/"):
        return False
    return not cleaned.startswith("/") or cleaned.startswith("//")


def test_off_site_recognises_each_hostile_value():
    assert [value for value in EVIL if not off_site(value)] == []
    assert not off_site("/portal/")
    assert not off_site("http://testserver/portal/")


@pytest.mark.parametrize("module", sorted(OUR_VIEWS))
def test_our_views_never_follow_a_hostile_next(client, mentee, module):
    name, data = OUR_VIEWS[module]
    client.force_login(mentee)
    for value in EVIL:
        response = client.post(reverse(name), data, QUERY_STRING=f"next={quote(value)}")
        assert response.status_code == 302, (value, response.status_code)
        assert not off_site(response["Location"]), (value, response["Location"])
        assert response["Location"] == reverse("dashboard"), value
    response = client.post(reverse(name), data, QUERY_STRING="next=/portal/cpd/")
    assert response["Location"] == "/portal/cpd/"


def test_sign_in_never_follows_a_hostile_next(client, mentee):
    """allauth's sign-in (the admin's too) and sign-out honour ``next`` with their own
    check; tried here so a change of library or settings cannot open them."""
    for value in EVIL:
        response = client.post(
            reverse("account_login"),
            {"login": mentee.email, "password": PASSWORD, "next": value},
        )
        assert response.status_code == 302, value
        assert not off_site(response["Location"]), (value, response["Location"])
        response = client.post(reverse("account_logout"), {"next": value})
        assert response.status_code == 302, value
        assert not off_site(response["Location"]), (value, response["Location"])
        response = client.get(f"/admin/login/?next={quote(value)}")
        assert response.status_code == 302
        assert not off_site(response["Location"]), (value, response["Location"])
