"""Scheme health figures, computed in the database and returned as plain ``Table`` values
(shown on the dashboard, drawn by ``insights.charts``, downloaded as CSV, and put in the
evaluation report)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from schemes.models import Scheme

from .base import MIN_RESPONDENTS, Scope, Table, suppression_note
from .choices import feedback_choices
from .momentum import last_session, programme_steps, sessions_per_month
from .outcomes import feedback_scores, outcomes, self_ratings
from .recruitment import funnel, supply_demand, time_to_match
from .summary import executive_summary

FIGURES = (
    funnel,
    supply_demand,
    time_to_match,
    last_session,
    sessions_per_month,
    programme_steps,
    outcomes,
    feedback_scores,
    feedback_choices,
    self_ratings,
)
SLUGS = (
    "funnel",
    "supply-demand",
    "time-to-match",
    "momentum-last-session",
    "sessions-per-month",
    "programme-steps",
    "outcomes",
    "feedback-scores",
    "feedback-choices",
    "self-ratings",
)

COHORT_DEFINITION = _(
    "The cohort selects applications by the date they were submitted, registrations of "
    "interest by the date they were made, and relationships (with their sessions, feedback "
    "and self-ratings) by the date they started. Both dates are included."
)


def scheme_health(
    *,
    schemes: QuerySet[Scheme],
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> list[Table]:
    """Every figure of the scheme-health dashboard for ``schemes``, in a fixed order.

    ``start``/``end`` (inclusive, either may be None) select a cohort: applications by the
    date they were submitted, registrations of interest by the date they were made, and
    relationships (with their sessions, feedback and self-ratings) by the date they
    started. ``today`` anchors "days since" and "up to this month" (default: today).
    The number of queries is constant (17) whatever the number of schemes, people,
    relationships and sessions.
    """
    return figures(Scope.build(schemes=schemes, start=start, end=end, today=today))


def figures(scope: Scope) -> list[Table]:
    """Every figure of ``scope``, in the dashboard's order (``scheme_health``)."""
    return [figure(scope) for figure in FIGURES]


def scheme_health_table(
    *,
    slug: str,
    schemes: QuerySet[Scheme],
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> Table:
    """One figure by its slug (KeyError for an unknown slug)."""
    figure = dict(zip(SLUGS, FIGURES, strict=True))[slug]
    return figure(Scope.build(schemes=schemes, start=start, end=end, today=today))


__all__ = [
    "COHORT_DEFINITION",
    "MIN_RESPONDENTS",
    "SLUGS",
    "suppression_note",
    "Scope",
    "Table",
    "executive_summary",
    "feedback_choices",
    "feedback_scores",
    "figures",
    "funnel",
    "last_session",
    "outcomes",
    "programme_steps",
    "scheme_health",
    "scheme_health_table",
    "self_ratings",
    "sessions_per_month",
    "supply_demand",
    "time_to_match",
]
