"""Phone first (issue 20): every portal page at a phone's width (390 x 844, and 320 for
the key pages) has no horizontal scroll, and its buttons (Plan, Log, Save…) sit inside the
screen. The portal's tables become cards (site.css, static/js/tables.js).

The pages are found by the accessibility sweep's crawl from each member's dashboard, so a
new page is checked as soon as something links to it. Screenshots of each page go to
artifacts/screenshots/<test>/ (not committed)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.urls import reverse

from tests.browser.seed import sign_in_cookie
from tests.browser.test_accessibility import MEMBER_PAGES, crawl
from tests.browser.test_accessibility import world as world  # the sweep's seeded world

# UPDATE_DOCS_SCREENSHOTS=1 also writes the README's two phone screenshots here.
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
# Does the page scroll sideways, and which buttons or button-like links stick out of it?
LAYOUT = """() => {
    const width = window.innerWidth;
    const overflow = document.scrollingElement.scrollWidth - width;
    const outside = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.left < 0 || box.right > width + 0.5);
    };
    const wide = overflow > 0
        ? [...document.querySelectorAll("body *")].filter(outside).slice(0, 3)
            .map((el) => el.outerHTML.slice(0, 150))
        : [];
    const buttons = [...document.querySelectorAll("main .btn, main button, main input")]
        .filter((el) => el.offsetParent !== null && outside(el))
        .map((el) => (el.textContent || el.name || "").trim().replace(/\\s+/g, " "));
    return {overflow, wide, buttons};
}"""


def layout_problems(page) -> str:
    """'' when the page fits the screen's width; otherwise what sticks out."""
    found = page.evaluate(LAYOUT)
    problems = []
    if found["overflow"] > 0:
        problems.append(f"scrolls sideways by {found['overflow']}px: {found['wide']}")
    if found["buttons"]:
        problems.append(f"buttons outside the screen: {found['buttons']}")
    return "; ".join(problems)


def _phone_page(new_page, user, live_server, size):
    page = new_page()
    page.set_viewport_size(size)
    sign_in_cookie(page.context, user, live_server.url)
    return page


def test_every_portal_page_fits_a_phone(new_page, live_server, world, mentor, mentee, screenshot):
    found, views, checked = {}, set(), set()
    start = [reverse(n) for n in ("dashboard", "account_email", "account_change_password")]

    for user in (mentee, mentor):
        page = _phone_page(new_page, user, live_server, PHONE)

        def check(page) -> str:
            screenshot(page, re.sub(r"\d+", "n", page.url.split("//", 1)[1].split("/", 1)[1]))
            return layout_problems(page)

        more, reached = crawl(page, start, check, checked)
        found |= more
        views |= reached
    assert found == {}, "\n".join(f"{path}: {problem}" for path, problem in found.items())
    assert MEMBER_PAGES - views == set(), "pages the crawl did not reach"


def test_key_pages_fit_the_smallest_phone_with_their_buttons_in_reach(
    new_page, live_server, world, mentee, screenshot
):
    relationship = world
    draft = mentee.applications.get(status="draft")
    page = _phone_page(new_page, mentee, live_server, SMALL_PHONE)
    pages = {
        "dashboard": reverse("dashboard"),
        "relationship": reverse("sessions_log:relationship", args=[relationship.pk]),
        "cpd record": reverse("cpd:record"),
        "reflections": reverse("cpd:reflections"),
        "reflection form": reverse("cpd:reflection_create"),
        "application": reverse("schemes:application", args=[draft.pk]),
    }
    found = {}
    for name, path in pages.items():
        page.goto(path)
        screenshot(page, f"320 {name}")
        problems = layout_problems(page)
        if problems:
            found[name] = problems
    assert found == {}, found

    # The sessions table is a list of cards: each session's Plan or Log button is on screen
    # once scrolled to, and named for its session.
    page.goto(pages["relationship"])
    buttons = page.get_by_role("link", name=re.compile(r"^(Plan|Log) session \d")).all()
    assert len(buttons) >= 2
    for button in buttons:
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box is not None
        assert (box["x"] >= 0, box["x"] + box["width"] <= 320) == (True, True), box
        assert box["height"] >= 24  # WCAG 2.5.8 target size
    headers = page.locator("main table thead").first.bounding_box()
    assert headers is None or headers["height"] <= 1  # headings only for screen readers
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        _docs_screenshots(page, pages)


def _docs_screenshots(page, pages: dict[str, str]) -> None:
    """The README's phone screenshots: the sessions as cards, and a reflection switched to
    Gibbs' cycle with its text kept and autosaved."""
    DOCS_SCREENSHOTS.mkdir(exist_ok=True)
    page.get_by_role("heading", name="Sessions").scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('main h2 + table, main table').scrollIntoView()")
    page.screenshot(path=str(DOCS_SCREENSHOTS / "phone-relationship.png"))
    page.goto(pages["reflection form"])
    page.get_by_label("Title", exact=False).fill("First meeting")
    page.get_by_label("What?", exact=True).fill("We met and agreed what to work on.")
    page.get_by_label("So what?").fill("I saw what I need to learn first.")
    page.get_by_role("button", name="Switch to Gibbs' reflective cycle").click()
    page.get_by_label("Feelings").fill("Nervous, then glad.")
    page.wait_for_function(
        "() => /^Saved at/.test(document.querySelector('[data-autosave-status]').textContent)"
    )
    page.get_by_label("Feelings").scroll_into_view_if_needed()
    page.screenshot(path=str(DOCS_SCREENSHOTS / "phone-reflection.png"))
