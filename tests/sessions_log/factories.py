"""Factories for the sessions_log tests: started relationships from the real service."""

from __future__ import annotations

from datetime import date

from schemes.models import ApplicationStatus, Role
from sessions_log.models import MemberRole, Relationship
from sessions_log.services import relationship_start
from tests.factories import ApplicationFactory, ProgrammeTemplateFactory


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
