"""Staff's view of members' self-ratings: averages only, released by ``core.disclosure``.

One measure per dimension: the members who gave both a baseline and an exit rating, grouped
by the month their relationship started. The dashboard, its CSV downloads, the evaluation
report and the admin's list of dimensions all read it here, so their figures rest on the
same fixed blocks and cannot be played against each other (the admin once showed the
baseline average of every member who rated, next to the dashboard's average of those who
rated twice: the difference was one person's score).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, F, OuterRef, Subquery, Sum

from core.disclosure import Group, month_span, released

from .models import RatingPhase, SelfRating


def self_rating_periods(*, dimension_ids: Any) -> dict[int, list[Group]]:
    """Per dimension (``dimension_ids``: ids or a subquery of them), the members who rated
    both phases, by the month their relationship started: ``sums`` are the baseline and
    exit totals. Every self-rating is protected (staff never read one). One query."""
    baseline = Subquery(
        SelfRating.objects.filter(
            relationship=OuterRef("relationship"),
            user=OuterRef("user"),
            dimension=OuterRef("dimension"),
            phase=RatingPhase.BASELINE,
        ).values("score")[:1]
    )
    rows = (
        SelfRating.objects.filter(
            dimension__in=dimension_ids,
            relationship__scheme=F("dimension__scheme"),
            phase=RatingPhase.EXIT,
        )
        .annotate(baseline=baseline)
        .filter(baseline__isnull=False)
        .values("dimension_id", "relationship__started_on__year", "relationship__started_on__month")
        .annotate(n=Count("pk"), before=Sum("baseline"), after=Sum("score"))
        .order_by()
    )
    periods: dict[int, list[Group]] = defaultdict(list)
    for row in rows:
        month = date(
            row["relationship__started_on__year"], row["relationship__started_on__month"], 1
        )
        first, last = month_span(month)
        periods[row["dimension_id"]].append(
            Group(first, last, row["n"], row["n"], (float(row["before"]), float(row["after"])))
        )
    return dict(periods)


def self_ratings_released(
    *,
    dimension_ids: Any,
    start: date | None = None,
    end: date | None = None,
) -> dict[int, Group]:
    """Per dimension, what staff may see for the cohort ``start``..``end`` (relationships
    by start date; either open): the respondents and their summed baseline and exit scores,
    over whole blocks only. Dimensions with nothing to show are absent."""
    shown = {}
    for pk, periods in self_rating_periods(dimension_ids=dimension_ids).items():
        group = released(periods, start=start, end=end)
        if group is not None:
            shown[pk] = group
    return shown
