"""Delivery through a real SMTP server, with a failure injected between the send and its
record: the database locked by another connection, the connection lost (PostgreSQL), the
worker killed. Nothing is sent twice before the claim timeout, nothing is lost, and a resend
keeps its Message-ID."""

import logging
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection, connections
from django.utils import timezone

from accounts.emails.delivery import CLAIM_TIMEOUT, UNRESOLVED_CLAIM, message_id
from accounts.models import NotificationKind, SentNotification
from accounts.tasks import deliver_notifications, deliver_pending
from tests.faults import hold_write_lock_in_background, smtp_receiver

pytestmark = pytest.mark.django_db(transaction=True)

OUTBOX = SentNotification._meta.db_table
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp(settings, tmp_path):
    """Django's SMTP backend talking to a real SMTP server on a free local port."""
    with smtp_receiver(tmp_path / "received.jsonl") as (receiver, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield receiver


def recorded(count: int) -> list[SentNotification]:
    """``count`` pending notifications, as the outbox records them."""
    return [
        SentNotification.objects.create(
            key=f"news:{n}",
            email=f"person{n}@example.org",
            kind=NotificationKind.SCHEME_NEWS,
            subject=f"News {n}",
            body_text=f"Body {n}",
        )
        for n in range(count)
    ]


def outcomes() -> list[tuple[str, int]]:
    return list(SentNotification.objects.order_by("pk").values_list("status", "attempts"))


def sweep_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return deliver_pending()


def retry_warnings(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "accounts.emails.delivery" and r.levelno == logging.WARNING
    ]


def test_delivery_through_smtp_sends_each_once_with_its_message_id(smtp):
    rows = recorded(3)
    assert deliver_notifications.apply(kwargs={"notification_ids": [r.pk for r in rows]}).get() == 3
    assert smtp.message_ids() == [message_id(r) for r in rows]
    assert outcomes() == [("sent", 1)] * 3
    # A duplicated task message and every later sweep send nothing more.
    assert deliver_notifications.apply(kwargs={"notification_ids": [r.pk for r in rows]}).get() == 0
    assert sweep_at(timezone.now() + CLAIM_TIMEOUT * 2) == 0
    assert len(smtp.message_ids()) == 3


def test_database_locked_between_send_and_record_sends_once(smtp, lock_wait_shortened, caplog):
    """Another connection takes the write lock once the SMTP server has the first message
    and keeps it 1.5 s: recording that it was sent waits, fails, is retried and succeeds."""
    rows = recorded(3)
    smtp.on_message = lambda: hold_write_lock_in_background(table=OUTBOX, seconds=1.5)
    with caplog.at_level(logging.WARNING, logger="accounts.emails.delivery"):
        sent = deliver_notifications.apply(kwargs={"notification_ids": [r.pk for r in rows]})
    assert sent.get() == 3
    assert smtp.message_ids() == [message_id(r) for r in rows]
    assert outcomes() == [("sent", 1)] * 3
    warnings = retry_warnings(caplog)
    assert warnings, "the lock never got in the way of the record"
    assert all(
        w.startswith(f"Outbox: recording the outcome of notification {rows[0].pk} failed")
        for w in warnings
    )
    assert sweep_at(timezone.now() + CLAIM_TIMEOUT * 2) == 0
    assert len(smtp.message_ids()) == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no connection to lose: it is a file"
)
def test_connection_lost_between_send_and_record_sends_once(smtp, caplog):
    """The database server ends the worker's connection once the SMTP server has the first
    message: the record reconnects and succeeds."""
    rows = recorded(2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def terminate() -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [backend])
        finally:
            connections.close_all()

    smtp.on_message = terminate
    with caplog.at_level(logging.WARNING, logger="accounts.emails.delivery"):
        sent = deliver_notifications.apply(kwargs={"notification_ids": [r.pk for r in rows]})
    assert sent.get() == 2
    assert smtp.message_ids() == [message_id(r) for r in rows]
    assert outcomes() == [("sent", 1)] * 2
    assert retry_warnings(caplog)
    assert sweep_at(timezone.now() + CLAIM_TIMEOUT * 2) == 0
    assert len(smtp.message_ids()) == 2


def database_url() -> str:
    """The test database as a DATABASE_URL, for a worker in another process."""
    db = django_settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_worker_killed_between_send_and_record_resends_after_the_claim_timeout_only(smtp, tmp_path):
    """A worker process is killed once the SMTP server has the message, before it hears
    back: the row stays claimed. The sweep leaves it alone for CLAIM_TIMEOUT (it may have
    gone out), then sends it again with the same Message-ID."""
    (row,) = recorded(1)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring_site.settings",
        "DEBUG": "on",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{django_settings.EMAIL_PORT}",
        "CELERY_BROKER_URL": "memory://",
        "VAR_DIR": str(tmp_path / "var"),
    }
    code = (
        "import django; django.setup(); from accounts.tasks import deliver_notification; "
        f"deliver_notification(notification_id={row.pk})"
    )
    worker = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)  # noqa: S603

    def kill_worker() -> None:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)

    smtp.on_message = kill_worker
    assert worker.wait(60) == -signal.SIGKILL
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == ("sending", 1, None)
    assert smtp.message_ids() == [message_id(row)]

    assert sweep_at(row.claimed_at + CLAIM_TIMEOUT - timedelta(minutes=1)) == 0
    assert len(smtp.message_ids()) == 1
    assert sweep_at(row.claimed_at + CLAIM_TIMEOUT + timedelta(minutes=1)) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, UNRESOLVED_CLAIM)
    assert smtp.message_ids() == [message_id(row)] * 2
