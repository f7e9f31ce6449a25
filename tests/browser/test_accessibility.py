"""axe-core (WCAG 2.2 AA) on every public and portal page: zero serious or critical
violations.

Portal pages are found by following every link from the member's dashboard (so a new page
is checked as soon as something links to it), and the test asserts that the crawl reached
each page this file knows about, so a page cannot silently drop out of the sweep.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import resolve, reverse

from accounts.emails.links import preferences_url
from schemes.models import Phase, Role
from schemes.reminders import subscription_confirm_token
from schemes.services import application_start, application_submit
from sessions_log import services as rel_services
from tests.browser.seed import busy_relationship, rich_scheme, sign_in_cookie
from tests.factories import ProfileFactory
from tests.matching.factories import accepted, finished_run, proposal
from tests.matching.member_led import member_led_scheme

# Downloads and pages that are not HTML, or leave the portal.
NOT_PAGES = re.compile(r"(\.ics|\.pdf|\.csv|\.json)$|/evidence/\d+/$|^/admin/|^/static/")
ERRORS = ".invalid-feedback, .alert-danger, .errorlist"
CRAWLED = ("/portal/", "/schemes/", "/accounts/")

MEMBER_PAGES = {
    "schemes:home",
    "schemes:detail",
    "schemes:apply",
    "schemes:application",
    "schemes:event_rsvp",
    "dashboard",
    "accounts:profile",
    "accounts:email_preferences",
    "account_email",
    "account_change_password",
    "account_logout",
    "matching:list",
    "matching:detail",
    "matching:requests",
    "sessions_log:calendar",
    "sessions_log:relationship",
    "sessions_log:session_plan",
    "sessions_log:session_target",
    "sessions_log:session_log",
    "sessions_log:expectation_add",
    "sessions_log:expectation_ask",
    "sessions_log:expectation_clarify",
    "sessions_log:expectation_decide",
    "sessions_log:goal_add",
    "sessions_log:goal_review",
    "sessions_log:action_add",
    "sessions_log:end_early",
    "sessions_log:concern",
    "cpd:record",
    "cpd:activity_add",
    "cpd:activity_standards",
    "cpd:evidence_add",
    "cpd:reflections",
    "cpd:reflection_create",
    "cpd:reflection_for_session",
    "cpd:reflection",
    "cpd:reflection_edit",
    "cpd:profile",
    "cpd:export",
}


def _pattern(path: str) -> str:
    """One URL per shape; the reflective-model variants (?model=) only on the new form."""
    if "?model=" in path and not path.startswith("/portal/cpd/reflections/new/?"):
        path = path.split("?")[0]
    return re.sub(r"\d+", "N", path)


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    here = urlsplit(page.url)
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != here.netloc:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if (path == "/" or path.startswith(CRAWLED)) and not NOT_PAGES.search(parts.path):
            paths.append(path)
    return paths


def crawl(page, start: list[str], axe_violations, checked: set[str]) -> tuple[dict, set[str]]:
    """Visit ``start`` and every portal link reachable from it (one URL per shape); run axe
    on shapes not in ``checked`` yet (adding them). Return the violations found per URL and
    the view names visited."""
    queue, visited, found, views = list(start), set(), {}, set()
    while queue:
        path = queue.pop(0)
        shape = _pattern(path)
        if shape in visited:
            continue
        visited.add(shape)
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, f"{path}: {response.status}"
        views.add(resolve(urlsplit(path).path).view_name)
        if shape not in checked:
            checked.add(shape)
            problems = axe_violations(page)
            if problems:
                found[path] = problems
        queue.extend(_links(page))
    return found, views


def server_validation_only(page) -> None:
    """Turn off the browser's own validation so the server's error messages are checked."""
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")


def _report(found: dict[str, str]) -> str:
    return "\n".join(f"{path}\n{problems}" for path, problems in found.items())


@pytest.fixture
def world(admin_user, coordinator, mentor, mentee):
    """A mentee and a mentor with something on every portal page."""
    main = rich_scheme(coordinators=[coordinator], name="Leaders of tomorrow")
    relationship = busy_relationship(main, mentor, mentee, by=admin_user)
    rel_services.expectation_add(relationship=relationship, by=mentor, text="Share articles")
    # A match waiting for the mentee's answer, in another scheme.
    second = rich_scheme(name="Research mentoring")
    other_mentor = ProfileFactory(years_experience=15).user
    run = finished_run(second, by=admin_user)
    proposal(
        run,
        accepted(second, role=Role.MENTOR, user=other_mentor),
        accepted(second, role=Role.MENTEE, user=mentee),
    )
    from matching.services import run_approve

    run_approve(run=run, by=admin_user)
    # A draft and a submitted application, and a scheme still open to apply to.
    application_start(scheme=rich_scheme(name="Draft scheme"), applicant=mentee, role=Role.MENTEE)
    submitted = application_start(
        scheme=rich_scheme(name="Submitted scheme"), applicant=mentee, role=Role.MENTEE
    )
    submitted.answers = {
        str(q.pk): "Monday" for q in submitted.scheme.forms.get(role=Role.MENTEE).questions.all()
    }
    submitted.save()
    application_submit(application=submitted, by=mentee)
    rich_scheme(name="Open scheme")
    # A member-led scheme: the mentee's directory and requests to mentors.
    led = member_led_scheme(name="Ask a mentor")
    accepted(led, role=Role.MENTOR, user=ProfileFactory(years_experience=15).user)
    accepted(led, role=Role.MENTEE, user=mentee)
    return relationship


def test_portal_pages_have_no_serious_violations(
    new_page, live_server, world, mentor, mentee, axe_violations
):
    found, views, checked = {}, set(), set()
    start = ["dashboard", "account_email", "account_change_password", "mfa_index"]
    for user in (mentee, mentor):  # the mentor's crawl adds the pages only a mentor reaches
        page = new_page()
        sign_in_cookie(page.context, user, live_server.url)
        more, reached = crawl(page, [reverse(name) for name in start], axe_violations, checked)
        found |= more
        views |= reached
    print(f"axe checked {len(checked)} portal page shapes")
    assert MEMBER_PAGES - views == set(), "pages the crawl did not reach"
    assert found == {}, _report(found)


def test_portal_forms_with_errors_have_no_serious_violations(
    page, live_server, world, mentee, axe_violations
):
    """Error states: required fields left empty and submitted."""
    sign_in_cookie(page.context, mentee, live_server.url)
    rel = world
    draft = mentee.applications.get(status="draft")
    forms = {
        reverse("accounts:profile"): "Save profile",
        reverse("schemes:application", args=[draft.pk]): "Submit application",
        reverse("sessions_log:session_log", args=[rel.pk, 2]): "Save",
        reverse("sessions_log:goal_add", args=[rel.pk]): "Save",
        reverse("cpd:reflection_create"): "Save as complete",
        reverse("cpd:activity_add"): "Add the activity",
    }
    found = {}
    for path, button in forms.items():
        page.goto(path)
        server_validation_only(page)
        for field in page.locator(
            "main form[method=post] input[type=text],"
            " main form[method=post] input[type=date], main textarea"
        ).all():
            field.fill("")
        page.locator("main form[method=post]").get_by_role("button", name=button).first.click()
        page.locator(ERRORS).first.wait_for()
        problems = axe_violations(page)
        if problems:
            found[path] = problems
    assert found == {}, _report(found)


def test_public_pages_have_no_serious_violations(page, mentee, axe_violations):
    open_scheme = rich_scheme(name="Open to all")
    closed = rich_scheme(name="Coming soon", phase=Phase.REVIEW)
    wanted = {"email": "ann@example.org", "name": "Ann", "as": "", "news": True}
    confirm_token = subscription_confirm_token(scheme_id=open_scheme.pk, request=wanted)
    pages = [
        reverse("schemes:home"),
        open_scheme.get_absolute_url(),
        closed.get_absolute_url(),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        preferences_url(mentee).removeprefix("http://testserver"),
        reverse("schemes:subscription_confirm", args=[confirm_token]),
        "/no-such-page/",
    ]
    found = {}
    for path in pages:
        page.goto(path)
        problems = axe_violations(page)
        if problems:
            found[path] = problems
    # Error states and the pages reached by email: a failed sign-in, a bad sign-up, the
    # register-interest form with a bad address, the password reset link.
    page.goto(reverse("account_login"))
    page.get_by_label("Email").fill("mentee@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_text("not correct").wait_for()
    found |= {"login error": p for p in [axe_violations(page)] if p}
    page.goto(reverse("account_signup"))
    server_validation_only(page)
    page.get_by_role("button", name="Sign Up").click()
    page.locator(ERRORS).first.wait_for()
    found |= {"signup error": p for p in [axe_violations(page)] if p}
    page.goto(closed.get_absolute_url())
    page.locator("main form").get_by_label("Email").fill("not an email")
    server_validation_only(page)
    page.locator("main form").get_by_role("button").click()
    page.locator(ERRORS).first.wait_for()
    found |= {"interest error": p for p in [axe_violations(page)] if p}
    page.goto(reverse("account_reset_password"))
    page.get_by_label("Email").fill("mentee@example.org")
    page.get_by_role("button", name="Reset My Password").click()
    page.wait_for_url(f"**{reverse('account_reset_password_done')}")
    link = re.search(r"http://\S+/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    page.goto(urlsplit(link).path)
    assert page.get_by_label("New Password").first.count() == 1
    found |= {"password reset key": p for p in [axe_violations(page)] if p}
    assert found == {}, _report(found)
