"""Outcome figures: how relationships ended, feedback scores, and pilots' self-ratings.

Only numbers leave this module: counts and averages of scores. Free-text answers, notes,
reflections and reasons for ending are never read. Averages of answers go through
``core.disclosure`` (fixed blocks of at least five protected respondents), so no set of
figures, however combined, picks anyone out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django.db.models import Aggregate, Count, Sum
from django.utils.translation import gettext

from core.disclosure import Group, month_span, released
from schemes.models import QuestionType
from sessions_log.evaluation import self_ratings_released
from sessions_log.models import (
    EvaluationDimension,
    FeedbackQuestion,
    FeedbackResponse,
    Relationship,
    RelationshipStatus,
)

from .base import Cell, Scope, Table, json_number, percent, suppression_note

OUTCOME_ORDER = (
    RelationshipStatus.COMPLETED,
    RelationshipStatus.ENDED_EARLY,
    RelationshipStatus.ACTIVE,
    RelationshipStatus.PAUSED,
)


def _relationship_ids(scope: Scope):
    return Relationship.objects.filter(
        scheme__in=scope.scheme_ids, **scope.dated("started_on")
    ).values("pk")


def outcomes(scope: Scope) -> Table:
    """Relationships started in the cohort by where they stand now, with the completion
    and early-ending rates of those that have ended."""
    counts = dict(
        Relationship.objects.filter(pk__in=_relationship_ids(scope))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(counts.values())
    rows = [
        [RelationshipStatus(s).label, counts.get(s, 0), percent(counts.get(s, 0), total)]
        for s in OUTCOME_ORDER
    ]
    completed = counts.get(RelationshipStatus.COMPLETED, 0)
    early = counts.get(RelationshipStatus.ENDED_EARLY, 0)
    ended = completed + early
    note = (
        gettext(
            "Of %(ended)s relationships that have ended, %(percent)s%% "
            "completed and %(percent2)s%% ended early."
        )
        % {"ended": ended, "percent": percent(completed, ended), "percent2": percent(early, ended)}
        if ended
        else gettext("No relationship has ended yet.")
    )
    return Table(
        slug="outcomes",
        title=gettext("Outcomes of relationships"),
        columns=[gettext("Outcome"), gettext("Relationships"), gettext("Per cent")],
        rows=rows,
        note=note,
        chart="hbar",
    )


def _feedback_periods(scope: Scope, question_ids: list[int]) -> dict[int, list[Group]]:
    """Per number question, the respondents who gave a number, by the month their
    relationship started (one query). Every score is protected: a consenting member lets
    staff read their written answers only (``sessions_log.models.feedback.CONSENT``)."""
    aggregates: dict[str, Aggregate] = {}
    for pk in question_ids:
        value = json_number("answers", str(pk))
        aggregates[f"n{pk}"] = Count(value)
        aggregates[f"s{pk}"] = Sum(value)
    rows = cast(
        Iterable[dict[str, Any]],
        FeedbackResponse.objects.filter(relationship__scheme__in=scope.scheme_ids)
        .values("relationship__started_on__year", "relationship__started_on__month")
        .annotate(**aggregates)
        .order_by()
        if question_ids
        else [],
    )
    periods: dict[int, list[Group]] = {pk: [] for pk in question_ids}
    for row in rows:
        first, last = month_span(
            date(row["relationship__started_on__year"], row["relationship__started_on__month"], 1)
        )
        for pk in question_ids:
            if row[f"n{pk}"]:
                periods[pk].append(
                    Group(first, last, row[f"n{pk}"], row[f"n{pk}"], (row[f"s{pk}"],))
                )
    return periods


def feedback_scores(scope: Scope) -> Table:
    """The average answer to each number question of the end-of-relationship feedback,
    with the number of respondents, released by ``core.disclosure`` (fixed blocks of at
    least five protected respondents; a cohort shows the blocks wholly inside it)."""
    questions = list(
        FeedbackQuestion.objects.filter(
            scheme__in=scope.scheme_ids, type=QuestionType.NUMBER
        ).values_list("pk", "label", "scheme__name")
    )
    periods = _feedback_periods(scope, [pk for pk, _label, _scheme in questions])
    rows: list[list[Cell]] = []
    for pk, label, scheme_name in questions:
        group = released(periods[pk], start=scope.start, end=scope.end)
        if group is not None:
            name = (
                gettext("%(scheme)s: %(question)s") % {"scheme": scheme_name, "question": label}
                if scope.several
                else label
            )
            rows.append([name, group.people, *group.averages()])
    return Table(
        slug="feedback-scores",
        title=gettext("Feedback scores"),
        columns=[gettext("Question"), gettext("Respondents"), gettext("Average answer")],
        rows=rows,
        note=gettext("Number questions of the end-of-relationship feedback. %(suppression_note)s")
        % {"suppression_note": suppression_note()},
        chart="hbar",
    )


def self_ratings(scope: Scope) -> Table:
    """Pilots: the average baseline and exit self-rating per dimension, over the members
    who gave both, released by ``core.disclosure`` through
    ``sessions_log.evaluation.self_ratings_released`` (the admin shows the same)."""
    dimensions = list(
        EvaluationDimension.objects.filter(scheme__in=scope.scheme_ids)
        .order_by("scheme__name", "order", "pk")
        .values_list("pk", "name", "scheme__name")
    )
    shown = self_ratings_released(
        dimension_ids=[pk for pk, _name, _scheme in dimensions], start=scope.start, end=scope.end
    )
    rows: list[list[Cell]] = [
        [
            gettext("%(scheme)s: %(question)s") % {"scheme": scheme_name, "question": name}
            if scope.several
            else name,
            shown[pk].people,
            *shown[pk].averages(),
        ]
        for pk, name, scheme_name in dimensions
        if pk in shown
    ]
    return Table(
        slug="self-ratings",
        title=gettext("Self-ratings: baseline against exit"),
        columns=[
            gettext("Dimension"),
            gettext("Respondents"),
            gettext("Baseline"),
            gettext("Exit"),
        ],
        rows=rows,
        note=gettext(
            "Scores from 1 (low) to 5 (high), members who rated both. %(suppression_note)s"
        )
        % {"suppression_note": suppression_note()},
        chart="grouped",
    )
