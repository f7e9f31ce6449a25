"""The dashboard leads the member: their next session in their zone, and what needs them
now with one button each; irreversible actions go through a confirmation page
(``core.confirm``) where "No" changes nothing. The clock is fixed with time-machine, which
the live server shares (same process)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from sessions_log import services
from sessions_log.models import RelationshipStatus, SessionMode
from tests.browser.test_journey_relationship import sign_in
from tests.factories import PASSWORD
from tests.sessions_log.factories import start_pair

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.get_default_timezone())


def test_dashboard_next_steps_and_the_confirmation_pattern(
    page, screenshot, assert_accessible, scheme, mentor, mentee
):
    with time_machine.travel(NOW, tick=True):
        pair = start_pair(scheme, mentor, mentee, steps=3, started_on=date(2026, 3, 2))
        services.session_plan(
            session=pair.sessions.get(number=1),
            by=mentor,
            scheduled_at=NOW + timedelta(days=2, hours=1),
            mode=SessionMode.PHONE,
        )
        services.message_send(relationship=pair, by=mentor, body="See you on Friday")

        sign_in(page, mentee.email, PASSWORD)
        steps = page.locator("#next-steps")
        steps.wait_for()
        next_session = page.locator("#next-session").inner_text()
        assert "Fri 6 Mar 2026, 10:00 GMT" in next_session
        assert f"1 unread message in {scheme.name}." in steps.inner_text()
        screenshot(page, "dashboard next steps")
        assert_accessible(page, "dashboard with next steps")

        # One button per step: planning session 2 opens its planner.
        steps.get_by_role("link", name="Plan session 2").click()
        page.get_by_role("heading", name="Plan session 2").wait_for()

        # Adding a session asks first; "No, go back" changes nothing.
        page.goto(pair.get_absolute_url())
        page.get_by_role("link", name="Add a further session").click()
        page.get_by_role("heading", name="Add a further session?").wait_for()
        screenshot(page, "confirm adding a session")
        assert_accessible(page, "confirmation page")
        page.get_by_role("link", name="No, go back").click()
        page.get_by_role("heading", name="Sessions", exact=True).wait_for()
        assert pair.sessions.count() == 3
        page.get_by_role("link", name="Add a further session").click()
        page.get_by_role("button", name="Yes, add a session").click()
        page.get_by_text("A further session was added.").wait_for()
        assert pair.sessions.count() == 4

        # Pausing asks first too; once paused, nothing is left to plan on the dashboard.
        page.get_by_role("link", name="Pause the relationship").click()
        page.get_by_role("button", name="Yes, pause it").click()
        page.get_by_text("Relationship paused.").wait_for()
        pair.refresh_from_db()
        assert pair.status == RelationshipStatus.PAUSED
        page.get_by_role("link", name="My dashboard").first.click()
        page.locator("#next-steps").wait_for()
        assert "Plan session" not in page.locator("#next-steps").inner_text()
