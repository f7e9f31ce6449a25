"""The Content-Security-Policy on every page of the authorization matrix: each HTML
response, to each member of the cast (the portal, allauth with its MFA pages, every admin
page, the error pages), carries the policy (script-src 'self', never 'unsafe-inline' nor
'unsafe-eval') and holds nothing the policy would block: no inline script, no on*=
handler, no javascript: URL, no inline style. Third-party templates (the admin, allauth,
django-import-export, django-simple-history, django-celery-beat) are rendered here too, so
an upgrade that brings an inline script back fails this test."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.csp import blocked_markup, policy_problems

# authz_world: the matrix's world, built once for this module too.
from .test_matrix import all_entries, authz_world, body, requests_for  # noqa: F401
from .world import ANON, CAST


def _html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.mark.parametrize("cast", CAST)
def test_every_html_page_carries_the_policy_and_nothing_it_blocks(
    cast,
    authz_world,  # noqa: F811 (the imported fixture)
    db,
):
    world = authz_world
    client = Client()
    if cast != ANON:
        client.force_login(world.user(cast))
    problems: list[str] = []
    pages = 0
    for request in requests_for(cast, world, all_entries(world)):
        if request.method != "GET":
            continue
        response = client.get(request.path)
        if not _html(response):
            continue
        pages += 1
        found = policy_problems(response.get("Content-Security-Policy"))
        found += blocked_markup(body(response).decode())
        problems += [f"{request} as {cast} ({response.status_code}): {p}" for p in found]
    assert pages > 20, f"only {pages} HTML pages: the matrix stopped reaching pages"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_error_pages_carry_the_policy(db):
    """404 (an unknown URL) and the admin's 404 for an unknown object, signed out."""
    for path in ("/no-such-page/", "/admin/no-such-app/"):
        response = Client().get(path)
        assert policy_problems(response.get("Content-Security-Policy")) == [], path
        assert blocked_markup(response.content.decode()) == [], path
