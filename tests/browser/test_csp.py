"""The Content-Security-Policy in a real browser: Chromium enforces it on the portal, the
allauth pages (the two-factor set-up with its QR code) and every admin page, and any
violation it reports (a securitypolicyviolation event or its console message, collected
by ``new_page`` in conftest.py) fails the test; so does a page without the policy.

The admin is crawled from its index as an administrator and as a coordinator: every
changelist, add, change, history, export and import page reachable from it, one page per
URL shape, with the widgets that run scripts used (the calendar, the "Select all" box of an
export, the crontab of a periodic task). The world is the authorization matrix's, so every
admin model has an object.
"""

from __future__ import annotations

import re
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.apps import apps
from django.urls import reverse

from tests.authz.world import ADMIN, COORD, MENTEE, build_world
from tests.browser.seed import sign_in_cookie
from tests.csp import policy_problems
from tests.factories import PASSWORD

# Admin pages worth a visit: changelists, add, change and history pages, exports and imports.
ADMIN_PAGE = re.compile(
    r"^/admin/\w+/\w+/((add|export|import)/|\d+/(change|history)/|\d+/history/\d+/)?$"
)


@pytest.fixture
def world(transactional_db):
    """The matrix's world; first the rows a data migration ships (the HCPC standards), which
    a transactional test's flush has removed."""
    import_module("cpd.migrations.0003_hcpc_standards").add(apps, None)
    return build_world()


def visit(page, path: str, *, statuses: tuple[int, ...] = (200,)) -> int:
    """Open ``path``; it must answer one of ``statuses``, with the policy."""
    response = page.goto(path)
    assert response is not None, path
    assert response.status in statuses, f"{path}: {response.status}"
    problems = policy_problems(response.header_value("content-security-policy"))
    assert problems == [], f"{path}: {problems}"
    return response.status


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _admin_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("#content a[href]", "els => els.map(e => e.href)")
    paths = [urlsplit(h).path for h in hrefs if not urlsplit(h).query]
    return [p for p in paths if ADMIN_PAGE.match(p)]


def crawl_admin(page) -> set[str]:
    """Every admin page shape reachable from the index; returns the shapes visited. A link
    the user may not follow (403, 404) is visited too: its error page is under the policy."""
    queue, visited = ["/admin/"], set()
    while queue:
        path = queue.pop(0)
        if _shape(path) in visited:
            continue
        visited.add(_shape(path))
        if visit(page, path, statuses=(200, 403, 404)) == 200:
            queue += _admin_links(page)
    return visited


def use_date_widget(page, path: str) -> None:
    """Open the admin's calendar next to a date field and pick today (DateTimeShortcuts)."""
    visit(page, path)
    page.locator(".datetimeshortcuts a[id^=calendarlink]").first.click()
    page.locator(".calendarbox").first.get_by_role("link", name="Today").click()


def test_the_watch_reports_a_violation(page, live_server, csp_violations):
    """The listener works: an inline script added to a real page is blocked and reported."""
    visit(page, reverse("schemes:home"))
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.ran = true"; document.body.append(s); }"""
    )
    for _ in range(100):  # both reports (the event's and the console's) arrive async
        if sum(v.startswith("console:") for v in csp_violations) not in (0, len(csp_violations)):
            break
        page.wait_for_timeout(50)
    reported = list(csp_violations)
    csp_violations.clear()  # expected here; new_page fails the test on any left over
    assert not page.evaluate("() => window.ran === true")
    assert any("script-src" in v for v in reported), reported


def test_administrator_admin_pages_run_under_the_policy(page, live_server, world):
    sign_in_cookie(page.context, world.user(ADMIN), live_server.url)
    visited = crawl_admin(page)
    for shape in (
        "/admin/schemes/scheme/",
        "/admin/schemes/scheme/N/change/",
        "/admin/schemes/application/N/history/",
        "/admin/schemes/application/export/",
        "/admin/accounts/user/import/",
        "/admin/django_celery_beat/periodictask/N/change/",
    ):
        assert shape in visited, f"the crawl never reached {shape}"
    print(f"{len(visited)} admin page shapes as an administrator")

    # The widgets that run scripts: the calendar, an export's "Select all", the crontab.
    use_date_widget(page, reverse("admin:schemes_scheme_add"))  # every date field is on it
    visit(page, reverse("admin:schemes_application_export"))
    select_all = page.locator("input.select-toggle")
    select_all.uncheck()
    assert page.locator(".selectable-field-export-row input:checked").count() == 0
    select_all.check()
    visit(page, reverse("admin:django_celery_beat_periodictask_add"))
    options = page.locator("#id_crontab option")
    if options.count() > 1:
        page.locator("#id_crontab").select_option(index=1)
        assert "Translation:" in page.locator(".field-crontab .help").inner_text()


def test_coordinator_admin_and_dashboard_run_under_the_policy(page, live_server, world):
    sign_in_cookie(page.context, world.user(COORD), live_server.url)
    visited = crawl_admin(page)
    assert "/admin/sessions_log/relationship/N/change/" in visited
    print(f"{len(visited)} admin page shapes as a coordinator")
    # The scheme-health charts: inline SVG drawn with presentation attributes only.
    for path in (
        reverse("insights:dashboard"),
        reverse("insights:reports_index"),
        reverse("insights:scheme_reports", args=[world.scheme_a.slug]),
        reverse("insights:dashboard_scheme", args=[world.scheme_a.slug]),
    ):
        visit(page, path)
    assert page.locator("svg.chart").count() > 0
    # The drawing is styled (a white background patch, not the default black fill).
    fill = page.evaluate("() => getComputedStyle(document.querySelector('svg.chart path')).fill")
    assert fill == "rgb(255, 255, 255)"


def test_member_portal_and_two_factor_set_up_run_under_the_policy(page, live_server, world):
    mentee = world.user(MENTEE)
    for path in (reverse("schemes:home"), reverse("account_login"), reverse("account_signup")):
        visit(page, path)
    sign_in_cookie(page.context, mentee, live_server.url)
    for path in (
        reverse("dashboard"),
        reverse("sessions_log:relationship", args=[world.rel.pk]),
        reverse("sessions_log:calendar"),
        reverse("matching:list"),
        reverse("cpd:record"),
        reverse("cpd:reflections"),
        reverse("accounts:profile"),
        reverse("account_email"),
        reverse("mfa_index"),
    ):
        visit(page, path)

    # Two-factor set-up (after confirming the password): the QR code is a data: image.
    visit(page, reverse("mfa_activate_totp"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{reverse('mfa_activate_totp')}")
    qr = page.locator("img[src^='data:image/svg+xml']")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.locator("#authenticator_secret").input_value()
    for _ in range(3):  # a code computed at the end of its 30 seconds may expire on the way
        counters = list(yield_hotp_counters_from_time())
        code = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
        page.get_by_label("Authenticator code").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Activate").click()
        if "/activate/" not in page.url:
            break
    assert "/activate/" not in page.url, "the authenticator code was refused three times"
    visit(page, reverse("mfa_view_recovery_codes"))
    visit(page, reverse("mfa_index"))
