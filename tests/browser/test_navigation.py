"""The main navigation as a coordinator (the longest bar: Scheme health, Administration):
at a laptop's 1280px every item is on one line, and at a phone's 390px the bar collapses
behind its toggle, each item still on one line once opened."""

from __future__ import annotations

from django.urls import reverse

from tests.browser.seed import sign_in_cookie

# Each navigation link's height against one line of its text, and whether it is shown.
LINKS = """() => [...document.querySelectorAll("header nav .nav-link, header nav .navbar-brand")]
    .map((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
        const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
        return {text: el.textContent.trim(), visible: box.width > 0 && box.height > 0,
                lines: Math.round((box.height - padding) / line),
                right: box.right};
    })"""


def _wrapped(links) -> list[str]:
    return [link["text"] for link in links if link["visible"] and link["lines"] > 1]


def _open_dashboard(new_page, user, live_server, width: int):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_cookie(page.context, user, live_server.url)
    page.goto(reverse("dashboard"))
    return page


def test_coordinator_navigation_fits_on_one_line_at_1280(new_page, live_server, coordinator):
    page = _open_dashboard(new_page, coordinator, live_server, 1280)

    links = page.evaluate(LINKS)

    texts = {link["text"] for link in links if link["visible"]}
    assert {"My dashboard", "My matches", "Scheme health", "Sign out"} <= texts
    assert _wrapped(links) == []
    assert all(link["right"] <= 1280 for link in links if link["visible"])
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280


def test_coordinator_navigation_collapses_on_a_phone(new_page, live_server, coordinator):
    page = _open_dashboard(new_page, coordinator, live_server, 390)

    toggle = page.get_by_role("button", name="Toggle navigation")
    assert toggle.is_visible()
    assert not page.get_by_role("link", name="Scheme health").is_visible()

    toggle.click()
    page.get_by_role("link", name="Scheme health").wait_for(state="visible")
    links = page.evaluate(LINKS)
    assert _wrapped(links) == []
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
