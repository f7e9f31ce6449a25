"""Journey: flash mentoring. A mentor in Sydney offers a slot on their own clock; a mentee in
London sees it in London time, books it with a note; both see the booking, the mentor
with the note; the mentor's cancel asks first, and going back changes nothing; the mentee,
matched since, still finds the booking page from the dashboard. Any Content-Security-Policy
violation fails it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from schemes.models import Role
from schemes.services import application_mark_matched
from sessions_log.models import FlashSlot, RelationshipStatus
from tests.browser.test_journey_relationship import sign_in
from tests.sessions_log.factories import accept, flash_scheme

SYDNEY = ZoneInfo("Australia/Sydney")
LONDON = ZoneInfo("Europe/London")


def test_mentor_offers_a_slot_and_the_mentee_books_it(
    new_page, screenshot, coordinator, mentor, mentee, password
):
    mentor.profile.timezone = "Australia/Sydney"
    mentor.profile.save()
    mentee.profile.timezone = "Europe/London"
    mentee.profile.save()
    scheme = flash_scheme(coordinators=[coordinator], name="Flash conversations", slug="flash")
    accept(scheme, mentor, Role.MENTOR)
    accept(scheme, mentee, Role.MENTEE)
    day = timezone.localdate() + timedelta(days=10)
    starts = datetime.combine(day, time(19, 30), tzinfo=SYDNEY)
    mentor_page, mentee_page = new_page(), new_page()

    # The mentor offers a slot typed on their own (Sydney) clock.
    sign_in(mentor_page, mentor.email, password)
    mentor_page.goto("/portal/relationships/flash/flash/slots/")
    mentor_page.get_by_label("Date and time").fill(f"{day:%Y-%m-%d}T19:30")
    mentor_page.get_by_label("Length in minutes").fill("45")
    mentor_page.get_by_label("Meeting link or place").fill("https://meet.example.org/amara")
    mentor_page.get_by_role("button", name="Offer this slot").click()
    mentor_page.get_by_text("Slot offered: mentees can book it now.").wait_for()
    assert FlashSlot.objects.get().starts_at == starts

    # The mentee sees it in London time, with the zone named, and books it with a note.
    sign_in(mentee_page, mentee.email, password)
    mentee_page.goto("/portal/relationships/flash/flash/")
    in_london = starts.astimezone(LONDON)
    mentee_page.get_by_text(f"{in_london:%a %-d %b %Y, %H:%M}").first.wait_for()
    mentee_page.get_by_role("link", name="Book").first.click()
    mentee_page.get_by_role("button", name="Book").click()
    mentee_page.get_by_text("This field is required.").wait_for()  # nothing typed is lost
    mentee_page.get_by_label("What would you like to talk about?").fill(
        "Returning to practice after a career break."
    )
    mentee_page.get_by_role("button", name="Book").click()
    mentee_page.get_by_text("Conversation booked").wait_for()
    screenshot(mentee_page, "mentee booked")
    mentee_page.goto("/portal/relationships/flash/flash/")
    mentee_page.get_by_role("heading", name="Your upcoming conversations").wait_for()

    # The mentor sees who booked and what they want to talk about.
    mentor_page.reload()
    mentor_page.get_by_text(f"booked by {mentee.display_name}").wait_for()
    mentor_page.get_by_text("Returning to practice after a career break.").wait_for()
    screenshot(mentor_page, "mentor sees the booking")
    assert FlashSlot.objects.get().booked_by == mentee

    # Cancelling the booking asks first; "No, go back" leaves the conversation booked.
    mentor_page.get_by_role("link", name="Cancel the conversation and withdraw the slot").click()
    mentor_page.get_by_role("heading", name="Cancel this conversation?").wait_for()
    mentor_page.get_by_role("link", name="No, go back").click()
    mentor_page.get_by_role("heading", name="My flash slots").wait_for()
    slot = FlashSlot.objects.get()
    assert slot.booked_by == mentee
    assert slot.cancelled_at is None
    assert slot.relationship.status == RelationshipStatus.ACTIVE

    # Matched since, the mentee still finds the booking page from the dashboard.
    application_mark_matched(
        application=slot.relationship.members.get(user=mentee).application, by=mentee
    )
    mentee_page.goto("/portal/")
    mentee_page.get_by_role("link", name="Book a conversation in Flash conversations").click()
    mentee_page.get_by_role("heading", name="Book a flash conversation").wait_for()
