"""Helpers for the reminders tests: a pair with planned sessions, held sessions, fake SMTP."""

from __future__ import annotations

import smtplib
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from sessions_log.models import Relationship, Session, SessionStatus
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")
STARTED = date(2026, 1, 5)  # sessions 1..6 target 5 Jan, 4 Feb, 6 Mar, 5 Apr, 5 May, 4 Jun


def at(y: int, m: int, d: int, h: int = 9) -> datetime:
    return datetime(y, m, d, h, tzinfo=LONDON)


def pair(scheme, mentor, mentee, **kwargs) -> Relationship:
    return start_pair(
        scheme, mentor, mentee, started_on=kwargs.pop("started_on", STARTED), **kwargs
    )


def hold(session: Session, *, held_on: date, logged_at: datetime | None = None) -> Session:
    """Mark ``session`` held (as the log service does) without going through a request."""
    session.status = SessionStatus.HELD
    session.held_on = held_on
    session.duration_minutes = 60
    session.logged_at = logged_at or timezone.now()
    session.save()
    return session


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down (the outside world, mocked)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(LocmemBackend):
    """An SMTP server that refuses the first message it is given, then accepts."""

    failures = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        with FlakyBackend.lock:
            if FlakyBackend.failures < 1:
                FlakyBackend.failures += 1
                raise smtplib.SMTPException("451 try again later")
        return super().send_messages(messages)
