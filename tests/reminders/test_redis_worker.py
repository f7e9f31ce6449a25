"""A real Celery worker consuming from the real Redis delivers a queued notification exactly
once, even when the same task message is published twice."""

import os
import time

import pytest
from django.core import mail
from django.db import connection, transaction

from accounts.emails.outbox import Due, notify_batch
from accounts.models import NotificationKind, SentNotification
from accounts.tasks import deliver_notifications
from mentoring_site.celery import app as celery_app
from tests.celery_brokers import redis_test_broker

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    # One worker at a time on the shared Redis database (the fixture empties it).
    pytest.mark.xdist_group("redis"),
    pytest.mark.django_db(transaction=True),
    # A worker thread needs its own connection to the test database; SQLite's in-memory test
    # database locks its tables against a second connection, so this runs on PostgreSQL.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a second connection needs PostgreSQL"
    ),
]


@pytest.fixture
def redis_broker(settings):
    with redis_test_broker(settings, REDIS_URL) as client:
        yield client


def drained(client) -> bool:
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_worker_delivers_twice_published_message_once(redis_broker, mentee, scheme):
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            notify_batch(
                dues=[
                    Due(
                        kind=NotificationKind.SCHEME_NEWS,
                        key="news:redis-test",
                        template="reminders_news",
                        context={
                            "item": {"title": "Hello", "body": "News."},
                            "scheme": scheme,
                            "url": "http://testserver/",
                        },
                        user=mentee,
                        scheme=scheme,
                    )
                ],
                lookback=SentNotification._meta.get_field("created_at").default(),
            )
        record = SentNotification.objects.get()
        # The same message again, twice (same task id: a redelivery or a duplicate publish).
        for _ in range(2):
            deliver_notifications.apply_async(
                kwargs={"notification_ids": [record.pk]}, task_id=f"deliver-{record.pk}"
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            record.refresh_from_db()
            if record.status == SentNotification.Status.SENT and drained(redis_broker):
                break
            time.sleep(0.1)
        time.sleep(0.5)  # let the last message finish after it left the queue
    record.refresh_from_db()
    assert (record.status, record.attempts) == (SentNotification.Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [[mentee.email]]
    assert mail.outbox[0].subject == f"{scheme.name}: Hello"
