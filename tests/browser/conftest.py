"""Browser tests: Playwright's sync API driving Debian's Chromium against ``live_server``.

One browser per test session, a fresh context (cookies, storage) per test. Every test here
is marked ``browser`` and uses a transactional database (``live_server`` serves requests
from another thread, so the data must be committed).

Chromium comes from Debian (/usr/bin/chromium), never from ``playwright install``; when it
is missing the tests skip, unless ``REQUIRE_BROWSER=1`` (CI) makes that a failure.
axe-core comes from npm (``npm ci`` at the repository root).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.areas import ensure_areas

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
TIMEOUT_MS = 10_000
# axe-core reaches the page from this same-origin path, answered by Playwright (page.route),
# never by the app: the Content-Security-Policy (script-src 'self') blocks inline scripts.
AXE_PATH = "/__test-only__/axe.min.js"
# Reports every Content-Security-Policy violation to the test (through an exposed binding):
# added to each document before its own scripts run; the policy does not apply to it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}` +
    ` (${e.sourceFile || "?"}:${e.lineNumber}) ${e.sample || ""}`
));
"""


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread (in a paused
    # greenlet) while the browser is open, so Django would refuse the synchronous ORM calls
    # the tests make between browser steps. Allowed exactly while that loop exists.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def watch_csp(context, violations: list[str]) -> None:
    """Add to ``violations`` every Content-Security-Policy violation of any page of
    ``context``: the documents' securitypolicyviolation events and Chromium's console
    reports of them."""
    context.expose_binding("__cspViolation", lambda source, text: violations.append(text))
    context.add_init_script(CSP_LISTENER)

    def console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text[:300]}")

    context.on("console", console)


@pytest.fixture
def csp_violations() -> list[str]:
    """Every Content-Security-Policy violation reported in the test's browser contexts."""
    return []


@pytest.fixture(autouse=True)
def areas_listed(request):
    """Every browser test starts with the body's areas and the HCPC standards (a live-server
    test before it emptied the database, the migrations' rows with it)."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        ensure_areas()


@pytest.fixture
def new_page(browser, live_server, csp_violations):
    """Open a page in a fresh context (a second member gets a second context). A
    Content-Security-Policy violation in any of them fails the test."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, accept_downloads=True, locale="en-GB"
        )
        context.set_default_timeout(TIMEOUT_MS)
        watch_csp(context, csp_violations)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        # Nothing a page sends as it closes (autosave's keepalive save when a page with
        # unsaved text is hidden) reaches the server: it could still be writing when the
        # test's database is reset, which deadlocks on PostgreSQL.
        context.route("**/*", lambda route: route.abort())
        context.close()
    assert csp_violations == [], "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def date_keys(browser):
    """What to type into a date field for a given date: the segment order of Chromium's
    date fields follows its UI locale (Debian ships en-US only: month first), so probe it."""
    context = browser.new_context()
    probe = context.new_page()
    probe.set_content("<input type=date id=d>")
    probe.focus("#d")
    probe.keyboard.type("01022026")
    month_first = probe.input_value("#d") == "2026-01-02"
    context.close()

    def keys(value) -> str:
        return f"{value:%m%d%Y}" if month_first else f"{value:%d%m%Y}"

    return keys


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(
            f"{AXE.relative_to(ROOT)} is missing: run `npm ci` at the repository root",
            pytrace=False,
        )
    return AXE


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']!r}")
            lines.append(f"    {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def axe_violations(axe_source):
    """Run axe-core (WCAG 2.2 AA tags) on the page; return its serious or critical
    violations as readable text (empty when there are none)."""

    def run(page) -> str:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(axe_source)))
            page.add_script_tag(url=AXE_PATH)
            page.unroute(f"**{AXE_PATH}")
        result = page.evaluate(
            """async (tags) => await axe.run(
                document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}
            )""",
            WCAG_TAGS,
        )
        return _describe([v for v in result["violations"] if v["impact"] in BLOCKING])

    return run


@pytest.fixture
def assert_accessible(axe_violations):
    """Fail on any serious or critical axe violation of the page, listing them."""

    def check(page, label: str = "") -> None:
        found = axe_violations(page)
        assert found == "", f"axe: serious/critical violations on {label or page.url}:\n{found}"

    return check


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot as artifacts/screenshots/<journey>/<NN>-<step>.png."""
    journey = re.sub(r"[^a-z0-9_]+", "-", request.node.name.removeprefix("test_").lower())
    counter = iter(range(1, 1000))

    def shoot(page, step: str) -> Path:
        folder = SCREENSHOTS / journey
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot


def focus_is_visible(page) -> bool:
    """The focused element matches :focus-visible and draws a solid outline of 2px or more
    (site.css; Bootstrap's own focus ring is a faint tint)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body || !el.matches(':focus-visible')) return false;
            const s = getComputedStyle(el);
            return s.outlineStyle === 'solid' && parseFloat(s.outlineWidth) >= 2;
        }"""
    )


def tab_to(page, locator, *, max_tabs: int = 150, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``locator`` has focus, checking focus stays visible."""
    key = "Shift+Tab" if backwards else "Tab"
    handle = locator.element_handle()
    for _ in range(max_tabs):
        page.keyboard.press(key)
        if page.evaluate("(el) => document.activeElement === el", handle):
            assert focus_is_visible(page), f"focus on {locator} is not visible"
            return
    raise AssertionError(f"{locator} never received focus after {max_tabs} x {key}")
