"""The relationships part of retention (``accounts.retention``): the confidential content
of relationships ended longer ago than the body keeps it goes
(``erasure.relationships_content_empty``: the rows, dates and scores stay); old history
rows go; an open relationship keeps its members' accounts in use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from accounts.models import RetentionSettings
from accounts.retention import cutoff
from core.history import history_prune

from .erasure import relationships_content_empty
from .models import Expectation, Goal, Relationship, RelationshipMember, RelationshipStatus


def relationships_ended_before(moment: datetime):  # noqa: ANN201 (a QuerySet)
    """Relationships that ended before ``moment`` (cpd's retention uses it too)."""
    return Relationship.objects.filter(
        status__in=RelationshipStatus.ended_states, ended_on__lt=moment.date()
    )


def apply_retention(*, settings: RetentionSettings, now: datetime) -> dict[str, int]:
    counts: dict[str, int] = {}
    content_before = cutoff(settings.confidential_content_days, now)
    if content_before is not None:
        counts.update(relationships_content_empty(relationships_ended_before(content_before)))
    history_before = cutoff(settings.history_days, now)
    if history_before is not None:
        counts["history records"] = sum(
            history_prune(model, before=history_before)
            for model in (Relationship, Expectation, Goal)
        )
    return counts


def in_use(user_ids: Iterable[int]) -> set[int]:
    """Members among ``user_ids`` of an open relationship."""
    return set(
        RelationshipMember.objects.filter(
            user__in=list(user_ids), relationship__status__in=RelationshipStatus.open_states
        ).values_list("user_id", flat=True)
    )
