"""A relationship's private conversation: sending, reading, unread counts, emails (each or a
daily digest, each once), reporting a message, and who can reach any of it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services as account_services
from accounts.models import EmailPreference, NotificationKind, SentNotification
from sessions_log import services
from sessions_log.models import MESSAGE_MAX_LENGTH, Message, MessageReport
from sessions_log.selectors import unread_counts
from sessions_log.services.messages import messages_digest_send
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")
BODY = "Running ten minutes late, sorry! Zażółć gęślą jaźń."


@pytest.fixture
def pair(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee)


def _url(relationship, name="sessions_log:messages", **more):
    return reverse(name, kwargs={"pk": relationship.pk, **more})


def test_pair_exchange_messages_and_unread_counts_follow(client, pair, mentor, mentee):
    client.force_login(mentor)
    response = client.post(_url(pair), {"body": BODY})
    assert response.status_code == 302
    assert response["Location"] == _url(pair) + "#latest"
    assert unread_counts(user=mentee) == {pair.pk: 1}
    assert unread_counts(user=mentor) == {}  # one's own message is read

    client.force_login(mentee)
    dashboard = client.get(reverse("dashboard"))
    assert "1 unread" in dashboard.text
    page = client.get(_url(pair))
    assert page.status_code == 200
    assert "Running ten minutes late, sorry! Zażółć gęślą jaźń." in page.text
    assert unread_counts(user=mentee) == {}
    assert "unread" not in client.get(reverse("dashboard")).text


def test_message_email_is_sent_once_with_a_reply_link_and_no_body(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(relationship=pair, by=mentor, body=BODY)
    [email] = mail.outbox
    assert email.to == ["mentee@example.org"]
    link = f"http://testserver{_url(pair)}#reply"
    assert f"Read it and reply: {link}" in email.body
    assert f'href="{link}"' in email.alternatives[0][0]
    assert "Running ten minutes late" not in email.body + email.alternatives[0][0]
    records = SentNotification.objects.filter(kind=NotificationKind.MESSAGE_NEW)
    assert [(r.email, r.key.rsplit(":", 2)[-2:]) for r in records] == [
        ("mentee@example.org", ["message", str(message.pk)])
    ]


def test_retried_notification_of_one_message_is_not_sent_twice(
    pair, mentor, django_capture_on_commit_callbacks
):
    from accounts.emails.outbox import notify

    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(relationship=pair, by=mentor, body=BODY)
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(
            kind=NotificationKind.MESSAGE_NEW,
            key=f"message:{message.pk}",
            template="sessions_log_message",
            context={"author": mentor, "relationship": pair, "scheme": pair.scheme, "url": "x"},
            user=pair.members.exclude(user=mentor).get().user,
        )
    assert again is None
    assert len(mail.outbox) == 1


def test_no_email_for_members_who_turned_messages_off(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=mentee, kind=NotificationKind.MESSAGE_NEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(relationship=pair, by=mentor, body=BODY)
    assert mail.outbox == []
    assert unread_counts(user=mentee) == {pair.pk: 1}


def test_daily_digest_counts_unread_messages_once_a_day(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    account_services.contact_settings_update(
        user=mentee, phone="", preferred_channel="", message_emails="daily"
    )
    with django_capture_on_commit_callbacks(execute=True):
        for minute, author in ((0, mentee), (1, mentor), (2, mentor), (3, mentor)):
            with time_machine.travel(datetime(2026, 1, 20, 12, minute, tzinfo=LONDON)):
                services.message_send(relationship=pair, by=author, body=f"{BODY} {minute}")
    # Daily for the mentee: nothing per message (the mentor, by default, hears of each;
    # the mentee's own message is not counted for them).
    assert [m.to for m in mail.outbox] == [["mentor@example.org"]]
    mail.outbox.clear()
    morning = datetime(2026, 1, 21, 7, 30, tzinfo=LONDON)
    with time_machine.travel(morning, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert messages_digest_send() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert messages_digest_send() == 0  # the same day again: nothing
    [digest] = mail.outbox
    assert digest.to == ["mentee@example.org"]
    assert f"- {pair.scheme.name}: 1 unread" not in digest.body
    assert f"- {pair.scheme.name}: 3 unread. Read and reply: http://testserver" in digest.body
    assert BODY not in digest.body
    # Read the next day: nothing the day after.
    services.messages_mark_read(
        relationship=pair, by=mentee, until=Message.objects.latest("created_at").created_at
    )
    with (
        time_machine.travel(morning + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert messages_digest_send() == 0


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "This field is required."),
        ("   \n  ", "This field is required."),
        ("x" * (MESSAGE_MAX_LENGTH + 1), f"at most {MESSAGE_MAX_LENGTH} characters"),
    ],
)
def test_bad_message_is_refused_on_its_field_and_kept(client, pair, mentee, body, error):
    client.force_login(mentee)
    response = client.post(_url(pair), {"body": body})
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors["body"])
    if body.strip():
        assert response.context["form"]["body"].value() == body  # nothing lost
    assert Message.objects.count() == 0


def test_service_refuses_empty_message_outsider_and_ended_relationship(pair, mentor, outsider):
    with pytest.raises(ValidationError) as empty:
        services.message_send(relationship=pair, by=mentor, body="  ")
    assert empty.value.message_dict == {"body": ["Write a message before sending it."]}
    with pytest.raises(PermissionDenied):
        services.message_send(relationship=pair, by=outsider, body=BODY)
    services.relationship_end_early(relationship=pair, by=mentor)
    with pytest.raises(ValidationError, match="This relationship has ended."):
        services.message_send(relationship=pair, by=mentor, body=BODY)
    assert Message.objects.count() == 0


def test_nobody_outside_the_pair_reaches_the_conversation(
    client, pair, mentor, outsider, coordinator, admin_user, other_coordinator
):
    services.message_send(relationship=pair, by=mentor, body=BODY)
    for person in (outsider, coordinator, admin_user, other_coordinator):
        client.force_login(person)
        assert client.get(_url(pair)).status_code == 404
        assert client.post(_url(pair), {"body": "intrusion"}).status_code == 404
    assert list(Message.objects.values_list("body", flat=True)) == [BODY]


def test_report_shows_that_message_only_to_the_coordinator(
    client, pair, mentor, mentee, coordinator, admin_user, django_capture_on_commit_callbacks
):
    kept = services.message_send(relationship=pair, by=mentor, body="A private worry of mine")
    bad = services.message_send(relationship=pair, by=mentor, body="Something unkind")
    client.force_login(mentee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(pair, "sessions_log:message_report", message_pk=bad.pk), {"reason": "Rude"}
        )
    assert response.status_code == 302
    report = MessageReport.objects.get()
    assert (report.message, report.reported_by, report.reason) == (bad, mentee, "Rude")
    [alert] = [m for m in mail.outbox if m.to == ["coord@example.org"]]
    assert "Something unkind" not in alert.body
    assert f"/admin/sessions_log/messagereport/{report.pk}/change/" in alert.body

    for staff in (coordinator, admin_user):
        client.force_login(staff)
        page = client.get(f"/admin/sessions_log/messagereport/{report.pk}/change/")
        assert page.status_code == 200
        assert "Something unkind" in page.text
        assert "A private worry of mine" not in page.text
        assert client.get("/admin/sessions_log/message/").status_code == 404
    assert kept.pk != bad.pk


def test_reporting_own_message_twice_or_another_relationship_s_is_refused(
    client, scheme, pair, mentor, mentee, outsider
):
    own = services.message_send(relationship=pair, by=mentee, body="My own words")
    theirs = services.message_send(relationship=pair, by=mentor, body=BODY)
    with pytest.raises(ValidationError, match="You cannot report your own message."):
        services.message_report(message=own, by=mentee)
    services.message_report(message=theirs, by=mentee)
    with pytest.raises(ValidationError, match="already been reported"):
        services.message_report(message=theirs, by=mentee)
    elsewhere = start_pair(scheme, outsider, mentor.__class__.objects.create_user("x@example.org"))
    foreign = services.message_send(relationship=elsewhere, by=outsider, body="Not yours")
    client.force_login(mentee)
    url = _url(pair, "sessions_log:message_report", message_pk=foreign.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.message_report(message=foreign, by=mentee)
    assert MessageReport.objects.count() == 1


def test_messages_go_with_the_relationship(pair, mentor, mentee):
    message = services.message_send(relationship=pair, by=mentor, body=BODY)
    services.message_report(message=message, by=mentee)
    pair.delete()
    assert (Message.objects.count(), MessageReport.objects.count()) == (0, 0)


@pytest.mark.parametrize("rows", [1, 12])
def test_conversation_page_queries_do_not_grow(
    client, pair, mentor, mentee, rows, django_assert_num_queries
):
    for i in range(rows):
        services.message_send(relationship=pair, by=mentor, body=f"Message {i}")
    client.force_login(mentee)
    client.get(_url(pair))  # the first visit marks them read
    with django_assert_num_queries(7):
        response = client.get(_url(pair))
    assert response.text.count('class="message-body"') == rows


def test_staff_cannot_count_a_pair_s_messages_or_see_who_wrote_when(
    client, pair, mentor, mentee, coordinator, admin_user, django_capture_on_commit_callbacks
):
    """Found by an adversarial run: the relationship's delete confirmation counted its
    messages, and the outbox listed each "X sent you a message" with its time."""
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            services.message_send(relationship=pair, by=mentor, body="Are you free on Tuesday?")
    assert SentNotification.objects.filter(kind=NotificationKind.MESSAGE_NEW).count() == 3

    client.force_login(admin_user)
    confirm = client.get(f"/admin/sessions_log/relationship/{pair.pk}/delete/")
    assert confirm.status_code == 200
    assert "Relationship" in confirm.text
    assert "Messages" not in confirm.text
    bulk = client.post(
        "/admin/sessions_log/relationship/",
        {"action": "delete_selected", "_selected_action": [pair.pk]},
    )
    assert bulk.status_code == 200
    assert "Messages" not in bulk.text
    assert Message.objects.filter(relationship=pair).count() == 3  # nothing deleted

    for staff in (coordinator, admin_user):
        client.force_login(staff)
        outbox = client.get("/admin/accounts/sentnotification/", {"q": "sent you a message"})
        assert outbox.status_code == 200
        assert outbox.context["cl"].result_count == 0
        notification = SentNotification.objects.filter(kind=NotificationKind.MESSAGE_NEW).first()
        assert notification is not None
        detail = client.get(f"/admin/accounts/sentnotification/{notification.pk}/change/")
        assert detail.status_code in (302, 404)
