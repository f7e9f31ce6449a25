"""The browser's time zone (Intl) is offered to a member who has not chosen one: on the
dashboard after signing in, and pre-selected on the profile form. Playwright sets the
browser's zone with ``timezone_id``."""

from __future__ import annotations

import re

from django.urls import reverse

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


def test_profile_enter_saves_and_the_device_zone_button_only_fills_the_field(browser, live_server):
    """Enter in a field saves the profile (the device's zone is not its first submit button
    any more); the device-zone button fills the field and sends nothing; a required field
    left empty is refused by the server, with the error summary first."""
    violations: list[str] = []
    profile = ProfileFactory(timezone="Europe/Warsaw", user__email="ada@example.org")
    context, page = page_in_zone(browser, live_server, violations, "America/Sao_Paulo")
    try:
        page.goto("/")
        sign_in(page, "ada@example.org", PASSWORD)
        page.goto(reverse("accounts:profile"))
        page.get_by_role("textbox", name="Job title").fill("Clinical lead")
        page.get_by_role("textbox", name="Job title").press("Enter")
        page.get_by_text("Your profile is saved.").wait_for()
        profile.refresh_from_db()
        assert (profile.job_title, profile.timezone) == ("Clinical lead", "Europe/Warsaw")

        page.goto(reverse("accounts:profile"))
        button = page.get_by_role("button", name=re.compile("Use my device's time zone"))
        button.wait_for(state="visible")
        assert "America/Sao Paulo" in button.inner_text()
        button.click()
        assert page.get_by_label("Time zone").input_value() == "America/Sao_Paulo"
        assert page.url.endswith(reverse("accounts:profile"))  # nothing was sent
        profile.refresh_from_db()
        assert profile.timezone == "Europe/Warsaw"

        page.locator("#id_career_stage").select_option("")
        page.get_by_role("button", name="Save profile").click()
        summary = page.locator(".error-summary")
        summary.wait_for()
        assert summary.get_by_role("link", name=re.compile("Career stage")).count() == 1
    finally:
        context.close()
    profile.refresh_from_db()
    assert (profile.career_stage, profile.timezone) == ("mid", "Europe/Warsaw")
    assert violations == []
