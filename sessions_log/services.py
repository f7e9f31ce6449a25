"""Writes about relationships and sessions."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from .models import (
    ProgrammeTemplate,
    Relationship,
    RelationshipKind,
    RelationshipMember,
    Session,
)


@transaction.atomic
def relationship_start(
    *,
    scheme,
    members: list[tuple],
    kind: str = RelationshipKind.PAIR,
    template: ProgrammeTemplate | None = None,
    started_on: date | None = None,
) -> Relationship:
    """Create an active relationship and its planned sessions from the template's cadence.

    ``members`` is a list of ``(user, role, application_or_None)``.
    Side effects: none yet (emails are sent by the caller, the matching flow).
    """
    started_on = started_on or timezone.localdate()
    template = template or getattr(scheme, "programme_template", None)
    relationship = Relationship(
        scheme=scheme,
        kind=kind,
        template=template,
        started_on=started_on,
        planned_end_on=(
            started_on + timedelta(days=round(30.44 * template.duration_months))
            if template
            else None
        ),
    )
    relationship.full_clean()
    relationship.save()
    RelationshipMember.objects.bulk_create(
        [
            RelationshipMember(relationship=relationship, user=user, role=role, application=app)
            for user, role, app in members
        ]
    )
    if template is not None:
        Session.objects.bulk_create(
            [
                Session(
                    relationship=relationship,
                    step=step,
                    number=step.number,
                    title=step.title,
                    target_date=started_on + timedelta(days=step.offset_days),
                )
                for step in template.steps.all()
            ]
        )
    return relationship
