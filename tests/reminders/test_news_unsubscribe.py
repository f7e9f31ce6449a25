"""One-click unsubscribe from a scheme's news: the link in every news email (text, HTML and
RFC 8058 headers) and the page it opens (GET confirms, POST unsubscribes)."""

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from accounts.emails.delivery import message_id
from accounts.emails.links import PREFERENCES_SALT, preferences_url
from accounts.models import SentNotification
from schemes.models import NewsItem, Subscription
from schemes.reminders import news_item_publish, news_unsubscribe_token, news_unsubscribe_url
from tests.reminders.factories import at

FOOTER_STYLE = '<p style="font-size: 12px; color: #595f64;">'


@pytest.fixture
def item(scheme):
    return NewsItem.objects.create(scheme=scheme, title="Briefing", body="Come along.")


@pytest.fixture
def anon(scheme):
    return Subscription.objects.create(scheme=scheme, email="anon@example.net", name="Ann On")


def link(token: str) -> str:
    return reverse("schemes:news_unsubscribe", kwargs={"token": token})


def tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def wants_news(subscription) -> bool:
    subscription.refresh_from_db()
    return subscription.wants_news


def publish(item, by, capture):
    with time_machine.travel(at(2026, 5, 1), tick=False), capture(execute=True):
        return news_item_publish(item=item, by=by)


def test_news_email_carries_unsubscribe_link_text_html_and_headers(
    scheme, item, anon, mentee, admin_user, django_capture_on_commit_callbacks
):
    member = Subscription.objects.create(scheme=scheme, email=mentee.email, user=mentee)
    assert publish(item, admin_user, django_capture_on_commit_callbacks) == 2
    with time_machine.travel(at(2026, 5, 1), tick=False):
        anon_url, member_url = news_unsubscribe_url(anon), news_unsubscribe_url(member)
        prefs = preferences_url(mentee)
    by_address = {m.to[0]: m for m in mail.outbox}

    message = by_address["anon@example.net"]
    assert message.body.endswith(
        f"--\nMentoring schemes · {scheme.name}\n"
        f"Unsubscribe from news of {scheme.name}: {anon_url}\n\n"
    )
    assert message.alternatives[0][0].endswith(
        f"{FOOTER_STYLE}You receive this email because you subscribed to news of {scheme.name}. "
        f'<a href="{anon_url}">Unsubscribe from news of {scheme.name}</a>.</p>\n</body></html>\n'
    )
    record = SentNotification.objects.get(email=message.to[0])
    assert message.extra_headers == {
        "Message-ID": message_id(record),
        "List-Unsubscribe": f"<{anon_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert message.message()["List-Unsubscribe"] == f"<{anon_url}>"

    # A member keeps the link to their email preferences as well.
    message = by_address[mentee.email]
    assert message.body.endswith(
        f"Unsubscribe from news of {scheme.name}: {member_url}\n"
        f"Change your email preferences: {prefs}\n\n"
    )
    assert message.alternatives[0][0].endswith(
        f'<a href="{member_url}">Unsubscribe from news of {scheme.name}</a> · '
        f'<a href="{prefs}">Change your email preferences</a>.</p>\n</body></html>\n'
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{member_url}>"


def test_news_unsubscribe_link_from_the_email_works_and_stops_the_next_news(
    scheme, item, anon, admin_user, django_capture_on_commit_callbacks
):
    publish(item, admin_user, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    response = Client(enforce_csrf_checks=True).post(url.removeprefix("http://testserver"))
    assert (response.status_code, response.context["state"]) == (200, "done")
    assert wants_news(anon) is False
    later = NewsItem.objects.create(scheme=scheme, title="Later", body="More.")
    assert publish(later, admin_user, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_news_unsubscribe_get_asks_to_confirm_and_changes_nothing(client, scheme, anon):
    response = client.get(link(news_unsubscribe_token(anon)))
    assert (response.status_code, response.context["state"]) == (200, "confirm")
    page = response.content.decode()
    assert f"Stop sending the news of {scheme.name} to anon@example.net?" in page
    assert '<form method="post"><button class="btn btn-primary" type="submit">' in page
    assert wants_news(anon) is True


def test_news_unsubscribe_post_unsubscribes(client, scheme, anon):
    response = client.post(link(news_unsubscribe_token(anon)))
    assert (response.status_code, response.context["state"]) == (200, "done")
    assert (
        f"anon@example.net will no longer receive the news of {scheme.name}."
        in response.content.decode()
    )
    assert wants_news(anon) is False


def test_news_unsubscribe_one_click_post_needs_no_cookie_or_csrf_token(anon):
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie.
    response = Client(enforce_csrf_checks=True).post(
        link(news_unsubscribe_token(anon)), {"List-Unsubscribe": "One-Click"}
    )
    assert (response.status_code, response.context["state"]) == (200, "done")
    assert wants_news(anon) is False


def test_news_unsubscribe_already_unsubscribed(client, scheme, anon):
    anon.wants_news = False
    anon.save()
    for method in (client.get, client.post):
        response = method(link(news_unsubscribe_token(anon)))
        assert (response.status_code, response.context["state"]) == (200, "already")
        assert (
            f"anon@example.net does not receive the news of {scheme.name}."
            in response.content.decode()
        )
    assert wants_news(anon) is False


def test_news_unsubscribe_subscription_deleted(client, anon):
    token = news_unsubscribe_token(anon)
    anon.delete()
    response = client.post(link(token))
    assert (response.status_code, response.context["state"]) == (200, "already")
    assert "This address does not receive these news any more." in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_news_unsubscribe_tampered_token_changes_nothing(client, outsider, anon, method):
    client.force_login(outsider)  # being signed in gives no right over a subscription
    response = getattr(client, method)(link(tampered(news_unsubscribe_token(anon))))
    assert (response.status_code, response.context["state"]) == (400, "invalid")
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert wants_news(anon) is True


def test_news_unsubscribe_token_signed_for_something_else_refused(client, anon):
    # The email-preferences token of a user with the same id is not an unsubscribe token.
    response = client.post(link(signing.dumps(anon.pk, salt=PREFERENCES_SALT)))
    assert (response.status_code, response.context["state"]) == (400, "invalid")
    assert wants_news(anon) is True


def test_news_unsubscribe_other_methods_refused(client, anon):
    response = client.put(link(news_unsubscribe_token(anon)))
    assert response.status_code == 405
    assert wants_news(anon) is True
