"""Reaching each other: the relationship page once it has ended (no empty contact section),
and the message emails' reply path (the link, not a reply to the email)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from accounts import services as account_services
from sessions_log import services
from sessions_log.services.messages import messages_digest_send
from tests.sessions_log.factories import start_pair

ONLY_WHILE_ACTIVE = "Contact details are shown only while the partnership is active."
NO_REPLY = "Replies to this email do not reach"


@pytest.fixture
def pair(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee)


def test_ended_relationship_says_why_no_contact_details(client, pair, mentor, mentee):
    client.force_login(mentee)
    page = client.get(pair.get_absolute_url()).text
    assert 'href="mailto:mentor@example.org"' in page
    assert ONLY_WHILE_ACTIVE not in page
    services.relationship_end_early(relationship=pair, by=mentor)
    page = client.get(pair.get_absolute_url()).text
    assert "mentor@example.org" not in page
    assert "Reaching each other" in page
    assert ONLY_WHILE_ACTIVE in page  # the heading is never left empty


def test_outsider_still_gets_nothing_of_an_ended_relationship(client, pair, mentor, outsider):
    services.relationship_end_early(relationship=pair, by=mentor)
    client.force_login(outsider)
    assert client.get(pair.get_absolute_url()).status_code == 404


def test_message_email_says_to_reply_by_its_link(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(relationship=pair, by=mentor, body="Tuesday at six?")
    [email] = mail.outbox
    html = email.alternatives[0][0]
    line = f"{NO_REPLY} {mentor.display_name}: reply in the conversation, with the link above."
    assert line in email.body
    assert line in html
    assert email.reply_to == []  # replies are not delivered to the partner
    assert "Tuesday at six?" not in email.body + html


def test_message_digest_says_to_reply_by_its_links(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    account_services.contact_settings_update(
        user=mentee, phone="", preferred_channel="", message_emails="daily"
    )
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime(2026, 1, 20, 12, 0, tzinfo=london), tick=False):
        services.message_send(relationship=pair, by=mentor, body="Tuesday at six?")
    with (
        time_machine.travel(datetime(2026, 1, 21, 7, 30, tzinfo=london), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert messages_digest_send() == 1
    [digest] = [m for m in mail.outbox if m.to == [mentee.email]]
    line = f"{NO_REPLY} your partners: reply in each conversation, with its link above."
    assert line in digest.body
    assert line in digest.alternatives[0][0]
