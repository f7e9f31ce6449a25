"""Factories for the sessions_log tests: started relationships from the real service."""

from __future__ import annotations

from datetime import date

from schemes.models import ApplicationStatus, Role, SchemeKind
from schemes.services import application_decide
from sessions_log.models import MemberRole, Relationship
from sessions_log.services import flash_slot_book, flash_slot_offer, relationship_start
from tests.factories import ApplicationFactory, ProgrammeTemplateFactory, SchemeFactory


def start_pair(
    scheme, mentor, mentee, *, steps: int = 6, started_on: date = date(2026, 1, 5), roles=None
) -> Relationship:
    """A relationship of ``mentor`` and ``mentee`` on a fresh template of ``steps`` steps,
    with matched applications."""
    roles = roles or (MemberRole.MENTOR, MemberRole.MENTEE)
    template = ProgrammeTemplateFactory(steps=steps) if steps else None
    apps = [
        ApplicationFactory(
            scheme=scheme,
            applicant=user,
            role=Role.PEER if role == MemberRole.PEER else role,
            status=ApplicationStatus.MATCHED,
        )
        for user, role in zip((mentor, mentee), roles, strict=True)
    ]
    return relationship_start(
        scheme=scheme,
        members=[(a.applicant, role, a) for a, role in zip(apps, roles, strict=True)],
        template=template,
        accepted_on=started_on,
    )


def flash_scheme(**kwargs):
    """A rolling flash mentoring scheme (no programme)."""
    return SchemeFactory(kind=SchemeKind.FLASH, **kwargs)


def accept(scheme, user, role):
    """``user``'s application in ``role``, submitted and accepted through the service."""
    app = ApplicationFactory(scheme=scheme, applicant=user, role=role)
    return application_decide(application=app, status=ApplicationStatus.ACCEPTED, by=None)


def offer(scheme, mentor, starts_at, *, minutes: int = 30, mode: str = "online"):
    """A slot offered by ``mentor`` through the service."""
    return flash_slot_offer(
        scheme=scheme,
        mentor=mentor,
        starts_at=starts_at,
        duration_minutes=minutes,
        mode=mode,
        location="https://meet.example.org/flash" if mode == "online" else "Room 4, Leeds",
    )


def flash_scheme_joined(coordinator, mentor, mentee, **kwargs):
    """A flash scheme run by ``coordinator``, with ``mentor`` and ``mentee`` accepted."""
    scheme = flash_scheme(coordinators=[coordinator], **kwargs)
    accept(scheme, mentor, Role.MENTOR)
    accept(scheme, mentee, Role.MENTEE)
    return scheme


def book(slot, mentee, capture, *, note: str = "Moving into management."):
    """``mentee`` books ``slot`` through the service, its emails sent (``capture`` is
    pytest-django's ``django_capture_on_commit_callbacks``); the slot as booked."""
    with capture(execute=True):
        flash_slot_book(slot=slot, by=mentee, note=note)
    slot.refresh_from_db()
    return slot
