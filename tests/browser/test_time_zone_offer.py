"""The browser's time zone (Intl) is offered to a member who has not chosen one: on the
dashboard after signing in, and pre-selected on the profile form. Playwright sets the
browser's zone with ``timezone_id``."""

from __future__ import annotations

from accounts.models import Profile
from tests.browser.conftest import TIMEOUT_MS, watch_csp
from tests.browser.test_journey_member import sign_in
from tests.factories import PASSWORD, ProfileFactory


def page_in_zone(browser, live_server, csp_violations, zone: str):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id=zone)
    context.set_default_timeout(TIMEOUT_MS)
    watch_csp(context, csp_violations)
    return context, context.new_page()


def test_dashboard_offers_the_browsers_zone_and_uses_it(browser, live_server):
    violations: list[str] = []
    profile = ProfileFactory(timezone="", user__email="wei@example.org")
    context, page = page_in_zone(browser, live_server, violations, "Australia/Sydney")
    try:
        page.goto("/")
        sign_in(page, "wei@example.org", PASSWORD)
        offer = page.locator("form[data-time-zone-offer]")
        offer.wait_for(state="visible")
        assert offer.locator("[data-time-zone-name]").inner_text() == "Australia/Sydney"
        offer.get_by_role("button", name="Use this time zone").click()
        page.get_by_text("Times are now shown in Australia/Sydney time.").wait_for()
        assert "Times are shown in Australia/Sydney time" in page.locator("footer").inner_text()
        assert page.locator("form[data-time-zone-offer]").count() == 0
    finally:
        context.close()
    assert Profile.objects.get(pk=profile.pk).timezone == "Australia/Sydney"
    assert violations == []


def test_profile_form_preselects_the_browsers_zone_only_when_none_is_chosen(browser, live_server):
    violations: list[str] = []
    ProfileFactory(timezone="", user__email="joao@example.org")
    ProfileFactory(timezone="Europe/Warsaw", user__email="ola@example.org")
    seen = {}
    for email in ("joao@example.org", "ola@example.org"):
        context, page = page_in_zone(browser, live_server, violations, "America/Sao_Paulo")
        try:
            page.goto("/")
            sign_in(page, email, PASSWORD)
            page.get_by_role("link", name="My profile").click()
            page.wait_for_load_state("load")  # the offer's script runs once the page loaded
            field = page.get_by_label("Time zone")
            if email == "joao@example.org":  # the script fills the empty choice: wait for it
                page.wait_for_function(
                    "() => document.getElementById('id_timezone').value !== ''", timeout=15000
                )
            seen[email] = field.input_value()
        finally:
            context.close()
    assert seen == {"joao@example.org": "America/Sao_Paulo", "ola@example.org": "Europe/Warsaw"}
    assert violations == []
