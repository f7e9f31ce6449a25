"""The main journeys with the keyboard alone: Tab, Shift+Tab, Enter, Space, arrows and
typing (no clicks), with the focus visible at every stop and a skip link to the content."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from cpd.models import Reflection
from schemes.models import Application, ApplicationStatus
from sessions_log.models import SessionStatus
from tests.browser.conftest import focus_is_visible, tab_to
from tests.browser.seed import rich_scheme, started_relationship

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_default_timezone())


def press(page, locator, key: str = "Enter") -> None:
    """Tab to ``locator`` (focus visible) and press ``key`` on it."""
    tab_to(page, locator)
    page.keyboard.press(key)


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def keyboard_sign_in(page, email: str, password: str) -> None:
    page.goto("/")
    # The first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert page.evaluate("(el) => document.activeElement === el", skip.element_handle())
    assert focus_is_visible(page)
    assert skip.is_visible()  # visually hidden until focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # Back up to the navigation's "Sign in" link.
    tab_to(page, page.get_by_role("link", name="Sign in"), backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    type_into(page, page.get_by_label("Email"), email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Welcome").wait_for()


def test_keyboard_only_sign_in_and_submit_an_application(page, screenshot, mentee, password):
    scheme = rich_scheme(name="Keyboard scheme")
    keyboard_sign_in(page, mentee.email, password)

    press(page, page.get_by_role("link", name="Schemes", exact=True))
    press(page, page.get_by_role("link", name=scheme.name))
    press(page, page.get_by_role("link", name=f"Apply to {scheme.name}"))
    # The one role open to this member is said in words, not offered as a radio to tick.
    page.get_by_text("You apply as Junior partner (mentee)").wait_for()
    press(page, page.get_by_role("button", name="Start application"))

    press(page, page.get_by_label("Leadership"), "Space")
    type_into(page, page.get_by_label("What do you hope to get out of the scheme?"), "To lead.")
    type_into(page, page.get_by_label("What would you like to get out of it?"), "Confidence.")
    tab_to(page, page.get_by_label("Preferred day"))
    page.keyboard.type("Friday")  # type-ahead picks the option
    assert page.get_by_label("Preferred day").input_value() == "Friday"
    screenshot(page, "application filled by keyboard")
    press(page, page.get_by_role("button", name="Submit application"))
    page.get_by_text("your application has been submitted").wait_for()

    application = Application.objects.get(applicant=mentee, scheme=scheme)
    assert (application.status, application.goals_areas, application.hopes) == (
        ApplicationStatus.SUBMITTED,
        ["leadership"],
        "To lead.",
    )


def test_keyboard_only_plan_and_log_a_session_and_write_a_reflection(
    page, screenshot, date_keys, admin_user, mentor, mentee, password
):
    with time_machine.travel(START, tick=True) as clock:
        scheme = rich_scheme(name="Keyboard pairs")
        relationship = started_relationship(scheme, mentor, mentee, by=admin_user)
        keyboard_sign_in(page, mentor.email, password)
        press(page, page.get_by_role("link", name=scheme.name, exact=True))

        # Plan session 1: the date and time field takes typed segments.
        press(page, page.get_by_role("link", name="Plan session 1", exact=True))
        when = page.get_by_label("Date and time")
        tab_to(page, when)
        page.keyboard.type(date_keys(START + timedelta(days=2)))
        page.keyboard.press("Tab")  # to the hour segment
        page.keyboard.type("1830")
        assert when.input_value() == "2026-03-04T18:30"
        press(page, page.get_by_label("Online"), "Space")
        type_into(page, page.get_by_label("Meeting link or place"), "https://meet.example.org/k")
        screenshot(page, "plan by keyboard")
        press(page, page.get_by_role("button", name="Save"))
        page.get_by_role("link", name="Calendar file for session 1").wait_for()
        session = relationship.sessions.get(number=1)
        assert timezone.localtime(session.scheduled_at).strftime("%Y-%m-%d %H:%M") == (
            "2026-03-04 18:30"
        )

        # Two days on, log it.
        clock.move_to(START + timedelta(days=2, hours=12))
        page.reload()
        press(page, page.get_by_role("link", name="Log session 1", exact=True))
        held = page.get_by_label("Held on")
        tab_to(page, held)
        page.keyboard.type(date_keys(START + timedelta(days=2)))
        assert held.input_value() == "2026-03-04"
        type_into(page, page.get_by_label("Duration (minutes)"), "50")
        press(page, page.get_by_label("Online"), "Space")
        type_into(page, page.get_by_label("Notes"), "Talked about delegation.")
        screenshot(page, "log by keyboard")
        press(page, page.get_by_role("button", name="Save"))
        page.get_by_role("heading", name="Sessions", exact=True).wait_for()
        session.refresh_from_db()
        assert (session.status, session.duration_minutes) == (SessionStatus.HELD, 50)

        # Reflect on it, from the CPD record.
        press(page, page.get_by_role("link", name="My CPD"))
        press(page, page.get_by_role("link", name="Write a reflection on session 1"))
        type_into(page, page.get_by_label("What?", exact=True), "We met online.")
        type_into(page, page.get_by_label("So what?", exact=True), "Delegating is a skill.")
        type_into(page, page.get_by_label("Now what?", exact=True), "Delegate one task.")
        press(page, page.get_by_role("button", name="Save as complete"))
        page.get_by_text("Your reflection is saved.").wait_for()
        screenshot(page, "reflection by keyboard")
        reflection = Reflection.objects.get(author=mentor)
        assert (reflection.session, reflection.entries["now_what"]) == (
            session,
            "Delegate one task.",
        )
