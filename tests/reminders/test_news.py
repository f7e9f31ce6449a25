"""Publishing a news item emails the scheme's subscribers who want news, once."""

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import EmailPreference, NotificationKind, SentNotification
from schemes.models import NewsItem, Subscription
from schemes.reminders import news_item_publish, news_unsubscribe_url
from tests.reminders.factories import at


@pytest.fixture
def item(scheme):
    return NewsItem.objects.create(
        scheme=scheme, title="Applications open", body="Apply now.\n\nAll welcome."
    )


@pytest.fixture
def subscribers(scheme, other_scheme, mentee, outsider):
    return [
        Subscription.objects.create(scheme=scheme, email="anon@example.net", name="Ann On"),
        Subscription.objects.create(scheme=scheme, email=mentee.email, user=mentee),
        Subscription.objects.create(scheme=scheme, email="quiet@example.net", wants_news=False),
        Subscription.objects.create(scheme=other_scheme, email=outsider.email, user=outsider),
    ]


def publish(client, user, item, capture):
    client.force_login(user)
    with time_machine.travel(at(2026, 5, 1), tick=False), capture(execute=True):
        return client.post(
            reverse("admin:schemes_newsitem_changelist"),
            {"action": "publish_news", "_selected_action": [item.pk]},
        )


def test_news_publish_action_by_coordinator_emails_subscribers(
    client, coordinator, scheme, item, subscribers, mentee, django_capture_on_commit_callbacks
):
    response = publish(client, coordinator, item, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.published_at == at(2026, 5, 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["anon@example.net", mentee.email]
    anon = next(m for m in mail.outbox if m.to == ["anon@example.net"])
    scheme_url = f"http://testserver/schemes/{scheme.slug}/"
    assert anon.subject == f"{scheme.name}: Applications open"
    with time_machine.travel(at(2026, 5, 1), tick=False):
        unsubscribe = news_unsubscribe_url(subscribers[0])
    assert anon.body == (
        "Dear Ann On,\n\nApplications open\n\nApply now.\n\nAll welcome.\n\n"
        f"Read more about {scheme.name}: {scheme_url}\n\n"
        f"--\nMentoring schemes · {scheme.name}\n"
        f"Unsubscribe from news of {scheme.name}: {unsubscribe}\n\n"
    )
    html = anon.alternatives[0][0]
    assert (
        '<h1 style="font-size: 20px;">Applications open</h1>\n'
        "<p>Apply now.</p>\n\n<p>All welcome.</p>" in html
    )
    assert f'<a href="{scheme_url}">Read more about {scheme.name}</a>' in html


def test_news_publish_twice_sends_once(
    client, admin_user, item, subscribers, django_capture_on_commit_callbacks
):
    publish(client, admin_user, item, django_capture_on_commit_callbacks)
    publish(client, admin_user, item, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert SentNotification.objects.filter(kind=NotificationKind.SCHEME_NEWS).count() == 2


def test_news_publish_respects_member_opt_out(
    client, admin_user, item, subscribers, mentee, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=mentee, kind=NotificationKind.SCHEME_NEWS)
    publish(client, admin_user, item, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["anon@example.net"]]


def test_news_publish_other_coordinator_cannot(
    client, other_coordinator, item, subscribers, django_capture_on_commit_callbacks
):
    publish(client, other_coordinator, item, django_capture_on_commit_callbacks)
    item.refresh_from_db()
    assert (item.published_at, mail.outbox) == (None, [])


def test_news_publish_service_refuses_member(item, mentee):
    with pytest.raises(ValidationError) as exc:
        news_item_publish(item=item, by=mentee)
    assert exc.value.messages == ["Only the scheme's coordinators or an administrator may publish."]


def test_news_publish_member_denied_admin(client, mentee, item, django_capture_on_commit_callbacks):
    response = publish(client, mentee, item, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    item.refresh_from_db()
    assert item.published_at is None
