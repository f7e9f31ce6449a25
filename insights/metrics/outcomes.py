"""Outcome figures: how relationships ended, feedback scores, and pilots' self-ratings.

Only numbers leave this module: counts and averages of scores. Free-text answers, notes,
reflections and reasons for ending are never read. Any group with fewer than
``MIN_RESPONDENTS`` respondents is left out, so nobody can be picked out.
"""

from __future__ import annotations

from django.db.models import Aggregate, Avg, Count, OuterRef, Q, Subquery

from schemes.question_base import QuestionType
from sessions_log.models import (
    FeedbackQuestion,
    FeedbackResponse,
    RatingPhase,
    Relationship,
    RelationshipStatus,
    SelfRating,
)

from .base import MIN_RESPONDENTS, SUPPRESSION_NOTE, Scope, Table, json_number, percent

OUTCOME_ORDER = (
    RelationshipStatus.COMPLETED,
    RelationshipStatus.ENDED_EARLY,
    RelationshipStatus.ACTIVE,
    RelationshipStatus.PAUSED,
)


def safe_to_show(shown: int, whole: int) -> bool:
    """A group is shown with at least MIN_RESPONDENTS people, and only if the people it
    leaves out of the whole scheme are none or also at least MIN_RESPONDENTS: otherwise the
    difference between two pages would reveal a small group."""
    left_out = whole - shown
    return shown >= MIN_RESPONDENTS and (left_out == 0 or left_out >= MIN_RESPONDENTS)


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
        f"Of {ended} relationships that have ended, {percent(completed, ended)}% completed "
        f"and {percent(early, ended)}% ended early."
        if ended
        else "No relationship has ended yet."
    )
    return Table(
        slug="outcomes",
        title="Outcomes of relationships",
        columns=["Outcome", "Relationships", "Per cent"],
        rows=rows,
        note=note,
        chart="hbar",
    )


def feedback_scores(scope: Scope) -> Table:
    """The average answer to each number question of the end-of-relationship feedback,
    with the number of respondents (questions with fewer than five are left out)."""
    questions = list(
        FeedbackQuestion.objects.filter(
            scheme__in=scope.scheme_ids, type=QuestionType.NUMBER
        ).values_list("pk", "label", "scheme__name")
    )
    in_cohort = Q(**scope.dated("relationship__started_on"))
    aggregates: dict[str, Aggregate] = {}
    for pk, _label, _scheme in questions:
        value = json_number("answers", str(pk))
        aggregates[f"n{pk}"] = Count(value, filter=in_cohort)
        aggregates[f"all{pk}"] = Count(value)
        aggregates[f"avg{pk}"] = Avg(value, filter=in_cohort)
    # Counted over the whole scheme, so a cohort that leaves out 1–4 people is suppressed too
    # (else comparing it with the whole scheme would reveal their answers).
    figures = (
        FeedbackResponse.objects.filter(relationship__scheme__in=scope.scheme_ids).aggregate(
            **aggregates
        )
        if questions
        else {}
    )
    rows = []
    for pk, label, scheme_name in questions:
        n = figures[f"n{pk}"]
        if safe_to_show(n, figures[f"all{pk}"]):
            name = f"{scheme_name}: {label}" if scope.several else label
            rows.append([name, n, round(figures[f"avg{pk}"], 2)])
    return Table(
        slug="feedback-scores",
        title="Feedback scores",
        columns=["Question", "Respondents", "Average answer"],
        rows=rows,
        note=f"Number questions of the end-of-relationship feedback. {SUPPRESSION_NOTE}",
        chart="hbar",
    )


def self_ratings(scope: Scope) -> Table:
    """Pilots: the average baseline and exit self-rating per dimension, over the members
    who gave both (dimensions with fewer than five such respondents are left out)."""
    baseline = Subquery(
        SelfRating.objects.filter(
            relationship=OuterRef("relationship"),
            user=OuterRef("user"),
            dimension=OuterRef("dimension"),
            phase=RatingPhase.BASELINE,
        ).values("score")[:1]
    )
    in_cohort = Q(**scope.dated("relationship__started_on"))
    groups = (
        SelfRating.objects.filter(
            relationship__scheme__in=scope.scheme_ids,
            dimension__scheme__in=scope.scheme_ids,
            phase=RatingPhase.EXIT,
        )
        .annotate(baseline=baseline)
        .filter(baseline__isnull=False)
        .values("dimension__scheme__name", "dimension__order", "dimension_id", "dimension__name")
        .annotate(
            n=Count("pk", filter=in_cohort),
            n_all=Count("pk"),
            before=Avg("baseline", filter=in_cohort),
            after=Avg("score", filter=in_cohort),
        )
        .order_by("dimension__scheme__name", "dimension__order", "dimension_id")
    )
    rows = [
        [
            f"{g['dimension__scheme__name']}: {g['dimension__name']}"
            if scope.several
            else g["dimension__name"],
            g["n"],
            round(g["before"], 2),
            round(g["after"], 2),
        ]
        for g in groups
        if safe_to_show(g["n"], g["n_all"])
    ]
    return Table(
        slug="self-ratings",
        title="Self-ratings: baseline against exit",
        columns=["Dimension", "Respondents", "Baseline", "Exit"],
        rows=rows,
        note=f"Scores from 1 (low) to 5 (high), members who rated both. {SUPPRESSION_NOTE}",
        chart="grouped",
    )
