"""The executive summary at the front of the evaluation report: who started, who completed,
how many gave feedback, and the headline outcomes, in one query.

Only counts and rates of relationships, their members, held sessions and feedback responses
(whether a response exists, never what it says)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext

from sessions_log.models import Relationship, RelationshipStatus, SessionStatus

from .base import Cell, Scope, Table, percent

ENDED = Q(status__in=RelationshipStatus.ended_states)


def _counts(scope: Scope) -> dict[str, int]:
    relationships = Relationship.objects.filter(
        scheme__in=scope.scheme_ids, **scope.dated("started_on")
    )
    return relationships.aggregate(
        started=Count("pk", distinct=True),
        starters=Count("members__user", distinct=True),
        completed=Count("pk", distinct=True, filter=Q(status=RelationshipStatus.COMPLETED)),
        ended=Count("pk", distinct=True, filter=ENDED),
        ended_members=Count("members", distinct=True, filter=ENDED),
        completers=Count(
            "members__user", distinct=True, filter=Q(status=RelationshipStatus.COMPLETED)
        ),
        responses=Count("feedback", distinct=True, filter=ENDED),
        held=Count("sessions", distinct=True, filter=Q(sessions__status=SessionStatus.HELD)),
    )


def executive_summary(scope: Scope) -> Table:
    """Starters, completers, the feedback response rate and the headline outcomes of the
    relationships started in the cohort."""
    n = _counts(scope)
    rows: list[list[Cell]] = [
        [gettext("Relationships started"), n["started"]],
        [gettext("Members who started (starters)"), n["starters"]],
        [gettext("Relationships completed"), n["completed"]],
        [gettext("Members who completed (completers)"), n["completers"]],
        [
            gettext("Completion rate of ended relationships (%)"),
            percent(n["completed"], n["ended"]),
        ],
        [gettext("Sessions held"), n["held"]],
        [
            gettext("Sessions held per relationship"),
            round(n["held"] / n["started"], 1) if n["started"] else None,
        ],
        [gettext("Feedback responses from ended relationships"), n["responses"]],
        [gettext("Feedback response rate (%)"), percent(n["responses"], n["ended_members"])],
    ]
    return Table(
        slug="executive-summary",
        title=gettext("Executive summary"),
        columns=[gettext("Measure"), gettext("Value")],
        rows=rows,
        note=(
            gettext(
                "Relationships started in the period, whatever they have become since. The "
                "response rate is the feedback responses given by members of ended "
                "relationships, out of those members."
            )
        ),
        chart="",
    )
