"""Journey: a pair that has just accepted sees each other's contact details and exchanges
messages through the portal, each member in their own browser; the dashboard counts what is
unread, and a member reports a message. Any Content-Security-Policy violation fails it."""

from __future__ import annotations

from accounts import services as account_services
from sessions_log.models import Message, MessageReport
from tests.browser.seed import rich_scheme, started_relationship
from tests.browser.test_journey_relationship import sign_in

PHONE = "+48 22 123 45 67"


def test_pair_sees_contact_details_and_exchanges_messages(
    new_page, screenshot, admin_user, coordinator, mentor, mentee, password
):
    scheme = rich_scheme(coordinators=[coordinator], name="Peer support for new OTs")
    account_services.contact_settings_update(
        user=mentor, phone=PHONE, preferred_channel="text", message_emails="each"
    )
    relationship = started_relationship(scheme, mentor, mentee, by=admin_user)
    mentee_page, mentor_page = new_page(), new_page()

    # The mentee sees the mentor's details on the relationship page and writes first.
    sign_in(mentee_page, mentee.email, password)
    mentee_page.goto(relationship.get_absolute_url())
    contact = mentee_page.get_by_role("region", name="Reaching each other")
    contact.get_by_role("link", name=mentor.email).wait_for()
    contact.get_by_text(PHONE).wait_for()
    contact.get_by_role("link", name="Messages").click()
    mentee_page.get_by_label("Your message").fill("Hello! Could we meet on Tuesday at 18:00?")
    mentee_page.get_by_role("button", name="Send").click()
    mentee_page.get_by_text("Message sent.").wait_for()
    screenshot(mentee_page, "mentee wrote")

    # The mentor's dashboard counts it; the mentor reads it and replies.
    sign_in(mentor_page, mentor.email, password)
    mentor_page.get_by_role("link", name="Messages 1 unread").wait_for()
    mentor_page.get_by_role("link", name="Messages").first.click()
    mentor_page.get_by_text("Could we meet on Tuesday at 18:00?").wait_for()
    mentor_page.get_by_label("Your message").fill("Tuesday suits me. Running late? Text me.")
    mentor_page.get_by_role("button", name="Send").click()
    mentor_page.get_by_text("Message sent.").wait_for()
    mentor_page.get_by_role("link", name="My dashboard").first.click()
    assert mentor_page.get_by_text("unread").count() == 0

    # An empty message is refused beside the field.
    mentee_page.reload()
    mentee_page.get_by_text("Tuesday suits me.").wait_for()
    mentee_page.get_by_role("button", name="Send").click()
    mentee_page.get_by_text("This field is required.").wait_for()

    # The mentee reports the mentor's message (a confirmation page first).
    mentee_page.get_by_role("link", name=f"Report this message from {mentor.display_name}").click()
    mentee_page.get_by_label("What is wrong with it (optional)").fill("Testing the report path")
    mentee_page.get_by_role("button", name="Report this message").click()
    mentee_page.get_by_text("The message was reported").wait_for()
    screenshot(mentee_page, "reported")

    assert list(Message.objects.order_by("pk").values_list("author__email", flat=True)) == [
        mentee.email,
        mentor.email,
    ]
    assert MessageReport.objects.get().message.author == mentor
