"""Screenshots of the key pages for the README, taken from a running demo.

Start the demo first (``STAFF_MFA_REQUIRED=off scripts/run.sh``), then::

    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000

It signs in as the demo members and staff (README), opens each key page at laptop width
(1280 px) and the member pages at phone width (390 px), and writes PNGs to
``docs/screenshots/``. Chromium is Debian's (``--chromium``), driven by Playwright.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

PASSWORD = "demo-mentoring-2025"
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/logout/")
    if page.locator("form button[type=submit]").count():
        page.locator("form button[type=submit]").last.click()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def shot(page: Page, out: Path, name: str, *, full: bool = True) -> None:
    page.wait_for_load_state("networkidle")
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    # 256 colours are plenty for a web page and keep the repository small.
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256).save(path, optimize=True)
    print(f"{name}: {page.url}")


def first_link(page: Page, pattern: str) -> str | None:
    """The first link on the page whose address matches ``pattern`` (a regular expression)."""
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
        if re.search(pattern, href):
            return href
    return None


def member_pages(page: Page, base: str, out: Path, prefix: str) -> None:
    sign_in(page, base, "mentee@demo.example")
    page.goto(f"{base}/portal/")
    shot(page, out, f"{prefix}dashboard")
    relationship = first_link(page, r"/portal/relationships/\d+/$")
    if relationship:
        page.goto(relationship)
        shot(page, out, f"{prefix}relationship")
    page.goto(f"{base}/portal/cpd/")
    shot(page, out, f"{prefix}cpd-record")


def laptop_only(page: Page, base: str, out: Path) -> None:
    sign_in(page, base, "mentee@demo.example")
    page.goto(f"{base}/portal/matches/")
    proposal = first_link(page, r"/portal/matches/\d+/$")
    if proposal:
        page.goto(proposal)
        shot(page, out, "proposal-reasons")
    sign_in(page, base, "admin@demo.example")
    page.goto(f"{base}/admin/schemes/scheme/")
    scheme = first_link(page, r"/admin/schemes/scheme/\d+/change/$")
    if scheme:
        page.goto(scheme)
        shot(page, out, "admin-setup-checklist", full=False)
    page.goto(f"{base}/admin/matching/matchingrun/")
    run = first_link(page, r"/admin/matching/matchingrun/\d+/review/$")
    if run is None:
        change = first_link(page, r"/admin/matching/matchingrun/\d+/change/$")
        run = change.replace("/change/", "/review/") if change else None
    if run:
        page.goto(run)
        shot(page, out, "admin-run-review", full=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = args.base_url.rstrip("/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True)
        laptop = browser.new_page(viewport=LAPTOP)
        member_pages(laptop, base, out, "laptop-")
        laptop_only(laptop, base, out)
        phone = browser.new_page(viewport=PHONE, is_mobile=True)
        member_pages(phone, base, out, "phone-")
        browser.close()


if __name__ == "__main__":
    main()
