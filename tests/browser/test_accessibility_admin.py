"""axe-core (WCAG 2.2 AA) over the staff side: every admin page a coordinator and an
administrator reach from the admin index (the grouped index, each changelist and the same
changelist with its first filter applied, add, change and history pages, imports and
exports), the matching run review page and the scheme-health dashboard: zero serious or
critical violations. Django's admin falls short in places; templates/admin/ and
static/css/admin.css, static/js/admin_a11y.js make up for it (targets of 24px, labelled
split date and time fields and inline fields, underlined breadcrumbs, filters before the
list). Also: the skip link of the portal and of the admin shows when focused, above
everything else, and a changelist's filters come before its rows."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.urls import reverse

from tests.authz.world import ADMIN, COORD
from tests.browser.seed import sign_in_cookie
from tests.browser.test_csp import ADMIN_PAGE, _shape
from tests.browser.test_csp import world as world  # the authorization matrix's world

FILTER_LINK = "#changelist-filter li:not(.selected) a[href^='?']"


def _without_axe_styles(csp_violations: list[str], axe_violations):
    """axe itself adds a <style> to some pages (the admin's add pages), which the policy
    blocks and reports: those reports, made while axe runs, are dropped; the page's own
    stay and fail the test."""

    def run(page) -> str:
        before = len(csp_violations)
        found = axe_violations(page)
        own = [
            v
            for v in csp_violations[before:]
            if "axe.min.js" not in v and not v.startswith("console: Applying inline style")
        ]
        del csp_violations[before:]
        csp_violations.extend(own)
        return found

    return run


def _report(found: dict[str, str]) -> str:
    return "\n".join(f"{path}\n{problems}" for path, problems in found.items())


def sweep_admin(page, axe_violations) -> tuple[dict[str, str], set[str]]:
    """axe on every admin page shape reachable from the index (and each changelist once
    filtered); returns the violations per URL and the shapes checked."""
    queue, visited, found = ["/admin/"], set(), {}
    while queue:
        path = queue.pop(0)
        shape = _shape(path)
        if shape in visited:
            continue
        visited.add(shape)
        response = page.goto(path)
        assert response is not None, path
        if response.status != 200:
            continue  # a link this user may not follow: its error page is the portal's
        problems = axe_violations(page)
        if problems:
            found[path] = problems
        hrefs = page.eval_on_selector_all("#content a[href]", "els => els.map(e => e.href)")
        queue += [urlsplit(h).path for h in hrefs if not urlsplit(h).query]
        queue = [p for p in queue if ADMIN_PAGE.match(p) or p == "/admin/"]
        first_filter = page.locator(FILTER_LINK).first
        if "?" not in path and first_filter.count():
            queue.append(path + first_filter.get_attribute("href"))
    return found, visited


def _staff_pages(world) -> list[str]:
    run = world.objects.get("run")
    pages = [
        reverse("insights:dashboard"),
        reverse("insights:dashboard_scheme", args=[world.scheme_a.slug]),
        reverse("insights:reports_index"),
        reverse("admin:matching_matchingrun_waiting"),
        reverse("admin:matching_matchingrun_start"),
    ]
    if run is not None:
        pages.append(reverse("admin:matching_matchingrun_review", args=[run.pk]))
    return pages


def _check_staff(page, live_server, world, who: str, axe_violations, must_reach: set[str]):
    sign_in_cookie(page.context, world.user(who), live_server.url)
    found, visited = sweep_admin(page, axe_violations)
    for path in _staff_pages(world):
        page.goto(path)
        problems = axe_violations(page)
        if problems:
            found[path] = problems
    print(f"axe checked {len(visited)} admin page shapes as {who}")
    assert found == {}, _report(found)
    assert must_reach - visited == set(), "pages the sweep did not reach"


def test_administrator_admin_pages_have_no_serious_violations(
    page, live_server, world, axe_violations, csp_violations
):
    must = {
        "/admin/",
        "/admin/schemes/application/",
        "/admin/schemes/scheme/N/change/",
        "/admin/schemes/scheme/add/",
        "/admin/sessions_log/relationship/N/change/",
        "/admin/schemes/application/N/history/",
    }
    axe = _without_axe_styles(csp_violations, axe_violations)
    _check_staff(page, live_server, world, ADMIN, axe, must)


def test_coordinator_admin_pages_have_no_serious_violations(
    page, live_server, world, axe_violations, csp_violations
):
    must = {"/admin/", "/admin/schemes/application/", "/admin/sessions_log/relationship/N/change/"}
    axe = _without_axe_styles(csp_violations, axe_violations)
    _check_staff(page, live_server, world, COORD, axe, must)


def _skip_link_shows(page, name: str) -> None:
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=name)
    assert page.evaluate("(el) => document.activeElement === el", skip.element_handle())
    box = skip.bounding_box()
    assert box is not None
    assert (box["y"] >= 0, box["height"] >= 24) == (True, True), box
    # Nothing (the navbar, the admin's header) is painted over its middle.
    on_top = page.evaluate(
        """([x, y]) => { const el = document.elementFromPoint(x, y);
                        return el === document.activeElement
                            || document.activeElement.contains(el); }""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, f"the skip link is hidden under something on {page.url}"


def test_skip_link_shows_above_everything_when_focused(page, live_server, world):
    for path in (reverse("schemes:home"), reverse("account_login")):
        page.goto(path)
        _skip_link_shows(page, "Skip to main content")
    sign_in_cookie(page.context, world.user(COORD), live_server.url)
    for path in (
        reverse("dashboard"),
        reverse("insights:dashboard"),
        "/admin/",
        "/admin/schemes/application/",
    ):
        page.goto(path)
        _skip_link_shows(page, "Skip to main content")


def test_changelist_filters_come_before_the_rows(page, live_server, world):
    sign_in_cookie(page.context, world.user(COORD), live_server.url)
    page.goto("/admin/schemes/application/")
    order = page.evaluate(
        """() => {
            const filters = document.querySelector('#changelist-filter');
            const rows = document.querySelector('#result_list');
            return filters.compareDocumentPosition(rows) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order, "the filters come after the list"
    # Visually still beside the list on a wide screen (the list's own box: a table wider
    # than it scrolls inside it, as Django's admin lets it).
    page.set_viewport_size({"width": 1400, "height": 900})
    filters = page.locator("#changelist-filter").bounding_box()
    rows = page.locator("#changelist .results").bounding_box()
    assert filters is not None
    assert rows is not None
    assert filters["x"] > rows["x"] + rows["width"] - 1
    scheme_filter = page.locator("#changelist-filter a").first
    tabs = 0
    while tabs < 60:
        page.keyboard.press("Tab")
        tabs += 1
        if page.evaluate("(el) => document.activeElement === el", scheme_filter.element_handle()):
            break
    assert tabs < 60, "the first filter is not reached within 60 Tab presses"
    assert re.search(r"\?", scheme_filter.get_attribute("href") or "")


def test_run_review_polls_its_progress_without_reloading(page, live_server, coordinator, scheme):
    from matching.models import MatchingRun, RunStatus

    run = MatchingRun.objects.create(scheme=scheme, status=RunStatus.RUNNING, progress=10)
    sign_in_cookie(page.context, coordinator, live_server.url)
    page.goto(reverse("admin:matching_matchingrun_review", args=[run.pk]))
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads
    MatchingRun.objects.filter(pk=run.pk).update(progress=60)
    page.wait_for_function("() => document.querySelector('#run-progress').value === 60")
    page.get_by_text("60% done").wait_for()  # the polite live region
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED, progress=100)
    page.get_by_role("button", name="Show the proposals").wait_for()
    assert page.evaluate("() => window.sameDocument === true")
    assert page.locator("meta[http-equiv=refresh]").count() == 0
