"""How a member hears of new messages is chosen in one place, the email preferences page
(each, a daily digest, or none), also by its link in every email; the contact page and the
preferences page link to each other; staff-only kinds stay hidden from members."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.emails.links import preferences_token
from accounts.models import (
    STAFF_KINDS,
    ContactSettings,
    EmailPreference,
    MessageEmails,
    NotificationKind,
)
from sessions_log import services as rel_services
from tests.sessions_log.factories import start_pair

MESSAGES = NotificationKind.MESSAGE_NEW.value
URL = "accounts:email_preferences"


def _choice(user) -> tuple[str, bool]:
    """The stored way and whether MESSAGE_NEW is turned off."""
    stored = ContactSettings.objects.filter(user=user).first()
    off = EmailPreference.objects.filter(user=user, kind=MESSAGES).exists()
    return (stored.message_emails if stored else MessageEmails.EACH, off)


def test_preferences_offer_each_daily_or_none_and_save_them(client, mentee):
    client.force_login(mentee)
    form = client.get(reverse(URL)).context["form"]
    assert [value for value, _ in form.fields[MESSAGES].choices] == ["each", "daily", "none"]
    assert not set(form.fields) & {k.value for k in STAFF_KINDS}

    assert client.post(reverse(URL), {MESSAGES: "daily"}).status_code == 302
    assert _choice(mentee) == ("daily", False)
    assert services.message_emails_get(user=mentee) == "daily"
    client.post(reverse(URL), {MESSAGES: "none"})
    assert _choice(mentee) == ("daily", True)  # the way is kept for turning them on again
    assert services.message_emails_get(user=mentee) == "none"
    assert client.get(reverse(URL)).context["form"][MESSAGES].value() == "none"
    client.post(reverse(URL), {MESSAGES: "each"})
    assert _choice(mentee) == ("each", False)


def test_none_means_no_email_for_a_new_message(
    client, scheme, mentor, mentee, django_capture_on_commit_callbacks
):
    pair = start_pair(scheme, mentor, mentee)
    services.message_emails_set(user=mentee, choice="none")
    with django_capture_on_commit_callbacks(execute=True):
        rel_services.message_send(relationship=pair, by=mentor, body="Hello")
    assert mail.outbox == []


def test_the_email_s_own_link_turns_them_off_without_signing_in(client, mentee, outsider):
    url = reverse("accounts:email_preferences_token", args=[preferences_token(mentee)])
    assert client.post(url, {MESSAGES: "none"}).status_code == 302
    assert _choice(mentee) == ("each", True)
    assert _choice(outsider) == ("each", False)


@pytest.mark.parametrize("value", ["weekly", "off", "EACH"])
def test_an_unknown_choice_is_refused_and_nothing_changes(client, mentee, value):
    client.force_login(mentee)
    response = client.post(reverse(URL), {MESSAGES: value})
    assert response.status_code == 200
    assert MESSAGES in response.context["form"].errors
    assert _choice(mentee) == ("each", False)
    with pytest.raises(ValidationError):
        services.message_emails_set(user=mentee, choice=value)


def test_each_page_points_to_the_other(client, mentee):
    client.force_login(mentee)
    contact = client.get(reverse("accounts:contact")).text
    preferences = client.get(reverse(URL)).text
    assert f'href="{reverse(URL)}"' in contact
    assert "no emails" in contact
    assert f'href="{reverse("accounts:contact")}"' in preferences
    assert 'name="message_emails"' not in contact  # chosen in one place only
